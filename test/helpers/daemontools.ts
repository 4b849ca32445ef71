// Debian's daemontools next to monitor in tests: temp service directories,
// a real /usr/bin/supervise in a process group of its own (so cleanup can
// kill it and its service by pgid), and one-shot runs of svc/svstat/svok.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { MONITOR_COMMAND } from "./monitor-bin.ts";

export const FIXTURES = resolve(import.meta.dir, "../../fixtures/bin");

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run a short-lived command to completion (killed after 10 s, which fails the test). */
export function runTool(cmd: readonly string[]): ToolResult {
  const r = Bun.spawnSync([...cmd], { stdout: "pipe", stderr: "pipe", timeout: 10_000 });
  if (r.signalCode) throw new Error(`${cmd.join(" ")}: killed by ${r.signalCode}`);
  return { status: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Debian's client, e.g. debian("svstat", dir). */
export function debian(tool: "svc" | "svstat" | "svok" | "sv" | "pgrphack" | "fghack" | "supervise", ...args: string[]): ToolResult {
  return runTool([`/usr/bin/${tool}`, ...args]);
}

/** Our client, e.g. ours("svstat", dir). */
export function ours(verb: "svc" | "svstat" | "svok" | "pgrphack" | "fghack" | "supervise" | "scan", ...args: string[]): ToolResult {
  return runTool([...MONITOR_COMMAND, verb, ...args]);
}

/** svstat output with the age replaced, so two runs a second apart compare equal. */
export function withoutSeconds(text: string): string {
  return text.replace(/ \d+ seconds/g, " N seconds");
}

export async function waitFor<T>(check: () => T, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const v = check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(pause);
  }
}

export interface ServiceRoot extends Disposable {
  root: string;
  /** ROOT/NAME with a run script that execs fixtures/bin/FIXTURE ARGS. */
  service(name: string, fixture?: string, args?: string): string;
  /** ROOT/NAME with a run script of its own: `#!/bin/sh` then BODY. */
  script(name: string, body: string): string;
}

export function makeServiceRoot(): ServiceRoot {
  const root = mkdtempSync(`${tmpdir()}/monitor-dt-`);
  return {
    root,
    service(name, fixture = "sleeper.sh", args = "") {
      return this.script(name, `exec ${FIXTURES}/${fixture}${args ? ` ${args}` : ""}`);
    },
    script(name, body) {
      const dir = `${root}/${name}`;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/run`, `#!/bin/sh\n${body}\n`);
      chmodSync(`${dir}/run`, 0o755);
      return dir;
    },
    [Symbol.dispose]() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface SupervisorRun extends AsyncDisposable {
  pid: number;
  proc: ReturnType<typeof Bun.spawn>;
  /** Lines the services printed (stdout passes through supervise and scan). */
  lines: string[];
  /** Lines on the supervisor's stderr. */
  errors: string[];
  /** The pid of the nth `ready pid=...` line. */
  ready(nth?: number): Promise<number>;
  /** The exit status, or "timeout" after `ms`. */
  exited(ms?: number): Promise<number | "timeout">;
}

/** Debian's supervise under setsid: supervise and its service share a fresh pgid = supervise's pid. */
export type DebianSupervise = SupervisorRun;

function collect(stream: ReadableStream<Uint8Array>, lines: string[]): void {
  void (async () => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of stream) {
      const parts = (partial + decoder.decode(chunk, { stream: true })).split("\n");
      partial = parts.pop()!;
      lines.push(...parts);
    }
  })();
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // group already gone
  }
}

/**
 * `cmd` under setsid, so it leads a fresh group. Cleanup: TERM first (monitor
 * then stops its services, each in a group of its own), then SIGKILL to the
 * supervisor's group and to every group named by a ready line.
 */
export function startSupervisor(cmd: readonly string[], label: string): SupervisorRun {
  const proc = Bun.spawn(["setsid", ...cmd], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const lines: string[] = [];
  const errors: string[] = [];
  collect(proc.stdout as ReadableStream<Uint8Array>, lines);
  collect(proc.stderr as ReadableStream<Uint8Array>, errors);
  const exited = async (ms = 5000) => Promise.race([proc.exited, Bun.sleep(ms).then(() => "timeout" as const)]);
  return {
    pid: proc.pid,
    proc,
    lines,
    errors,
    exited,
    async ready(nth = 1) {
      const hits = () => lines.map((l) => /^ready pid=(\d+)/.exec(l)).filter((m) => m !== null);
      const m = await waitFor(() => hits()[nth - 1], `ready line #${nth} from ${label} (have ${JSON.stringify(lines.slice(-8))}, stderr ${JSON.stringify(errors.slice(-3))})`);
      return Number(m[1]);
    },
    async [Symbol.asyncDispose]() {
      if (proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(proc.pid, "SIGTERM");
        } catch {
          // gone
        }
        await exited(3000);
      }
      killGroup(proc.pid);
      for (const l of lines) {
        const m = /^ready pid=\d+ pgid=(\d+)/.exec(l);
        if (m) killGroup(Number(m[1]));
      }
      await exited(2000);
    },
  };
}

export function startDebianSupervise(dir: string): SupervisorRun {
  return startSupervisor(["/usr/bin/supervise", dir], dir);
}

export function startMonitorSupervise(dir: string): SupervisorRun {
  return startSupervisor([...MONITOR_COMMAND, "supervise", dir], dir);
}

/** `monitor scan ROOT`, or Debian's svscan / runit's runsvdir with "svscan" / "runsvdir". */
export function startScan(root: string, which: "monitor" | "svscan" = "monitor"): SupervisorRun {
  return startSupervisor(which === "monitor" ? [...MONITOR_COMMAND, "scan", root] : ["/usr/bin/svscan", root], root);
}
