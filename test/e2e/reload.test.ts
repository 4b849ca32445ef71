// SPEC 6, --reload-signal: a new child on the same sockets, the old one
// stopped once the new one is ready; no request fails while it happens.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUN, boundPort, countLog, HTTP_SERVER, loopbackLoad, servingPid, waitForLog } from "../helpers/activation.ts";
import { alive, pollUntil, runMonitor, SIG, waitReady, type Run } from "../helpers/monitor.ts";

const reloading = (extra: string[] = [], server: string[] = []) =>
  runMonitor(["--listen=tcp://127.0.0.1:0", "--ready=notify", "--reload-signal=HUP", "--stop-timeout=5s", ...extra, "--", BUN, HTTP_SERVER, "--ready=notify", ...server]);

/** Every server that printed a ready line is cleaned up by its group, whatever happened. */
function trackServers(run: Run): void {
  for (const l of run.out) {
    const m = /^ready pid=\d+ pgid=(\d+)/.exec(l);
    if (m) run.track(Number(m[1]), "pgid");
  }
}

describe("--reload-signal", () => {
  test("5 reloads under a loopback load: no request fails and the serving pid changes each time", async () => {
    await using run = reloading([], ["--delay=150"]);
    try {
      const port = await boundPort(run);
      const first = await waitReady(run, 1);
      await waitForLog(run, new RegExp(`pid ${first.pid} is ready`));
      let stopLoad!: () => void;
      const load = loopbackLoad(port, 8, new Promise<void>((r) => (stopLoad = r)));
      for (let i = 1; i <= 5; i++) {
        process.kill(run.pid, SIG.SIGHUP);
        await pollUntil(() => countLog(run, /reloaded: pid \d+ is ready and replaces pid \d+/) === i, 20_000, `reload #${i}`);
      }
      // Let the last old server finish draining under load, then stop the load.
      const lastOld = Number(/replaces pid (\d+)/.exec(run.err.filter((l) => l.includes("reloaded:")).at(-1)!)![1]);
      await pollUntil(() => !alive(lastOld), 10_000, `old pid ${lastOld} to exit`);
      stopLoad();
      const r = await load;
      expect(r.errors).toEqual([]);
      expect(r.failed).toBe(0);
      expect(r.ok).toBeGreaterThan(100);
      // Six servers in turn: the first and one per reload, each answering while it was current.
      expect(r.pids).toHaveLength(6);
      expect(r.pids[0]).toBe(first.pid);
      const now = await servingPid(port);
      expect(now).not.toBe(first.pid);
      expect(now).toBe(r.pids.at(-1)!);
      expect(alive(first.pid)).toBe(false);
      process.kill(run.pid, SIG.SIGTERM);
      expect(await run.exited()).toBe(0);
    } finally {
      trackServers(run);
    }
  });

  test("when the new child fails to become ready the old one keeps serving, and a later reload still works", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-reload-"));
    const marker = join(dir, "broken");
    await using run = reloading(["--ready-timeout=2s"], [`--fail-if-exists=${marker}`]);
    try {
      const port = await boundPort(run);
      const first = await waitReady(run, 1);
      await waitForLog(run, new RegExp(`pid ${first.pid} is ready`));
      writeFileSync(marker, "");
      process.kill(run.pid, SIG.SIGHUP);
      const failed = await waitForLog(run, /reload failed: standby pid \d+ exited \(exit status 3\) before it was ready/);
      expect(failed.msg).toContain(`pid ${first.pid} keeps running`);
      expect(await servingPid(port)).toBe(first.pid);
      expect(countLog(run, /RUNNING -> |-> STARTING/)).toBe(0);

      rmSync(marker);
      process.kill(run.pid, SIG.SIGHUP);
      await waitForLog(run, new RegExp(`reloaded: pid \\d+ is ready and replaces pid ${first.pid}`));
      await pollUntil(() => !alive(first.pid), 10_000, `old pid ${first.pid} to exit`);
      expect(await servingPid(port)).not.toBe(first.pid);
    } finally {
      trackServers(run);
    }
  });

  test("a reload while the program is not RUNNING is ignored with a log line", async () => {
    await using run = reloading([], ["--delay=60000"]);
    try {
      await waitReady(run, 1);
      process.kill(run.pid, SIG.SIGHUP);
      await waitForLog(run, /reload ignored: the program is STARTING, not RUNNING/);
      expect(countLog(run, /standby/)).toBe(0);
    } finally {
      trackServers(run);
    }
  });
});
