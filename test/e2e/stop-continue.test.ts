import { describe, expect, test } from "bun:test";
import { fixture, procState, pollUntil, runMonitor, SIG, waitReady } from "../helpers/monitor.ts";

describe("SIGSTOP and SIGCONT on the child's group", () => {
  test("are not an exit: the child is never restarted and monitor keeps running", async () => {
    await using run = runMonitor(["--restart=always", "--backoff=10ms", fixture("sleeper.sh")]);
    const { pid, pgid } = await waitReady(run);
    for (let i = 0; i < 5; i++) {
      process.kill(-pgid, SIG.SIGSTOP);
      await pollUntil(() => procState(pid) === "T", 2000, "child stopped");
      process.kill(-pgid, SIG.SIGCONT);
      await pollUntil(() => procState(pid) === "S", 2000, "child running again");
    }
    // A restart would print a second ready line; an exit of monitor would end the run.
    // Contrast: killing the child does produce a restart, proving the check can fail.
    expect(run.out.filter((l) => l.startsWith("ready")).length).toBe(1);
    expect(run.proc.exitCode).toBeNull();
    process.kill(pid, SIG.SIGKILL);
    await waitReady(run, 2);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
  });
});
