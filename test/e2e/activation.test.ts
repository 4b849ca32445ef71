// SPEC 6 in single-program mode: sockets bound once and handed to every
// start, readiness (notify, fd:N, DURATION), the watchdog.
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUN, boundPort, countLog, HTTP_SERVER, logLines, servingPid, waitForLog } from "../helpers/activation.ts";
import { fixture, runMonitor, SIG, waitReady } from "../helpers/monitor.ts";

const listenLine = (out: string[], nth: number) => out.filter((l) => l.startsWith("listen "))[nth - 1];

describe("--listen", () => {
  test("every start gets the same bound sockets as fds 3.. with LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PID equal to its own pid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-listen-"));
    await using run = runMonitor(["--backoff=20ms", "--start-secs=0", "--listen=tcp://127.0.0.1:0", `--listen=web=unix:${join(dir, "web.sock")}`, fixture("listen-env.sh")]);
    const port = await boundPort(run);
    expect(port).toBeGreaterThan(0);
    const first = await waitReady(run, 1);
    await run.waitForLine(/^fds /); // the fixture's last line before it sleeps
    const line1 = listenLine(run.out, 1)!;
    expect(line1).toMatch(new RegExp(`^listen pid=${first.pid} fds=2 names=unknown:web fd3=socket:\\[\\d+\\] fd4=socket:\\[\\d+\\]$`));
    // The child gets stdio and the sockets (its own shell may add one fd for $(...)); no Bun descriptors leak in.
    const fds = run.out.find((l) => l.startsWith("fds "))!.trim().split(" ").slice(1).map(Number);
    expect(fds.filter((fd) => fd <= 4)).toEqual([0, 1, 2, 3, 4]);

    // Kill the child: the restart gets the very same sockets (same inodes), not new ones.
    process.kill(first.pid, SIG.SIGKILL);
    const second = await waitReady(run, 2);
    await run.waitForLine(new RegExp(`^listen pid=${second.pid} `));
    const sockets = (l: string) => l.match(/fd3=(\S+) fd4=(\S+)/)!.slice(1);
    expect(second.pid).not.toBe(first.pid);
    expect(sockets(listenLine(run.out, 2)!)).toEqual(sockets(line1));

    // monitor holds the socket between starts: a connection made now is accepted by the kernel.
    const connected = await new Promise<boolean>((res) => {
      const c = connect(port, "127.0.0.1", () => (c.destroy(), res(true)));
      c.on("error", () => res(false));
    });
    expect(connected).toBe(true);
  });

  test("bad addresses and conflicting readiness options are one line and exit 2, before anything starts", async () => {
    for (const args of [
      ["--listen=tcp://localhost:80"],
      ["--listen=udp://127.0.0.1:1"],
      ["--listen=tcp://127.0.0.1:0", "--ready=fd:3"],
      ["--watchdog=1s"],
      ["--ready=notify", "--watchdog=0"],
      ["--ready=2s", "--ready-timeout=1s"],
      ["--reload-signal=TERM"],
      ["--reload-signal=CHLD"],
      ["--ready=sometimes"],
    ]) {
      await using run = runMonitor([...args, fixture("sleeper.sh")]);
      expect(await run.exited()).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(/^monitor: --(listen|ready|watchdog|reload-signal|ready-timeout)/);
      expect(run.out).toEqual([]);
    }
  });
});

describe("--ready", () => {
  test("notify: STARTING becomes RUNNING at READY=1 and not before; STATUS= is logged", async () => {
    await using run = runMonitor(["-v", "--start-secs=0", "--listen=tcp://127.0.0.1:0", "--ready=notify", "--", BUN, HTTP_SERVER, "--ready=notify", "--delay=400"]);
    const { pid } = await waitReady(run);
    const running = await waitForLog(run, /STARTING -> RUNNING \(ready\)/);
    const started = logLines(run).find((l) => l.msg.includes(`started pid ${pid}`))!;
    // --start-secs=0 alone would make it RUNNING at once; the server notifies only after its delay.
    expect(running.time - started.time).toBeGreaterThanOrEqual(350);
    expect(countLog(run, new RegExp(`pid ${pid} status: serving as pid ${pid}`))).toBe(1);
    expect(await servingPid(await boundPort(run))).toBe(pid);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(0); // the server's TERM handler exits 0
    expect(countLog(run, new RegExp(`pid ${pid} is stopping`))).toBe(1);
  });

  test("notify: a child that never says READY=1 is stopped after --ready-timeout, and that is a failed start", async () => {
    await using run = runMonitor(["--ready=notify", "--ready-timeout=300ms", "--max-retries=2", "--backoff=20ms", fixture("sleeper.sh")]);
    await waitReady(run, 1);
    await waitReady(run, 2);
    expect(await run.exited()).toBe(143); // FATAL with the last status: killed by the stop signal
    expect(countLog(run, /not ready within 300 ms/)).toBe(2);
  });

  test("fd:N: a newline on fd N is readiness (s6's notification fd); DURATION is readiness after that long", async () => {
    {
      await using run = runMonitor(["-v", "--start-secs=0", "--ready=fd:5", fixture("ready-fd.sh"), "5", "0.4"]);
      const { pid } = await waitReady(run);
      const running = await waitForLog(run, /STARTING -> RUNNING \(ready\)/);
      const started = logLines(run).find((l) => l.msg.includes(`started pid ${pid}`))!;
      expect(running.time - started.time).toBeGreaterThanOrEqual(350);
      expect(run.out).toContain("notifying fd 5");
    }
    {
      await using run = runMonitor(["-v", "--start-secs=0", "--ready=400ms", fixture("sleeper.sh")]);
      const { pid } = await waitReady(run);
      const running = await waitForLog(run, /STARTING -> RUNNING \(ready\)/);
      const started = logLines(run).find((l) => l.msg.includes(`started pid ${pid}`))!;
      expect(running.time - started.time).toBeGreaterThanOrEqual(350);
    }
  });
});

describe("--watchdog", () => {
  test("the child gets NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID equal to its own pid", async () => {
    await using run = runMonitor(["--ready=notify", "--watchdog=2500ms", fixture("listen-env.sh")]);
    const { pid } = await waitReady(run);
    const line = await run.waitForLine(/^watchdog /);
    expect(line.input).toMatch(new RegExp(`^watchdog usec=2500000 pid=${pid} notify=/\\S+\\.sock$`));
  });

  test("a child that stops sending WATCHDOG=1 is stopped and restarted; pings keep it running until then", async () => {
    await using run = runMonitor(["--backoff=20ms", "--listen=tcp://127.0.0.1:0", "--ready=notify", "--watchdog=300ms", "--", BUN, HTTP_SERVER, "--ready=notify", "--watchdog-for=900"]);
    const first = await waitReady(run, 1);
    const ready = await waitForLog(run, new RegExp(`pid ${first.pid} is ready`));
    const verdict = await waitForLog(run, new RegExp(`pid ${first.pid} is unresponsive \\(no WATCHDOG=1 for \\d+ ms\\)`));
    // It pinged for 900 ms, far more than one 300 ms period: only the silence after that counted.
    expect(verdict.time - ready.time).toBeGreaterThanOrEqual(850);
    expect(run.out).toContain(`http-server: pid ${first.pid} stops pinging`);
    const second = await waitReady(run, 2);
    expect(second.pid).not.toBe(first.pid);
  });
});
