// The log-throughput benchmark: a child writing 512 MiB of 100-byte lines,
// captured with rotation at 50 MB by monitor (plain and --log-timestamps),
// supervisord's stdout_logfile, s6-log (plain and T), runit's svlogd, and cat
// into one file (the physical limit), in one run, rounds interleaved. MiB/s
// of the child's output (median of the rounds), ratios, a check that no byte
// was lost, the idle cost of a capture, a verdict per target of issue 3, and
// the whole result as JSON in bench/results/.
//   bun bench/logs.ts [--quick] [--rounds=N] [--dir=PATH]
import { runAsScript, writeResults } from "./lib/results.ts";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLogWriter } from "./lib/build-probes.ts";
import { formatLogTable, type LogResults, logVerdicts } from "./lib/log-report.ts";
import { type LogTarget, logTargets } from "./lib/log-targets.ts";
import { median } from "./lib/stats.ts";
import { formatVerdicts } from "./lib/targets.ts";
import { measureIdle } from "./phases/idle.ts";
import { measureThroughput, type ThroughputRun } from "./phases/log-throughput.ts";
import { MONITOR_BIN } from "./lib/supervisors.ts";

const FULL = { lines: 5_368_709, rounds: 3, idleMs: 10_000, settleMs: 3_000 }; // 5368709 x 100 bytes = 512 MiB
const QUICK = { lines: 1_342_177, rounds: 1, idleMs: 3_000, settleMs: 1_500 }; // 128 MiB
type Params = typeof FULL;

function parseArgs(argv: string[]): { quick: boolean; rounds?: number; dir?: string } | "help" {
  const out: { quick: boolean; rounds?: number; dir?: string } = { quick: false };
  for (const a of argv) {
    if (a === "--quick") out.quick = true;
    else if (/^--rounds=\d+$/.test(a)) out.rounds = Math.max(1, Number(a.slice(9)));
    else if (a.startsWith("--dir=")) out.dir = a.slice(6);
    else if (a === "--help" || a === "-h") return "help";
    else throw new Error(`bench: unknown argument ${JSON.stringify(a)} (expected --quick, --rounds=N, --dir=PATH or --help)`);
  }
  return out;
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** Let the file system settle between runs: the last run's files are freed and written back. */
async function settle(): Promise<void> {
  Bun.spawnSync(["sync"]);
  await Bun.sleep(1000);
}

async function measureAll(targets: LogTarget[], p: Params, writer: string, base: string): Promise<Map<string, ThroughputRun[]>> {
  const runs = new Map<string, ThroughputRun[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= p.rounds; round++) {
    for (const t of targets) {
      await settle();
      const dir = join(base, t.name.replace(/[^a-z0-9]+/gi, "-"));
      const r = await measureThroughput(t, writer, p.lines, dir);
      rmSync(dir, { recursive: true, force: true });
      runs.get(t.name)!.push(r);
      const v = r.verification;
      progress(`round ${round}/${p.rounds} ${t.name}: ${r.mibPerSec.toFixed(0)} MiB/s, ${v.files} files, ${v.ok ? "every line once, whole, in order" : `LOST: ${v.problem}`}`);
    }
  }
  return runs;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === "help") {
    process.stdout.write("usage: bun bench/logs.ts [--quick] [--rounds=N] [--dir=PATH]   (PATH: where the logs are written; default a fresh directory under the system's temp dir)\n");
    return 0;
  }
  const p = { ...(args.quick ? QUICK : FULL), ...(args.rounds ? { rounds: args.rounds } : {}) };
  const targets = logTargets();
  for (const t of targets) {
    if (!existsSync(t.needs)) throw new Error(`bench: ${t.needs} is missing (${t.needs === MONITOR_BIN ? "run `npm run build`" : "apt-get install -y supervisor s6 runit"})`);
  }
  const writer = buildLogWriter();
  if (args.dir) mkdirSync(args.dir, { recursive: true });
  const base = mkdtempSync(join(args.dir ?? tmpdir(), "monitor-logbench-"));
  const startedAt = new Date();
  let runs: Map<string, ThroughputRun[]>;
  try {
    progress(`${(p.lines * 100) / 2 ** 20} MiB of 100-byte lines, ${p.rounds} round(s) of ${targets.length} loggers, logs under ${base}`);
    runs = await measureAll(targets, p, writer, base);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  progress(`idle cost of a capture: ${p.idleMs / 1000} s window, monitor with and without --log-file side by side`);
  const idleLog = mkdtempSync(join(tmpdir(), "monitor-logbench-idle-"));
  const idle = await measureIdle([
    { name: "monitor", prefix: [MONITOR_BIN, "--restart=never", "--"] },
    { name: "monitor --log-file", prefix: [MONITOR_BIN, "--restart=never", `--log-file=${join(idleLog, "idle.log")}`, "--"] },
  ], p.idleMs, p.settleMs);
  rmSync(idleLog, { recursive: true, force: true });

  const results: LogResults = Object.fromEntries(targets.map((t) => {
    const r = runs.get(t.name)!;
    return [t.name, { mibPerSec: median(r.map((x) => x.mibPerSec)), runs: r.map((x) => x.mibPerSec), lost: r.some((x) => !x.verification.ok), problems: r.flatMap((x) => x.verification.problem ?? []), files: r[0]!.verification.files }];
  })) as LogResults;
  const verdicts = logVerdicts(results, idle.get("monitor --log-file")!, idle.get("monitor")!);
  process.stdout.write(`\n${formatLogTable(results)}\n`);
  const [plain, captured] = [idle.get("monitor")!, idle.get("monitor --log-file")!];
  process.stdout.write(`idle ${p.idleMs / 1000} s supervising sleep: context switches ${plain.contextSwitches} without --log-file, ${captured.contextSwitches} with; RSS ${plain.rssMb.toFixed(1)} / ${captured.rssMb.toFixed(1)} MB\n\n`);
  process.stdout.write(`${formatVerdicts(verdicts)}\n`);

  const file = writeResults("logs", startedAt, { quick: args.quick, params: p, results, idle: Object.fromEntries(idle), verdicts });
  process.stdout.write(`\nresults: ${file}\n`);
  return 0;
}

runAsScript(import.meta, main);
