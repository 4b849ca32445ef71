import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { fixture, pollUntil, runMonitor, SIG, waitReady, zombieChildren } from "../helpers/monitor.ts";

// --kill-child: if the test kills unshare, monitor (PID 1 inside) dies too.
const UNSHARE = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"];

/** The pid (outside the namespace) of unshare's forked child: monitor as PID 1. */
function childOf(ppid: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${ppid}/task/${ppid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : undefined;
  } catch {
    return undefined;
  }
}

describe("reaping", () => {
  test("as PID 1, every orphan is reaped: no zombie remains under monitor", async () => {
    await using run = runMonitor([fixture("orphan-maker.sh"), "200"], { prefix: UNSHARE });
    await run.waitForLine(/^ready/);
    await run.waitForLine(/^orphans done$/);
    const monitorPid = await pollUntil(() => childOf(run.pid), 5000, "monitor as unshare's child");
    // Orphans were reparented to monitor (PID 1 inside); none may stay a zombie.
    await pollUntil(() => zombieChildren(monitorPid).length === 0, 5000, "no zombie under monitor");
    process.kill(monitorPid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
  });

  test("as PID 1, signals sent to monitor are forwarded", async () => {
    await using run = runMonitor([fixture("signal-logger.sh")], { prefix: UNSHARE });
    await run.waitForLine(/^ready/);
    const monitorPid = await pollUntil(() => childOf(run.pid), 5000, "monitor as unshare's child");
    process.kill(monitorPid, SIG.SIGUSR1);
    await run.waitForLine(/^signal=USR1$/);
    process.kill(monitorPid, SIG.SIGTERM);
    await run.waitForLine(/^signal=TERM$/);
    expect(await run.exited()).toBe(143);
  });

  test("--subreaper adopts and reaps orphans outside PID 1; without it they are not monitor's", async () => {
    for (const sub of [true, false]) {
      await using run = runMonitor(["-v", ...(sub ? ["--subreaper"] : []), fixture("orphan-maker.sh"), "20", "0.5"]);
      await waitReady(run);
      await run.waitForLine(/^orphans done$/);
      const orphans = run.out.map((l) => /^orphan pid=(\d+)/.exec(l)).filter(Boolean).map((m) => Number(m![1]));
      expect(orphans.length).toBe(20);
      for (const pid of orphans) run.track(pid);
      const parents = orphans.map((pid) => Number(readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]!.split(" ")[1]));
      if (sub) expect(parents.every((p) => p === run.pid)).toBe(true);
      else expect(parents.some((p) => p === run.pid)).toBe(false);
      // They exit after 0.5 s; none may stay a zombie under monitor.
      await Bun.sleep(500);
      await pollUntil(() => zombieChildren(run.pid).length === 0, 5000, "no zombie under monitor");
      process.kill(run.pid, SIG.SIGTERM);
      await run.exited();
      if (sub) expect(run.err.join("\n")).toMatch(/orphans reaped: (2\d|[3-9]\d)/);
    }
  });
});
