// --daemon and --pidfile (SPEC 2): the classic double-fork daemon, done by
// re-executing monitor, and a pid file that a live monitor holds.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, fixture, killQuietly, MONITOR, pollUntil, runMonitor, SIG, statField, waitReady } from "../helpers/monitor.ts";

const sessionOf = (pid: number) => statField(pid, 3);
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, "latin1").trim().split(/\s+/).filter(Boolean).map(Number);

/** `monitor ARGS` to its end, with both pipes read to end of file (bounded: a daemon must not hold them). */
async function runToEnd(args: string[]): Promise<{ status: number; out: string; err: string }> {
  const proc = Bun.spawn([MONITOR, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const ends = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const timeout = Bun.sleep(15_000).then(() => "timeout" as const);
  const r = await Promise.race([ends, timeout]);
  if (r === "timeout") {
    killQuietly(proc.pid);
    throw new Error("monitor --daemon or its pipes did not end within 15 s");
  }
  return { out: r[0], err: r[1], status: r[2] };
}

function pidIn(path: string): number {
  return Number(readFileSync(path, "latin1").trim());
}

describe("--daemon", () => {
  test("returns 0 once the program runs, leaving a monitor in a new session (not its leader) on /dev/null, named by --pidfile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-daemon-"));
    const pidfile = join(dir, "monitor.pid");
    let daemon = 0;
    let child = 0;
    try {
      const r = await runToEnd(["--daemon", `--pidfile=${pidfile}`, "--start-secs=300ms", fixture("sleeper.sh")]);
      expect(r).toEqual({ status: 0, out: "", err: "" });
      daemon = pidIn(pidfile);
      expect(alive(daemon)).toBe(true);
      child = childrenOf(daemon)[0] ?? 0;
      // The program was running (for --start-secs) when the caller returned.
      expect(child).toBeGreaterThan(0);
      expect(alive(child!)).toBe(true);
      // Double fork: the session's leader (the middle step) is gone; the monitor is in its group, not its leader.
      const sid = sessionOf(daemon)!;
      expect(sid).not.toBe(daemon);
      expect(sid).not.toBe(sessionOf(process.pid));
      expect(statField(daemon, 2)).toBe(sid); // pgid
      expect(statField(daemon, 4)).toBe(0); // tty_nr: no controlling terminal
      expect(alive(sid)).toBe(false);
      for (const fd of [0, 1, 2]) expect(readlinkSync(`/proc/${daemon}/fd/${fd}`)).toBe("/dev/null");
      for (const fd of [0, 1, 2]) expect(readlinkSync(`/proc/${child}/fd/${fd}`)).toBe("/dev/null");

      // A second monitor on the same pid file is refused: one line, exit 1, nothing started.
      for (const extra of [[], ["--daemon"]]) {
        const again = await runToEnd([...extra, `--pidfile=${pidfile}`, fixture("sleeper.sh")]);
        expect(again.status).toBe(1);
        expect(again.err).toBe(`monitor: --pidfile: ${pidfile} is held by a running monitor (pid ${daemon})\n`);
        expect(again.out).toBe("");
        expect(pidIn(pidfile)).toBe(daemon);
      }

      // TERM stops it as in the foreground: the program is stopped and the pid file removed.
      process.kill(daemon, SIG.SIGTERM);
      await pollUntil(() => !alive(daemon) && !alive(child), 10_000, "the daemon and its child to exit");
      expect(existsSync(pidfile)).toBe(false);
    } finally {
      if (child) killQuietly(-child);
      if (daemon) killQuietly(daemon);
    }
  });

  test("returns the start's error status: 127 for a missing program, the status of a first start that fails", async () => {
    const missing = await runToEnd(["--daemon", "/nonexistent/program"]);
    expect(missing.status).toBe(127);
    expect(missing.err).toBe("monitor: /nonexistent/program: not found (ENOENT)\n");
    const dir = mkdtempSync(join(tmpdir(), "monitor-daemon-"));
    const pidfile = join(dir, "monitor.pid");
    const failing = await runToEnd(["--daemon", "--restart=never", `--pidfile=${pidfile}`, fixture("exit-with.sh"), "3"]);
    expect(failing.status).toBe(3);
    // The detached monitor was done as well, and took its pid file with it.
    await pollUntil(() => !existsSync(pidfile), 10_000, "the pid file to be removed");
  });
});

describe("--pidfile", () => {
  test("holds monitor's own pid, and a file left by a monitor that was killed is taken over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-pidfile-"));
    const pidfile = join(dir, "monitor.pid");
    {
      await using first = runMonitor([`--pidfile=${pidfile}`, fixture("sleeper.sh")]);
      await waitReady(first);
      expect(pidIn(pidfile)).toBe(first.pid);
      process.kill(first.pid, SIG.SIGKILL); // no clean-up: the file stays, its lock dies with the process
      await first.exited();
    }
    expect(existsSync(pidfile)).toBe(true);
    await using second = runMonitor(["-v", `--pidfile=${pidfile}`, fixture("sleeper.sh")]);
    await waitReady(second);
    expect(pidIn(pidfile)).toBe(second.pid);
    expect(second.err.join("\n")).toContain("holds it no more; taken over");

    // Contrast: a file naming any pid but held by nobody is stale too (the lock decides, not the pid).
    const other = join(dir, "other.pid");
    writeFileSync(other, `${process.pid}\n`);
    await using third = runMonitor([`--pidfile=${other}`, fixture("sleeper.sh")]);
    await waitReady(third);
    expect(pidIn(other)).toBe(third.pid);
  });
});
