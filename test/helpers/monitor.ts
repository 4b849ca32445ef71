// Running the compiled binary the way a user would, with bounded waits and
// cleanup by pid and process group.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { constants } from "node:os";

export const ROOT = resolve(import.meta.dir, "../..");
export const MONITOR = resolve(ROOT, "dist/monitor");
export const FIXTURES = resolve(ROOT, "fixtures/bin");
export const SIG = constants.signals;

export function fixture(name: string): string {
  return resolve(FIXTURES, name);
}

if (!existsSync(MONITOR)) throw new Error(`${MONITOR} is missing: run 'npm run build' first (npm test does)`);

/** Poll `check` until it returns a truthy value or the deadline passes. */
export async function pollUntil<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let pause = 5;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(pause);
    pause = Math.min(pause * 2, 100);
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const state = procState(pid);
  return state !== undefined && state !== "Z";
}

export function procState(pid: number): string | undefined {
  try {
    const t = readFileSync(`/proc/${pid}/stat`, "latin1");
    return t.slice(t.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return undefined;
  }
}

export function statField(pid: number, index: number): number | undefined {
  try {
    const t = readFileSync(`/proc/${pid}/stat`, "latin1");
    return Number(t.slice(t.lastIndexOf(")") + 2).split(" ")[index]);
  } catch {
    return undefined;
  }
}

/** Non-zombie pids whose process group is `pgid`. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of require("node:fs").readdirSync("/proc") as string[]) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (statField(pid, 2) === pgid && procState(pid) !== "Z") out.push(pid);
  }
  return out;
}

/** Zombie children of `ppid`. */
export function zombieChildren(ppid: number): number[] {
  const out: number[] = [];
  for (const name of require("node:fs").readdirSync("/proc") as string[]) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (statField(pid, 1) === ppid && procState(pid) === "Z") out.push(pid);
  }
  return out;
}

export function killQuietly(pid: number, signal = SIG.SIGKILL): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export interface Run {
  proc: ReturnType<typeof Bun.spawn>;
  pid: number;
  /** Lines read so far from stdout / stderr. */
  out: string[];
  err: string[];
  waitForLine(re: RegExp, timeoutMs?: number, stream?: "out" | "err"): Promise<RegExpMatchArray>;
  /** Exit code (128+sig when signalled), bounded. */
  exited(timeoutMs?: number): Promise<number>;
  /** pids and pgids to SIGKILL at cleanup. */
  track(pid: number, kind?: "pid" | "pgid"): void;
  [Symbol.asyncDispose](): Promise<void>;
}

async function pump(stream: ReadableStream<Uint8Array>, lines: string[]): Promise<void> {
  const decoder = new TextDecoder();
  let partial = "";
  for await (const chunk of stream) {
    partial += decoder.decode(chunk, { stream: true });
    const parts = partial.split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
  }
  if (partial) lines.push(partial);
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Command prefix, e.g. ["unshare", "--pid", "--fork", "--mount-proc"]. */
  prefix?: string[];
  stdin?: "ignore" | "pipe";
  /** The binary to run (default dist/monitor), e.g. its path inside a chroot. */
  bin?: string;
}

/** Start `dist/monitor ARGS`; stdout and stderr are read line by line. */
export function runMonitor(args: string[], o: RunOptions = {}): Run {
  const cmd = [...(o.prefix ?? []), o.bin ?? MONITOR, ...args];
  const proc = Bun.spawn(cmd, {
    stdout: "pipe",
    stderr: "pipe",
    stdin: o.stdin ?? "ignore",
    cwd: o.cwd ?? ROOT,
    env: { ...process.env, MONITOR_TEST: "1", ...o.env } as Record<string, string>,
  });
  const out: string[] = [];
  const err: string[] = [];
  // The pumps are not awaited at exit: a grandchild may hold the pipes.
  const pumps = Promise.all([pump(proc.stdout as ReadableStream<Uint8Array>, out), pump(proc.stderr as ReadableStream<Uint8Array>, err)]);
  const tracked: Array<[number, "pid" | "pgid"]> = [];
  const run: Run = {
    proc,
    pid: proc.pid,
    out,
    err,
    async waitForLine(re, timeoutMs = 5000, stream = "out") {
      const lines = stream === "out" ? out : err;
      return pollUntil(() => {
        for (const l of lines) {
          const m = l.match(re);
          if (m) return m;
        }
        return undefined;
      }, timeoutMs, `${re} on std${stream} (have: ${JSON.stringify(lines.slice(-5))})`);
    },
    async exited(timeoutMs = 15000) {
      const timer = Bun.sleep(timeoutMs).then(() => "timeout" as const);
      const r = await Promise.race([proc.exited, timer]);
      if (r === "timeout") throw new Error(`monitor did not exit within ${timeoutMs} ms; stderr: ${err.slice(-5).join(" | ")}`);
      // Read what is left in the pipes, but never wait long: a grandchild may hold them.
      await Promise.race([pumps, Bun.sleep(500)]);
      return proc.signalCode ? 128 + SIG[proc.signalCode as keyof typeof SIG] : (r as number);
    },
    track(pid, kind = "pid") {
      tracked.push([pid, kind]);
    },
    async [Symbol.asyncDispose]() {
      killQuietly(proc.pid);
      for (const [id, kind] of tracked) killQuietly(kind === "pgid" ? -id : id);
      await Promise.race([proc.exited, Bun.sleep(2000)]);
    },
  };
  return run;
}

/** `ready pid=N pgid=M` -> numbers; tracks them for cleanup. */
export async function waitReady(run: Run, nth = 1, timeoutMs = 5000): Promise<{ pid: number; pgid: number }> {
  const m = await pollUntil(() => {
    const hits = run.out.map((l) => l.match(/^ready pid=(\d+) pgid=(\d+)/)).filter(Boolean) as RegExpMatchArray[];
    return hits[nth - 1];
  }, timeoutMs, `ready line #${nth} (stdout: ${JSON.stringify(run.out.slice(-5))}, stderr: ${JSON.stringify(run.err.slice(-5))})`);
  const pid = Number(m[1]);
  const pgid = Number(m[2]);
  run.track(pgid, "pgid");
  return { pid, pgid };
}
