// `monitor supervise DIR` driven by Debian's own svc, svstat and svok (and
// runit's sv), next to Debian's /usr/bin/supervise going through the same
// steps: both must read the same at every step, ages aside.
import { describe, expect, test } from "bun:test";
import { procState } from "../helpers/monitor.ts";
import { unlinkSync, writeFileSync } from "node:fs";
import {
  debian,
  makeServiceRoot,
  ours,
  startDebianSupervise,
  startMonitorSupervise,
  waitFor,
  withoutSeconds,
  type SupervisorRun,
} from "../helpers/daemontools.ts";

const kinds = { debian: startDebianSupervise, monitor: startMonitorSupervise } as const;


/** Debian's svstat on dir, ages as N, once it matches `want` (polled). */
async function svstatBecomes(dir: string, want: string): Promise<void> {
  await waitFor(() => withoutSeconds(debian("svstat", dir).stdout) === `${dir}: ${want}\n`, `svstat ${dir} to say '${want}' (says '${debian("svstat", dir).stdout.trim()}')`);
  // Ours reads the same file the same way.
  expect(withoutSeconds(ours("svstat", dir).stdout)).toBe(`${dir}: ${want}\n`);
}

for (const [kind, start] of Object.entries(kinds)) {
  describe(`${kind}'s supervise under Debian's svc and svstat`, () => {
    test("up, paused, continued, killed and restarted, down, once, up, exit: svstat reads each step as daemontools does", async () => {
      using svc = makeServiceRoot();
      const dir = svc.service("web");
      await using sup: SupervisorRun = start(dir);
      const p1 = await sup.ready(1);
      await svstatBecomes(dir, `up (pid ${p1}) N seconds`);
      expect(debian("svok", dir).status).toBe(0);

      debian("svc", "-p", dir);
      await svstatBecomes(dir, `up (pid ${p1}) N seconds, paused`);
      expect(procState(p1)).toBe("T");
      debian("svc", "-c", dir);
      await svstatBecomes(dir, `up (pid ${p1}) N seconds`);
      await waitFor(() => procState(p1) === "S", `pid ${p1} running again`);

      debian("svc", "-k", dir);
      const p2 = await sup.ready(2);
      expect(p2).not.toBe(p1);
      await svstatBecomes(dir, `up (pid ${p2}) N seconds`);

      debian("svc", "-d", dir);
      await svstatBecomes(dir, "down N seconds, normally up");

      writeFileSync(`${dir}/down`, "");
      debian("svc", "-o", dir);
      const p3 = await sup.ready(3);
      await svstatBecomes(dir, `up (pid ${p3}) N seconds, normally down`);
      debian("svc", "-k", dir);
      // Once: down, and not wanted up (a supervise about to restart it would say ", want up").
      await svstatBecomes(dir, "down N seconds");

      unlinkSync(`${dir}/down`);
      debian("svc", "-u", dir);
      const p4 = await sup.ready(4);
      await svstatBecomes(dir, `up (pid ${p4}) N seconds`);

      // x: supervise stays while the service runs, leaves once it is down, exit 0.
      debian("svc", "-x", dir);
      expect(debian("svok", dir).status).toBe(0);
      expect(await sup.exited(300)).toBe("timeout");
      debian("svc", "-d", dir);
      expect(await sup.exited()).toBe(0);
      expect(debian("svok", dir).status).toBe(100);
      await svstatBecomes(dir, "supervise not running");
      expect([undefined, "Z"]).toContain(procState(p4));
    });

    test("a service that ignores TERM reads 'want down' after svc -d, and svc -k takes it down", async () => {
      using svc = makeServiceRoot();
      const dir = svc.service("stubborn", "ignore-term.sh");
      await using sup = start(dir);
      const pid = await sup.ready();
      debian("svc", "-d", dir);
      await svstatBecomes(dir, `up (pid ${pid}) N seconds, want down`);
      debian("svc", "-k", dir);
      await svstatBecomes(dir, "down N seconds, normally up");
    });

    test("DIR/down at start: not started, svok says running, svc -u starts it", async () => {
      using svc = makeServiceRoot();
      const dir = svc.service("lazy");
      writeFileSync(`${dir}/down`, "");
      await using sup = start(dir);
      await waitFor(() => debian("svok", dir).status === 0, "svok to say running");
      await svstatBecomes(dir, "down N seconds");
      expect(sup.lines).toEqual([]);
      debian("svc", "-u", dir);
      const pid = await sup.ready();
      await svstatBecomes(dir, `up (pid ${pid}) N seconds, normally down`);
    });
  });
}

describe("monitor supervise beyond the status file", () => {
  test("the service runs in a process group of its own, from inside DIR, as ./run", async () => {
    using svc = makeServiceRoot();
    const dir = svc.script("where", `. ${require("node:path").resolve(import.meta.dir, "../../fixtures/bin/lib.sh")}\nsay_ready\necho "cwd=$(pwd) arg0=$0"\nexec sleep 1000`);
    await using sup = startMonitorSupervise(dir);
    const pid = await sup.ready();
    await waitFor(() => sup.lines.find((l) => l.startsWith("cwd=")), "the cwd line");
    expect(sup.lines).toContain(`ready pid=${pid} pgid=${pid}`);
    expect(sup.lines).toContain(`cwd=${require("node:fs").realpathSync(dir)} arg0=./run`);
  });

  test("runit's sv reads it: run with the pid, then down after sv down, and sv up starts it again", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("rn");
    await using sup = startMonitorSupervise(dir);
    const pid = await sup.ready();
    await waitFor(() => debian("sv", "status", dir).stdout.startsWith(`run: ${dir}: (pid ${pid}) `), "sv status to say run");
    expect(debian("sv", "down", dir).status).toBe(0);
    await waitFor(() => /^down: .*normally up/.test(debian("sv", "status", dir).stdout), "sv status to say down");
    debian("sv", "up", dir);
    const again = await sup.ready(2);
    await waitFor(() => debian("sv", "status", dir).stdout.startsWith(`run: ${dir}: (pid ${again}) `), "sv status to say run again");
  });

  test("svc -h reaches the service as HUP, -t makes it exit and come back a second later", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("logger", "signal-logger.sh");
    await using sup = startMonitorSupervise(dir);
    const first = await sup.ready();
    debian("svc", "-h", dir);
    await waitFor(() => sup.lines.includes("signal=HUP"), "signal=HUP from the service");
    const t = Date.now();
    ours("svc", "-t", dir);
    await waitFor(() => sup.lines.includes("signal=TERM"), "signal=TERM from the service");
    expect(await sup.ready(2)).not.toBe(first);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
  });

  test("TERM to monitor stops the service's whole group (a child the run did not exec too) and exits 0", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("tree", "tree.sh", "0 2 0 60000");
    await using sup = startMonitorSupervise(dir);
    const pid = await sup.ready();
    const stays = await waitFor(() => {
      const found = sup.lines.map((l) => /^stay pid=(\d+)/.exec(l)).filter((m) => m !== null);
      return found.length === 2 ? found.map((m) => Number(m[1])) : undefined;
    }, "two stay lines");
    process.kill(sup.pid, "SIGTERM");
    expect(await sup.exited()).toBe(0);
    // Gone, or a zombie waiting for this machine's PID 1 (the shell that forked them was killed).
    for (const p of [pid, ...stays]) expect([undefined, "Z"]).toContain(procState(p));
    expect(debian("svok", dir).status).toBe(100);
  });

  test("a directory Debian's supervise holds is refused with its words and status, and usage errors match", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("held");
    await using theirs = startDebianSupervise(dir);
    await theirs.ready();
    const mine = ours("supervise", dir);
    expect(mine).toEqual({ status: 111, stdout: "", stderr: `supervise: fatal: unable to acquire ${dir}/supervise/lock: temporary failure\n` });
    for (const args of [[], ["a", "b"], [`${svc.root}/missing`]]) {
      expect({ args, ...ours("supervise", ...args) }).toEqual({ args, ...debian("supervise", ...args) });
    }
  });
});
