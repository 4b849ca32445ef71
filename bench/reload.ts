// The reload benchmark: the same HTTP server (fixtures/bun/http-server.ts)
// under a wrk load on loopback while it is restarted 10 times, by monitor's
// --reload-signal and by supervisord's `supervisorctl restart`, one after
// the other in one run. Requests per second, failed requests (wrk's socket
// errors and non-2xx answers) and whether the serving pid changed; the
// target is zero failed requests for monitor. JSON in bench/results/.
//   bun bench/reload.ts [--quick]
import { runAsScript, writeResults } from "./lib/results.ts";
import { join } from "node:path";
import { ratio } from "./lib/stats.ts";
import { runWrk, type WrkResult } from "./lib/wrk.ts";
import { startMonitor, startSupervisord, type ReloadTarget } from "./phases/reload-targets.ts";

const FULL = { reloads: 10, gapMs: 1_500, threads: 2, connections: 32 };
const QUICK = { reloads: 3, gapMs: 1_000, threads: 2, connections: 16 };
type Params = typeof FULL;

interface TargetResult {
  wrk: WrkResult;
  reloads: number;
  pids: number[];
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** Load for the whole window: a gap, then `reloads` reloads each followed by a gap. */
async function measure(target: ReloadTarget, p: Params): Promise<TargetResult> {
  const seconds = Math.ceil(((p.reloads + 1) * p.gapMs) / 1000) + 1;
  const pids = [await target.servingPid()];
  const load = runWrk(target.url, { threads: p.threads, connections: p.connections, seconds });
  let reloads = 0;
  await Bun.sleep(p.gapMs);
  for (let i = 0; i < p.reloads; i++) {
    const started = Date.now();
    await target.reload();
    reloads++;
    pids.push(await target.servingPid());
    await Bun.sleep(Math.max(0, p.gapMs - (Date.now() - started)));
  }
  return { wrk: await load, reloads, pids };
}

function table(results: Record<string, TargetResult>): string {
  const names = Object.keys(results);
  const row = (label: string, pick: (r: TargetResult) => string) => [label, ...names.map((n) => pick(results[n]!))];
  const rowsOut = [
    ["", ...names],
    row("reloads done", (r) => String(r.reloads)),
    row("requests", (r) => String(r.wrk.requests)),
    row("requests/s", (r) => r.wrk.requestsPerSec.toFixed(0)),
    row("failed requests", (r) => String(r.wrk.failed)),
    row("  connect / read / write / timeout errors", (r) => `${r.wrk.connectErrors} / ${r.wrk.readErrors} / ${r.wrk.writeErrors} / ${r.wrk.timeouts}`),
    row("  non-2xx answers", (r) => String(r.wrk.non2xx)),
    row("distinct serving pids", (r) => String(new Set(r.pids).size)),
  ];
  const widths = rowsOut[0]!.map((_, i) => Math.max(...rowsOut.map((r) => r[i]!.length)));
  return rowsOut.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write("usage: bun bench/reload.ts [--quick]\n");
    return 0;
  }
  const unknown = argv.filter((a) => a !== "--quick");
  if (unknown.length) throw new Error(`bench: unknown argument ${JSON.stringify(unknown[0])} (expected --quick or --help)`);
  const p = argv.includes("--quick") ? QUICK : FULL;
  const startedAt = new Date();
  const results: Record<string, TargetResult> = {};
  for (const start of [startMonitor, startSupervisord]) {
    const target = await start();
    progress(`${target.name}: ${p.reloads} reloads under wrk -t${p.threads} -c${p.connections}`);
    try {
      results[target.name] = await measure(target, p);
    } finally {
      await target.stop();
    }
  }
  const [mon, sup] = Object.values(results) as [TargetResult, TargetResult];
  process.stdout.write(`\n${table(results)}\n\n`);
  process.stdout.write(`requests/s, monitor / supervisord: ${ratio(mon.wrk.requestsPerSec, sup.wrk.requestsPerSec).toFixed(2)}\n`);
  const ok = mon.wrk.failed === 0 && mon.reloads === p.reloads && new Set(mon.pids).size === p.reloads + 1;
  process.stdout.write(`target, zero failed requests for monitor through ${p.reloads} reloads: ${ok ? "met" : "NOT met"}\n`);

  const file = writeResults("reload", startedAt, { params: p, results });
  process.stdout.write(`results: ${file}\n`);
  return ok ? 0 : 1;
}

runAsScript(import.meta, main);
