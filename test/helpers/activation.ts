// Helpers for the socket-activation tests: monitor's JSON log, the port it
// bound, the Bun server fixture, and a bounded loopback HTTP load.
import { resolve } from "node:path";
import { ROOT, type Run } from "./monitor.ts";

/** The Bun running the tests: the server fixture needs no other package. */
export const BUN = process.execPath;
export const HTTP_SERVER = resolve(ROOT, "fixtures/bun/http-server.ts");

export interface LogLine {
  time: number;
  level: string;
  msg: string;
}

/** monitor's stderr, parsed (json format: stderr is a pipe in tests). */
export function logLines(run: Run): LogLine[] {
  const out: LogLine[] = [];
  for (const l of run.err) {
    try {
      const j = JSON.parse(l) as { time: string; level: string; msg: string };
      out.push({ time: Date.parse(j.time), level: j.level, msg: j.msg });
    } catch {
      // not a log record (a one-line usage error, say)
    }
  }
  return out;
}

export function countLog(run: Run, re: RegExp): number {
  return logLines(run).filter((l) => re.test(l.msg)).length;
}

/** The first log line matching `re`, waited for. */
export async function waitForLog(run: Run, re: RegExp, timeoutMs = 10_000): Promise<LogLine> {
  await run.waitForLine(re, timeoutMs, "err");
  return logLines(run).find((l) => re.test(l.msg))!;
}

/** The port monitor bound for `--listen=tcp://127.0.0.1:0`, from its log. */
export async function boundPort(run: Run): Promise<number> {
  const m = await run.waitForLine(/listening on tcp:\/\/127\.0\.0\.1:(\d+)/, 10_000, "err");
  return Number(m[1]);
}

export interface LoadResult {
  ok: number;
  failed: number;
  errors: string[];
  /** Serving pids in the order first seen. */
  pids: number[];
}

/** `workers` loops of GET until `stop` resolves; every request that does not come back 200 is a failure. */
export async function loopbackLoad(port: number, workers: number, stop: Promise<unknown>): Promise<LoadResult> {
  const r: LoadResult = { ok: 0, failed: 0, errors: [], pids: [] };
  let running = true;
  void stop.then(() => (running = false));
  const worker = async () => {
    while (running) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) });
        const text = await res.text();
        const pid = Number(/^pid=(\d+)/.exec(text)?.[1]);
        if (res.status !== 200 || !pid) throw new Error(`status ${res.status}: ${text}`);
        if (!r.pids.includes(pid)) r.pids.push(pid);
        r.ok++;
      } catch (e) {
        r.failed++;
        if (r.errors.length < 5) r.errors.push(String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return r;
}

/** One GET on a new connection, its `pid=`. */
export async function servingPid(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/`, { keepalive: false, signal: AbortSignal.timeout(10_000) });
  return Number(/^pid=(\d+)/.exec(await res.text())?.[1]);
}
