// `monitor scan DIR` (svscan in one process) driven by Debian's svc, svstat
// and svok: which subdirectories it supervises, what the 5 s rescan picks
// up, and that stopping it stops everything it started.
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { debian, FIXTURES, makeServiceRoot, ours, startScan, waitFor } from "../helpers/daemontools.ts";
import { RESCAN_MS } from "../../src/daemontools/scanner.ts";
import { procState } from "../helpers/monitor.ts";

const pidOf = (dir: string): number | undefined => {
  const m = /: up \(pid (\d+)\)/.exec(debian("svstat", dir).stdout);
  return m ? Number(m[1]) : undefined;
};


describe("monitor scan", () => {
  test("supervises each subdirectory with a run, skips '.' names, and the next pass picks up new ones and restarts an ended supervise", async () => {
    using svc = makeServiceRoot();
    const [a, b] = [svc.service("a"), svc.service("b")];
    svc.service(".hidden");
    mkdirSync(`${svc.root}/norun`);
    writeFileSync(`${svc.root}/plain-file`, "");
    await using scan = startScan(svc.root);
    await scan.ready(2);
    const firstA = await waitFor(() => pidOf(a), "a up");
    await waitFor(() => pidOf(b), "b up");
    expect(existsSync(`${svc.root}/.hidden/supervise`)).toBe(false);
    expect(existsSync(`${svc.root}/norun/supervise`)).toBe(false);

    // Between two passes: a new service, a run for norun, and a's supervise told to leave.
    const c = svc.service("c");
    writeFileSync(`${svc.root}/norun/run`, `#!/bin/sh\nexec ${FIXTURES}/sleeper.sh\n`);
    chmodSync(`${svc.root}/norun/run`, 0o755);
    debian("svc", "-dx", a);
    await waitFor(() => debian("svok", a).status === 100, "a's supervise to end");
    const t = Date.now();
    await waitFor(() => pidOf(c) && pidOf(`${svc.root}/norun`), "c and norun up", RESCAN_MS + 5000);
    const secondA = await waitFor(() => pidOf(a), "a supervised again", RESCAN_MS + 5000);
    expect(secondA).not.toBe(firstA);
    expect(Date.now() - t).toBeLessThan(RESCAN_MS + 5000);
    expect(existsSync(`${svc.root}/.hidden/supervise`)).toBe(false);
  });

  test("TERM stops every service and log service, lets the log take the service's last words, and exits 0", async () => {
    using svc = makeServiceRoot();
    const out = `${svc.root}/out`;
    const dir = svc.service("talker", "signal-logger.sh");
    svc.script("talker/log", `. ${FIXTURES}/lib.sh\nsay_ready\nexec cat >> ${out}`);
    const plain = svc.service("plain", "tree.sh", "0 1 0 60000");
    await using scan = startScan(svc.root);
    await scan.ready(2);
    const pids = await waitFor(() => {
      const found = [pidOf(dir), pidOf(`${dir}/log`), pidOf(plain)];
      return found.every((p) => p !== undefined) ? (found as number[]) : undefined;
    }, "every service up");
    const stay = Number(/^stay pid=(\d+)/m.exec((await waitFor(() => scan.lines.find((l) => l.startsWith("stay pid=")), "the stay line")))![1]);
    await waitFor(() => existsSync(out) && readFileSync(out, "utf8").startsWith("ready "), "the talker's ready line in its log");

    process.kill(scan.pid, "SIGTERM");
    expect(await scan.exited(15_000)).toBe(0);
    for (const p of [...pids, stay]) expect([undefined, "Z"]).toContain(procState(p));
    // The service's answer to TERM went through the pipe before the log was stopped.
    expect(readFileSync(out, "utf8")).toContain("signal=TERM\n");
    for (const d of [dir, `${dir}/log`, plain]) expect(debian("svok", d).status).toBe(100);
  });

  test("usage and a missing directory are refused with one line, 100 and 111", () => {
    expect(ours("scan", "a", "b")).toEqual({ status: 100, stdout: "", stderr: "scan: usage: monitor scan [dir]\n" });
    expect(ours("scan", "/nonexistent/dir")).toEqual({
      status: 111,
      stdout: "",
      stderr: "scan: fatal: unable to chdir to /nonexistent/dir: file does not exist\n",
    });
  });
});
