// SIGSTOP / SIGCONT of the child's group must never look like an exit.
import { describe, test } from "bun:test";
import fc from "fast-check";
import { step } from "../../../src/policy/machine.ts";
import { pauseInsertionsInvisible, pauseIsNoAction, RUNS } from "./properties.ts";

describe("SIGSTOP / SIGCONT of the child", () => {
  test("child-stopped and child-continued produce no action and change nothing but `paused`", () => {
    fc.assert(pauseIsNoAction(step), RUNS);
  });

  test("inserting them anywhere in a sequence leaves every other action and the outcome unchanged", () => {
    fc.assert(pauseInsertionsInvisible(step), RUNS);
  });
});
