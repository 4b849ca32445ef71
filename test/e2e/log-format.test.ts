import { describe, expect, test } from "bun:test";
import { fixture, runMonitor } from "../helpers/monitor.ts";

const args = ["-v", "--backoff=10ms", "--max-retries=3", fixture("exit-with.sh"), "5"];

describe("--log-format", () => {
  test("json: every line monitor writes on stderr is one JSON object with time, level, pid and msg", async () => {
    await using run = runMonitor(["--log-format=json", ...args]);
    expect(await run.exited()).toBe(5);
    const lines = run.err.filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(10); // starts, exits, transitions, FATAL
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record).sort()).toEqual(["level", "msg", "pid", "time"]);
      expect(new Date(record.time as string).toISOString()).toBe(record.time as string);
      expect(record.pid).toBe(run.pid);
      expect(["debug", "info", "warn", "error"]).toContain(record.level as string);
    }
    expect(lines.some((l) => /"level":"error".*-> FATAL/.test(l))).toBe(true);
  });

  test("pretty: the same run as one readable line per entry, none of them JSON", async () => {
    await using run = runMonitor(["--log-format=pretty", ...args]);
    expect(await run.exited()).toBe(5);
    const lines = run.err.filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z monitor\\[${run.pid}\\] (debug|info|warn|error): `));
      expect(() => JSON.parse(line)).toThrow();
    }
  });
});
