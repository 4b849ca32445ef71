import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, runMonitor, waitReady } from "../helpers/monitor.ts";

const readies = (out: string[]) => out.filter((l) => l.startsWith("ready")).length;

describe("restart policy", () => {
  test("on-failure restarts a failing program and gives up after --max-retries with its last status", async () => {
    await using run = runMonitor(["--backoff=20ms", "--max-retries=3", fixture("exit-with.sh"), "9"]);
    expect(await run.exited()).toBe(9);
    expect(readies(run.out)).toBe(3);
  });

  test("on-failure does not restart an expected exit code", async () => {
    await using run = runMonitor(["--backoff=20ms", "--exit-codes=0,4", fixture("exit-with.sh"), "4"]);
    expect(await run.exited()).toBe(4);
    expect(readies(run.out)).toBe(1);
  });

  test("always restarts even after exit 0 (quick exits are failed starts, so it gives up); never does not restart", async () => {
    {
      await using run = runMonitor(["--restart=always", "--backoff=20ms", "--max-retries=3", fixture("exit-with.sh"), "0"]);
      expect(await run.exited()).toBe(0);
      expect(readies(run.out)).toBe(3);
    }
    {
      // Contrast: on-failure stops at the first exit 0.
      await using run = runMonitor(["--restart=on-failure", "--backoff=20ms", "--max-retries=3", fixture("exit-with.sh"), "0"]);
      expect(await run.exited()).toBe(0);
      expect(readies(run.out)).toBe(1);
    }
    {
      await using run = runMonitor(["--restart=never", fixture("exit-with.sh"), "1"]);
      expect(await run.exited()).toBe(1);
      expect(readies(run.out)).toBe(1);
    }
  });

  test("a run that lasted --start-secs resets the count of failed starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    // Runs of 150 ms against --start-secs=100ms: each one is a good run, so
    // --max-retries=2 never triggers while codes are non-zero... until the
    // sequence ends with 0 (expected): 4 runs in all.
    await using run = runMonitor(["--start-secs=100ms", "--backoff=20ms", "--max-retries=2", fixture("exit-sequence.sh"), join(dir, "s"), "150", "1", "2", "3", "0"]);
    expect(await run.exited()).toBe(0);
    expect(readies(run.out)).toBe(4);
  });
});
