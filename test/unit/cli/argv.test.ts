import { describe, expect, test } from "bun:test";
import { splitArgv } from "../../../src/cli/argv.ts";
import { buildSingleConfig, SINGLE_OPTIONS } from "../../../src/cli/single-options.ts";
import { UsageError } from "../../../src/errors.ts";

const split = (a: string[]) => splitArgv(a, SINGLE_OPTIONS);

describe("splitting monitor's argv", () => {
  test("options stop at the first operand: PROGRAM's own flags are left to it", () => {
    const r = split(["--forward=child", "prog", "-v", "--restart=never"]);
    expect(r.options.get("forward")).toEqual(["child"]);
    expect(r.options.has("verbose")).toBe(false);
    expect(r.operands).toEqual(["prog", "-v", "--restart=never"]);
  });
  test("-- ends the options even before something that looks like one", () => {
    expect(split(["-q", "--", "--weird-program", "x"]).operands).toEqual(["--weird-program", "x"]);
  });
  test("values by = or by the next word; repeatable options keep every value", () => {
    const r = split(["--map-signal", "TERM:QUIT", "--map-signal=HUP:0", "--timeout", "5s", "p"]);
    expect(r.options.get("map-signal")).toEqual(["TERM:QUIT", "HUP:0"]);
    expect(r.options.get("timeout")).toEqual(["5s"]);
  });
  test("unknown options, missing values and repeats of single options are usage errors", () => {
    expect(() => split(["--nope", "p"])).toThrow(UsageError);
    expect(() => split(["-z", "p"])).toThrow(/-z/);
    expect(() => split(["--timeout"])).toThrow(/needs a value/);
    expect(() => split(["--keep-orphans=yes", "p"])).toThrow(/takes no value/);
    expect(() => split(["--timeout=1s", "--timeout=2s", "p"])).toThrow(/twice/);
  });
});

describe("the single-program config", () => {
  const build = (a: string[]) => {
    const r = split(a);
    return buildSingleConfig(r.options, r.operands);
  };
  test("defaults are SPEC.md's", () => {
    const c = build(["p"]);
    expect(c).toMatchObject({
      forward: "group", restart: "on-failure", exitCodes: [0], startSecsMs: 1000, backoffMs: 1000,
      backoffFactor: 2, backoffMaxMs: 60_000, maxRetries: Infinity, stopSignal: 15, stopTimeoutMs: 10_000,
      keepOrphans: false, timeoutMs: undefined, subreaper: false,
    });
  });
  test("maps and remaps are parsed into numbers", () => {
    const c = build(["--map-signal=TERM:QUIT", "--map-signal=USR1:0", "--remap-exit=143:0", "p"]);
    expect([...c.mapSignal]).toEqual([[15, 3], [10, 0]]);
    expect([...c.remapExit]).toEqual([[143, 0]]);
  });
  test("every bad value names its option", () => {
    for (const [arg, name] of [
      ["--forward=all", "--forward"], ["--restart=sometimes", "--restart"], ["--map-signal=TERM", "--map-signal"],
      ["--remap-exit=1:300", "--remap-exit"], ["--stop-signal=NOPE", "--stop-signal"], ["--max-retries=0", "--max-retries"],
      ["--timeout=0", "--timeout"], ["--backoff-factor=0.5", "--backoff-factor"], ["--log-format=xml", "--log-format"],
    ] as const) {
      expect(() => build([arg, "p"])).toThrow(name);
    }
    expect(() => build([])).toThrow(/PROGRAM/);
  });
});
