// wrk(1) as a load generator: run it for a bounded time against a loopback
// URL and read its summary (requests, rate, socket errors, non-2xx).
import { runCommand } from "./run-command.ts";

export interface WrkResult {
  requests: number;
  requestsPerSec: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  non2xx: number;
  /** Every request that did not come back with a 2xx/3xx answer. */
  failed: number;
  seconds: number;
}

export function parseWrk(text: string): WrkResult {
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const [connectErrors, readErrors, writeErrors, timeouts] = socket ? socket.slice(1).map(Number) : [0, 0, 0, 0];
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/);
  const requests = num(/(\d+) requests in/);
  if (!/Requests\/sec:/.test(text)) throw new Error(`bench: wrk printed no summary: ${text.trim().split("\n").at(-1)}`);
  return {
    requests,
    requestsPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    connectErrors: connectErrors!,
    readErrors: readErrors!,
    writeErrors: writeErrors!,
    timeouts: timeouts!,
    non2xx,
    failed: connectErrors! + readErrors! + writeErrors! + timeouts! + non2xx,
    seconds: num(/requests in ([\d.]+)s/),
  };
}

export interface WrkLoad {
  threads: number;
  connections: number;
  seconds: number;
}

/** Start wrk now; resolves with its summary when it ends (bounded by its duration plus a margin). */
export async function runWrk(url: string, load: WrkLoad): Promise<WrkResult> {
  const argv = ["wrk", `-t${load.threads}`, `-c${load.connections}`, `-d${load.seconds}s`, "--timeout", "5s", url];
  const r = await runCommand(argv, (load.seconds + 30) * 1000);
  return parseWrk(r.stdout);
}
