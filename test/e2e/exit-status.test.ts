import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, runMonitor, SIG } from "../helpers/monitor.ts";

describe("monitor's exit status", () => {
  test.each([0, 1, 3, 42, 126, 127, 255])("is the child's exit code %d", async (code) => {
    await using run = runMonitor(["--restart=never", fixture("exit-with.sh"), String(code)]);
    expect(await run.exited()).toBe(code);
  });

  test("is 128 + the signal when the child dies of one", async () => {
    await using run = runMonitor(["--restart=never", "sh", "-c", "kill -USR1 $$"]);
    expect(await run.exited()).toBe(128 + SIG.SIGUSR1);
  });

  test("is 127 with one line on stderr when PROGRAM is not found, whatever the policy", async () => {
    await using run = runMonitor(["--restart=always", "no-such-program-anywhere"]);
    expect(await run.exited()).toBe(127);
    expect(run.err.filter((l) => l.trim()).length).toBe(1);
    expect(run.err[0]).toContain("no-such-program-anywhere");
  });

  test("is 126 when PROGRAM exists but cannot be executed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    const file = join(dir, "not-executable.sh");
    writeFileSync(file, "#!/bin/sh\nexit 0\n");
    chmodSync(file, 0o644);
    await using run = runMonitor(["--restart=on-failure", file]);
    expect(await run.exited()).toBe(126);
    expect(run.err.filter((l) => l.trim()).length).toBe(1);
  });

  test("is 2 with exactly one line for bad usage, and nothing is started", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    const marker = join(dir, "started");
    for (const args of [["--restart=sometimes", "touch", marker], ["--bogus", "touch", marker], [], ["--timeout=soon", "touch", marker]]) {
      await using run = runMonitor(args);
      expect(await run.exited()).toBe(2);
      expect(run.err.filter((l) => l.trim()).length).toBe(1);
      expect(run.err[0]).toMatch(/^monitor: /);
    }
    expect(await Bun.file(marker).exists()).toBe(false);
  });

  test("--remap-exit rewrites the listed status only", async () => {
    {
      await using run = runMonitor(["--restart=never", "--remap-exit=3:0", fixture("exit-with.sh"), "3"]);
      expect(await run.exited()).toBe(0);
    }
    {
      await using run = runMonitor(["--restart=never", "--remap-exit=3:0", fixture("exit-with.sh"), "4"]);
      expect(await run.exited()).toBe(4);
    }
  });

  test("PROGRAM's own flags are not taken as monitor's", async () => {
    await using run = runMonitor(["--restart=never", "sh", "-c", 'echo "args:$*"', "sh", "-v", "--timeout=1s"]);
    expect(await run.exited()).toBe(0);
    expect(run.out).toContain("args:-v --timeout=1s");
  });
});
