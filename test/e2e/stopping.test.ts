import { describe, expect, test } from "bun:test";
import { alive, fixture, groupMembers, runMonitor, SIG, waitReady } from "../helpers/monitor.ts";

describe("stopping", () => {
  test("TERM to monitor stops the child and monitor exits 143", async () => {
    await using run = runMonitor(["--restart=always", fixture("sleeper.sh")]);
    const { pgid } = await waitReady(run);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
    expect(groupMembers(pgid)).toEqual([]);
  });

  test("the child's handler chooses the status; --remap-exit applies after", async () => {
    {
      await using run = runMonitor([fixture("trap-exit.sh"), "7"]);
      await waitReady(run);
      process.kill(run.pid, SIG.SIGTERM);
      expect(await run.exited()).toBe(7);
      expect(run.out).toContain("term received");
    }
    {
      await using run = runMonitor(["--remap-exit=143:0", fixture("sleeper.sh")]);
      await waitReady(run);
      process.kill(run.pid, SIG.SIGTERM);
      expect(await run.exited()).toBe(0);
    }
  });

  test("a group that ignores TERM is killed after --stop-timeout", async () => {
    await using run = runMonitor(["--stop-timeout=300ms", fixture("ignore-term.sh")]);
    const { pgid } = await waitReady(run);
    const t0 = Date.now();
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(128 + SIG.SIGKILL);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5000);
    expect(groupMembers(pgid)).toEqual([]);
  });

  test("--map-signal=TERM:QUIT asks the child to stop with QUIT", async () => {
    await using run = runMonitor(["--map-signal=TERM:QUIT", fixture("sleeper.sh")]);
    await waitReady(run);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(128 + SIG.SIGQUIT);
  });

  test("what is left of the group is stopped when the child exits, and monitor does not wait for its pipe", async () => {
    await using run = runMonitor(["--restart=never", fixture("orphan-holder.sh"), "5"]);
    await waitReady(run);
    const orphan = Number((await run.waitForLine(/^orphan pid=(\d+)/))[1]);
    run.track(orphan);
    expect(await run.exited(5000)).toBe(5);
    expect(alive(orphan)).toBe(false);
  });

  test("--keep-orphans leaves the group running across restarts and stops it at shutdown", async () => {
    await using run = runMonitor(["--keep-orphans", "--restart=always", "--backoff=50ms", fixture("orphan-holder.sh"), "0"]);
    await waitReady(run, 1);
    const first = Number((await run.waitForLine(/^orphan pid=(\d+)/))[1]);
    run.track(first);
    await waitReady(run, 2);
    expect(alive(first)).toBe(true);
    process.kill(run.pid, SIG.SIGTERM);
    await run.exited();
    expect(alive(first)).toBe(false);
  });
});
