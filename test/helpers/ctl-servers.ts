// A supervisord-compatible server started by a test on a config in a fresh
// temp dir (unix socket, and an inet port when asked): Debian's real
// supervisord or `monitor serve`, and the two clients to run against it:
// Debian's supervisorctl and `monitor ctl`. Cleanup is by pid:
// supervisord itself, then any program it left (their pids are read while
// it runs) when supervisord could not stop them itself.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MONITOR_COMMAND } from "./monitor-bin.ts";
import { killQuietly, pollUntil, SIG } from "./monitor.ts";

export interface ClientResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runClient(cmd: string[]): ClientResult {
  const r = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  return { status: r.exitCode ?? 128, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

async function runClientAsync(cmd: string[]): Promise<ClientResult> {
  const p = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  const [stdout, stderr, status] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { status, stdout, stderr };
}

const SUPERVISORCTL = ["/usr/bin/supervisorctl"];
const MONITOR_CTL = [...MONITOR_COMMAND, "ctl"];

export function supervisorctl(conf: string, ...args: string[]): ClientResult {
  return runClient([...SUPERVISORCTL, "-c", conf, ...args]);
}

export function monitorCtl(conf: string, ...args: string[]): ClientResult {
  return runClient([...MONITOR_CTL, "-c", conf, ...args]);
}

/** Both clients at once, for commands that change nothing: [supervisorctl's, ours]. */
export function bothClients(conf: string, ...args: string[]): Promise<[ClientResult, ClientResult]> {
  return Promise.all([runClientAsync([...SUPERVISORCTL, "-c", conf, ...args]), runClientAsync([...MONITOR_CTL, "-c", conf, ...args])]);
}

/** A free TCP port on 127.0.0.1 (bound, read back, released). */
export function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

export interface DebianSupervisord extends AsyncDisposable {
  readonly dir: string;
  readonly conf: string;
  readonly socket: string;
  readonly pid: number;
  /** Pids of the programs it runs now (remembered for cleanup). */
  programPids(): number[];
}

export interface SupervisordOptions {
  /** [program:x] / [group:x] sections, appended as written. */
  readonly programs: string;
  /** Adds [inet_http_server] on this port. */
  readonly inetPort?: number;
  /** Basic auth on both servers, written into [supervisorctl] too. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Debian's supervisord (default) or `monitor serve`. */
  readonly kind?: "supervisord" | "monitor";
}

export async function startDebianSupervisord(o: SupervisordOptions): Promise<DebianSupervisord> {
  return startCtlServer(o);
}

export async function startCtlServer(o: SupervisordOptions): Promise<DebianSupervisord> {
  const dir = mkdtempSync(join(tmpdir(), "monitor-sd-"));
  const socket = join(dir, "supervisor.sock");
  const auth = o.auth ? `username=${o.auth.username}\npassword=${o.auth.password}\n` : "";
  const inet = o.inetPort ? `[inet_http_server]\nport=127.0.0.1:${o.inetPort}\n${auth}\n` : "";
  const conf = join(dir, "supervisord.conf");
  writeFileSync(
    conf,
    `[unix_http_server]\nfile=${socket}\n${auth}\n${inet}[supervisord]\nlogfile=${dir}/supervisord.log\npidfile=${dir}/supervisord.pid\nnodaemon=true\nchildlogdir=${dir}\nidentifier=supervisor\n\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n` +
      `[supervisorctl]\nserverurl=unix://${socket}\n${auth}\n${o.programs}\n`,
  );
  const command = o.kind === "monitor" ? [...MONITOR_COMMAND, "serve", "-c", conf] : ["/usr/bin/supervisord", "-c", conf];
  const proc = Bun.spawn(command, { stdout: "ignore", stderr: "ignore", stdin: "ignore", cwd: dir });
  const seen = new Set<number>();
  const programPids = () => {
    const r = supervisorctl(conf, "pid", "all");
    for (const line of r.stdout.split("\n")) if (/^[1-9]\d*$/.test(line)) seen.add(Number(line));
    return r.stdout.split("\n").filter((l) => /^\d+$/.test(l)).map(Number);
  };
  const handle: DebianSupervisord = {
    dir,
    conf,
    socket,
    pid: proc.pid,
    programPids,
    async [Symbol.asyncDispose]() {
      try {
        programPids();
      } catch {
        // the server is gone already
      }
      killQuietly(proc.pid, SIG.SIGTERM);
      const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(10_000).then(() => false)]);
      if (!exited) {
        killQuietly(proc.pid, SIG.SIGKILL);
        // supervisord could not stop its programs: they are ours to end.
        // (After a clean exit it has stopped them, and their pids may be reused.)
        for (const pid of seen) killQuietly(pid, SIG.SIGKILL);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await pollUntil(() => supervisorctl(conf, "version").status === 0, 15_000, `${o.kind ?? "supervisord"} to answer`);
  } catch (e) {
    await handle[Symbol.asyncDispose]();
    throw e;
  }
  return handle;
}

/** Ages change between two runs: `uptime 0:00:03` and clock times become placeholders. */
export function withoutAges(text: string): string {
  return text.replace(/uptime (?:\d+ days?, )?\d+:\d\d:\d\d/g, "uptime N").replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, "TIME");
}
