import { describe, expect, test } from "bun:test";
import { isExpectedExit, shouldRestart } from "../../../src/policy/restart-policy.ts";
import type { ExitStatus } from "../../../src/policy/types.ts";
import { policy } from "./drive.ts";

const statuses: ExitStatus[] = [{ code: 0 }, { code: 2 }, { code: 3 }, { signal: 2 }, { signal: 15 }];

describe("shouldRestart", () => {
  test("on-failure restarts unless the code is listed; always restarts; never does not; once never does", () => {
    const onFailure = policy({ restart: "on-failure", exitCodes: [0, 2] });
    expect(statuses.map((s) => shouldRestart(onFailure, s, false))).toEqual([false, false, true, true, true]);
    expect(statuses.map((s) => shouldRestart(policy({ restart: "always" }), s, false))).toEqual([true, true, true, true, true]);
    expect(statuses.map((s) => shouldRestart(policy({ restart: "never" }), s, false))).toEqual([false, false, false, false, false]);
    expect(statuses.map((s) => shouldRestart(policy({ restart: "always" }), s, true))).toEqual([false, false, false, false, false]);
  });

  test("an exit by signal is never expected, even when its number is listed", () => {
    expect(isExpectedExit(policy({ exitCodes: [2, 15] }), { signal: 15 })).toBe(false);
    expect(isExpectedExit(policy({ exitCodes: [2, 15] }), { code: 15 })).toBe(true);
  });
});
