// Running `monitor serve -c FILE` (or Debian's supervisord on the same file)
// in a fresh temp dir and driving it with Debian's real supervisorctl.
// Cleanup stops the server with SIGTERM and waits; if it does not exit, it
// and every process group it started are SIGKILLed, by pid and pgid.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killQuietly, pollUntil, runMonitor, SIG, statField, type Run } from "./monitor.ts";
import { packMethodCall, unpackMethodResponse, type XmlRpcValue } from "../../src/supervisord/xmlrpc.ts";

export type ServerKind = "monitor" | "supervisord";

/** [supervisord], a unix socket and [supervisorctl], all inside `dir` (%(here)s). */
export function baseConfig(extra = ""): string {
  return `[supervisord]
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s
nodaemon=true
${extra}
[unix_http_server]
file=%(here)s/sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/sock
`;
}

export interface CtlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

export interface Server {
  readonly kind: ServerKind;
  readonly dir: string;
  readonly conf: string;
  readonly pid: number;
  readonly run: Run;
  /** supervisorctl -c FILE ARGS, bounded. */
  ctl(...args: string[]): Promise<CtlResult>;
  /** The main log file's text. */
  mainLog(): string;
  /** Rewrite the config file (for reread, update, SIGHUP). */
  writeConfig(text: string): void;
  /** Exit status once the server is gone (bounded). */
  exited(timeoutMs?: number): Promise<number>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function supervisorctl(conf: string, args: readonly string[], timeoutMs = 20_000): Promise<CtlResult> {
  const proc = Bun.spawn(["supervisorctl", "-c", conf, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const timer = setTimeout(() => killQuietly(proc.pid), timeoutMs);
  const [stdout, stderr, status] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { stdout, stderr, status };
}

function descendants(root: number): number[] {
  const out: number[] = [];
  const fs = require("node:fs") as typeof import("node:fs");
  const parents = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = statField(Number(name), 1);
    if (ppid === undefined) continue;
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
  }
  const stack = [...(parents.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(parents.get(pid) ?? []));
  }
  return out;
}

/** Start a server on `configText` (written as DIR/supervisord.conf) and wait for its socket to answer. */
export async function startServer(kind: ServerKind, configText: string, o: { files?: Record<string, string>; waitReady?: boolean; prefix?: string[] } = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), `${kind}-serve-`));
  const conf = join(dir, "supervisord.conf");
  for (const [name, text] of Object.entries(o.files ?? {})) writeFileSync(join(dir, name), text, { mode: 0o755 });
  writeFileSync(conf, configText);
  const run = kind === "monitor" ? runMonitor(["serve", "-c", conf], { cwd: dir, prefix: o.prefix }) : runMonitor(["-c", conf], { cwd: dir, bin: "/usr/bin/supervisord", prefix: o.prefix });
  const server: Server = {
    kind,
    dir,
    conf,
    pid: run.pid,
    run,
    ctl: (...args) => supervisorctl(conf, args),
    mainLog: () => {
      try {
        return readFileSync(join(dir, "supervisord.log"), "utf8");
      } catch {
        return "";
      }
    },
    writeConfig: (text) => writeFileSync(conf, text),
    exited: (timeoutMs = 20_000) => run.exited(timeoutMs),
    async [Symbol.asyncDispose]() {
      const groups = new Set(descendants(run.pid).map((pid) => statField(pid, 2)).filter((g): g is number => g !== undefined && g > 1));
      killQuietly(run.pid, SIG.SIGTERM);
      const gone = await Promise.race([run.proc.exited.then(() => true), Bun.sleep(15_000).then(() => false)]);
      // supervisord leaves what a program left in its group; monitor stops it itself.
      if (!gone || kind === "supervisord") {
        killQuietly(run.pid, SIG.SIGKILL);
        for (const pgid of groups) if (pgid !== process.pid) killQuietly(-pgid, SIG.SIGKILL);
      }
      await Promise.race([run.proc.exited, Bun.sleep(2000)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (o.waitReady !== false) {
    try {
      await pollUntil(async () => {
        if (run.proc.exitCode !== null) throw new Error(`${kind} exited ${run.proc.exitCode}: ${(await run.exited(1000), run.err.join(" | "))}`);
        return (await server.ctl("pid")).status === 0;
      }, 15_000, `${kind} to answer on ${dir}/sock`);
    } catch (e) {
      await server[Symbol.asyncDispose]();
      throw e;
    }
  }
  return server;
}

/** Replace what differs between two runs: pids, uptimes, stop times, our version suffix. */
export function normalize(text: string): string {
  return text
    .replace(/pid \d+/g, "pid N")
    .replace(/uptime \d+:\d\d:\d\d/g, "uptime T")
    .replace(/^\d+$/gm, "N")
    .replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, "DATE")
    .replace(/ \(monitor [^)]*\)/, "");
}

/** One XML-RPC call over the server's unix socket (fast: no Python start-up). Throws the fault's string. */
export async function rpc(s: Server, method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
  const res = await fetch("http://localhost/RPC2", {
    method: "POST",
    unix: join(s.dir, "sock"),
    headers: { "Content-Type": "text/xml" },
    body: packMethodCall({ methodName: method, params }),
  } as RequestInit);
  const r = unpackMethodResponse(await res.text());
  if (r.kind === "fault") throw new Error(r.faultString);
  return r.value;
}

export interface ProcessView {
  readonly state: string;
  readonly description: string;
  readonly pid: number;
  readonly spawnerr: string;
}

/** getProcessInfo of `name` (a namespec). */
export async function statusOf(s: Server, name: string): Promise<ProcessView> {
  const info = (await rpc(s, "supervisor.getProcessInfo", name)) as Record<string, XmlRpcValue>;
  return { state: info.statename as string, description: info.description as string, pid: info.pid as number, spawnerr: info.spawnerr as string };
}

/** Poll until `name` is in a state matching `state`. */
export async function waitForState(s: Server, name: string, state: RegExp, timeoutMs = 15_000): Promise<ProcessView> {
  return pollUntil(async () => {
    const st = await statusOf(s, name);
    return state.test(st.state) ? st : undefined;
  }, timeoutMs, `${name} to be ${state} on ${s.dir}`);
}
