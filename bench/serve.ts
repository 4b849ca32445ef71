// The serve benchmark: `monitor serve` side by side with Debian's supervisord
// in one run, on one generated config of N programs (`sleep 3600`): time
// until all are RUNNING (default startsecs=1, and again with startsecs=0,
// which leaves only the supervisor's own work), the time of one
// `supervisorctl status` call (reading the whole config with -c, and with -s
// URL as on Debian, where programs live in conf.d/; beside it the client's
// own floor, `supervisorctl version`) and of a bare getAllProcessInfo, the idle CPU
// and RSS of the server, and the time to stop everything. Ratios are
// supervisord / monitor (above 1 = monitor is faster). Issue 4's targets: all
// RUNNING and status at least 5x faster, idle CPU under 1% of one core.
//   bun bench/serve.ts [--quick]
import { runAsScript, writeResults } from "./lib/results.ts";
import { join } from "node:path";
import { runServeTarget, type ServeRunResult } from "./phases/serve-run.ts";
import { SERVE_TARGETS, type ServeTargetName } from "./lib/serve-targets.ts";
import { ratio } from "./lib/stats.ts";
import { existsSync } from "node:fs";

const FULL = { programs: 1000, calls: 5, idleMs: 30_000, settleMs: 5_000 };
const QUICK = { programs: 200, calls: 3, idleMs: 5_000, settleMs: 4_000 };

type Row = { label: string; pick: (r: Results[ServeTargetName]) => number; digits: number; lowerIsBetter: boolean };
type Results = Record<ServeTargetName, ServeRunResult & { allRunningStartsecs0S: number }>;

function table(results: Results, rows: Row[]): string {
  const head = ["", "supervisord", "monitor", "supervisord/monitor"];
  const body = rows.map((r) => {
    const [sv, m] = [r.pick(results.supervisord), r.pick(results.monitor)];
    const x = ratio(sv, m);
    return [r.label, sv.toFixed(r.digits), m.toFixed(r.digits), Number.isFinite(x) ? `${x.toFixed(1)}x` : "inf"];
  });
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function verdicts(r: Results): string[] {
  const check = (ok: boolean, text: string) => `${ok ? "met    " : "MISSED "} ${text}`;
  const running = ratio(r.supervisord.allRunningS, r.monitor.allRunningS);
  const running0 = ratio(r.supervisord.allRunningStartsecs0S, r.monitor.allRunningStartsecs0S);
  const status = ratio(r.supervisord.statusMs, r.monitor.statusMs);
  const statusUrl = ratio(r.supervisord.statusUrlMs, r.monitor.statusUrlMs);
  // The most any server could reach: supervisord's time over the client's own floor.
  const ceiling = ratio(r.supervisord.statusMs, r.monitor.versionUrlMs);
  return [
    check(running >= 5, `all RUNNING >= 5x faster, default startsecs=1 (both wait that second): ${running.toFixed(1)}x`),
    check(running0 >= 5, `all RUNNING >= 5x faster, startsecs=0: ${running0.toFixed(1)}x`),
    check(status >= 5, `supervisorctl -c CONF status >= 5x faster: ${status.toFixed(1)}x (supervisorctl's own floor, \`version\`, caps any server at ${ceiling.toFixed(1)}x)`),
    check(statusUrl >= 5, `supervisorctl -s URL status >= 5x faster: ${statusUrl.toFixed(1)}x`),
    check(r.monitor.idlePercentOfCore < 1, `idle CPU < 1% of one core: ${r.monitor.idlePercentOfCore.toFixed(3)}%`),
  ];
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write("usage: bun bench/serve.ts [--quick]\n");
    return 0;
  }
  const unknown = argv.find((a) => a !== "--quick");
  if (unknown) throw new Error(`bench: unknown argument ${JSON.stringify(unknown)} (expected --quick or --help)`);
  const p = argv.includes("--quick") ? QUICK : FULL;
  for (const t of SERVE_TARGETS) if (!existsSync(t.binary)) throw new Error(`bench: ${t.binary} is missing`);
  const startedAt = new Date();
  const results = {} as Results;
  for (const t of SERVE_TARGETS) {
    process.stderr.write(`bench: ${t.name}, ${p.programs} programs: start-up, ${p.calls} status calls, ${p.idleMs / 1000} s idle\n`);
    const main = await runServeTarget(t, p);
    process.stderr.write(`bench: ${t.name}, ${p.programs} programs with startsecs=0: start-up\n`);
    const zero = await runServeTarget(t, { ...p, startsecs: 0, startOnly: true });
    results[t.name] = { ...main, allRunningStartsecs0S: zero.allRunningS };
  }
  const n = p.programs;
  const rows: Row[] = [
    { label: `all ${n} RUNNING, startsecs=1 (s)`, pick: (r) => r.allRunningS, digits: 2, lowerIsBetter: true },
    { label: `all ${n} RUNNING, startsecs=0 (s)`, pick: (r) => r.allRunningStartsecs0S, digits: 2, lowerIsBetter: true },
    { label: `supervisorctl -c CONF status, median of ${p.calls} (ms)`, pick: (r) => r.statusMs, digits: 0, lowerIsBetter: true },
    { label: `supervisorctl -s URL status, median of ${p.calls} (ms)`, pick: (r) => r.statusUrlMs, digits: 0, lowerIsBetter: true },
    { label: `supervisorctl -s URL version (client floor, ms)`, pick: (r) => r.versionUrlMs, digits: 0, lowerIsBetter: true },
    { label: `getAllProcessInfo round trip, median of ${p.calls} (ms)`, pick: (r) => r.rpcMs, digits: 1, lowerIsBetter: true },
    { label: `idle ${p.idleMs / 1000} s: CPU, all threads (ms)`, pick: (r) => r.idleCpuMs, digits: 1, lowerIsBetter: true },
    { label: `idle: % of one core`, pick: (r) => r.idlePercentOfCore, digits: 3, lowerIsBetter: true },
    { label: `idle ${p.idleMs / 1000} s: context switches`, pick: (r) => r.idleSwitches, digits: 0, lowerIsBetter: true },
    { label: `idle: RSS (MB)`, pick: (r) => r.rssMb, digits: 1, lowerIsBetter: true },
    { label: `SIGTERM until all stopped and exited (s)`, pick: (r) => r.shutdownS, digits: 2, lowerIsBetter: true },
  ];
  process.stdout.write(`\n${table(results, rows)}\n\n${verdicts(results).join("\n")}\n`);
  const file = writeResults("serve", startedAt, { params: p, results, verdicts: verdicts(results) });
  process.stdout.write(`\nresults: ${file}\n`);
  return 0;
}

runAsScript(import.meta, main);
