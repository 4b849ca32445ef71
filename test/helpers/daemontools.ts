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
export function debian(tool: "svc" | "svstat" | "svok" | "sv", ...args: string[]): ToolResult {
  return runTool([`/usr/bin/${tool}`, ...args]);
}

/** Our client, e.g. ours("svstat", dir). */
export function ours(verb: "svc" | "svstat" | "svok", ...args: string[]): ToolResult {
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
  /** ROOT/NAME with a run script that execs fixtures/bin/FIXTURE. */
  service(name: string, fixture?: string): string;
}

export function makeServiceRoot(): ServiceRoot {
  const root = mkdtempSync(`${tmpdir()}/monitor-dt-`);
  return {
    root,
    service(name, fixture = "sleeper.sh") {
      const dir = `${root}/${name}`;
      mkdirSync(dir);
      writeFileSync(`${dir}/run`, `#!/bin/sh\nexec ${FIXTURES}/${fixture}\n`);
      chmodSync(`${dir}/run`, 0o755);
      return dir;
    },
    [Symbol.dispose]() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface DebianSupervise extends AsyncDisposable {
  pid: number;
  proc: ReturnType<typeof Bun.spawn>;
  /** Lines the service printed (supervise passes its stdout through). */
  lines: string[];
  /** The pid of the nth `ready pid=...` line. */
  ready(nth?: number): Promise<number>;
}

/** /usr/bin/supervise DIR under setsid: supervise and its service share a fresh pgid = supervise's pid. */
export function startDebianSupervise(dir: string): DebianSupervise {
  const proc = Bun.spawn(["setsid", "/usr/bin/supervise", dir], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const lines: string[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
      const parts = (partial + decoder.decode(chunk, { stream: true })).split("\n");
      partial = parts.pop()!;
      lines.push(...parts);
    }
  })();
  return {
    pid: proc.pid,
    proc,
    lines,
    async ready(nth = 1) {
      const hits = () => lines.map((l) => /^ready pid=(\d+)/.exec(l)).filter((m) => m !== null);
      const m = await waitFor(() => hits()[nth - 1], `ready line #${nth} from ${dir}/run (have ${JSON.stringify(lines)})`);
      return Number(m[1]);
    },
    async [Symbol.asyncDispose]() {
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        // group already gone
      }
      await Promise.race([proc.exited, Bun.sleep(2000)]);
    },
  };
}
