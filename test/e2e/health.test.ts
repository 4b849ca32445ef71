// Health checks through the compiled binary: after --health-retries failed
// probes in a row the group is stopped, and that counts as a failed start,
// so a program that never gets healthy again goes FATAL after --max-retries.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, fixture, pollUntil, runMonitor, SIG, statField, waitReady } from "../helpers/monitor.ts";

const readies = (out: string[]) => out.filter((l) => l.startsWith("ready")).length;
const logged = (err: string[], re: RegExp) => err.filter((l) => re.test(l));

describe("--health-cmd", () => {
  test("a failing command stops the group and restarts it; failing again after the restart, it is FATAL after --max-retries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    const sick = join(dir, "sick");
    await using run = runMonitor([
      `--health-cmd=test ! -e ${sick}`,
      "--health-interval=100ms",
      "--health-retries=2",
      "--start-secs=100ms",
      "--backoff=50ms",
      "--max-retries=2",
      "-v",
      fixture("sleeper.sh"),
    ]);
    const first = await waitReady(run);
    await run.waitForLine(/health check passed/, 5000, "err");
    writeFileSync(sick, "");
    const second = await waitReady(run, 2, 10_000);
    expect(alive(first.pid)).toBe(false); // the first child was stopped, not left behind
    expect(second.pid).not.toBe(first.pid);
    // The second run never passes a check: its stop is the second failure in a row.
    expect(await run.exited()).toBe(128 + SIG.SIGTERM);
    expect(readies(run.out)).toBe(2);
    expect(logged(run.err, /health check failed \(1 of 2\): exit status 1/).length).toBe(2);
    expect(logged(run.err, /health check failed 2 times: exit status 1; stopping group/).length).toBe(2);
    expect(logged(run.err, /-> FATAL/).length).toBe(1);
  });

  test("a probe past --health-timeout is killed with its whole process group, and counts as a failure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    const shellPid = join(dir, "shell.pid");
    const bgPid = join(dir, "bg.pid");
    // The probe's shell starts a sleep in its own group, then waits for it.
    const probe = `[ -e ${bgPid} ] && exit 0; echo $$ > ${shellPid}; sleep 30 & echo $! > ${bgPid}; wait`;
    await using run = runMonitor([`--health-cmd=${probe}`, "--health-interval=100ms", "--health-timeout=1s", "--health-retries=2", "--start-secs=50ms", fixture("sleeper.sh")]);
    const child = await waitReady(run);
    const [shell, bg] = await pollUntil(() => {
      if (!existsSync(bgPid) || !existsSync(shellPid)) return undefined;
      const pids = [shellPid, bgPid].map((f) => Number(readFileSync(f, "utf8")));
      return pids.every((p) => p > 0) ? pids : undefined;
    }, 5000, "the probe's pids");
    run.track(bg!);
    expect(statField(bg!, 2)).toBe(shell); // the sleep is in the probe's group ...
    expect(statField(bg!, 2)).not.toBe(child.pgid); // ... not the program's
    await pollUntil(() => !alive(bg!) && !alive(shell!), 5000, "the probe's group killed at the timeout");
    await run.waitForLine(/health check failed \(1 of 2\): timeout after 1s/, 5000, "err");
    // One timeout of two allowed: the program runs on, never restarted. The
    // next probe passes (bg.pid exists), so the count starts over.
    await run.waitForLine(/health check passed after 1 failed/, 5000, "err");
    expect(alive(child.pid)).toBe(true);
    expect(readies(run.out)).toBe(1);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
  });

  test("failures within --health-start-period are logged but not counted", async () => {
    await using run = runMonitor(["--health-cmd=false", "--health-interval=100ms", "--health-retries=2", "--health-start-period=1s", "--start-secs=50ms", "--max-retries=1", fixture("sleeper.sh")]);
    await waitReady(run);
    const started = Date.now();
    expect(await run.exited()).toBe(143);
    const uncounted = logged(run.err, /health check failed in the start period \(not counted\): exit status 1/).length;
    expect(uncounted).toBeGreaterThanOrEqual(2);
    expect(logged(run.err, /health check failed \(1 of 2\)/).length).toBe(1);
    expect(logged(run.err, /health check failed 2 times: exit status 1; stopping group/).length).toBe(1);
    // The stop cannot come before the start period is over (a lower bound only).
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe("--health-http", () => {
  test("2xx is healthy; once the server answers 500 the group is stopped and restarted, FATAL after --max-retries", async () => {
    let status = 200;
    let hits = 0;
    using server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => (hits++, new Response("x", { status })) });
    await using run = runMonitor([
      `--health-http=http://127.0.0.1:${server.port}/healthz`,
      "--health-interval=100ms",
      "--health-retries=2",
      "--start-secs=100ms",
      "--backoff=50ms",
      "--max-retries=2",
      fixture("sleeper.sh"),
    ]);
    const first = await waitReady(run);
    await pollUntil(() => hits >= 3, 5000, "three healthy probes");
    expect(readies(run.out)).toBe(1);
    expect(alive(first.pid)).toBe(true);
    status = 500;
    expect(await run.exited(15_000)).toBe(143);
    expect(readies(run.out)).toBe(2);
    expect(alive(first.pid)).toBe(false);
    expect(logged(run.err, /health check failed 2 times: HTTP 500; stopping group/).length).toBe(2);
    expect(logged(run.err, /-> FATAL/).length).toBe(1);
  });
});
