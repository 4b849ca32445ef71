// The PID-1 benchmark: monitor side by side with tini and dumb-init in one
// run. Start-up, signal-forward latency, reaping orphans as PID 1, and the
// idle cost of supervising `sleep`; a table of figures and ratios, a verdict
// per target of issue 2, and the whole result as JSON in bench/results/.
//   bun bench/pid1.ts [--quick]
import { runAsScript, writeResults } from "./lib/results.ts";
import { buildProbes } from "./lib/build-probes.ts";
import { formatTable, rows, type Results, type SupervisorResult } from "./lib/report.ts";
import { runCommand } from "./lib/run-command.ts";
import { supervisors, type Supervisor } from "./lib/supervisors.ts";
import { checkTargets, formatVerdicts } from "./lib/targets.ts";
import { measureForward } from "./phases/forward.ts";
import { measureIdle } from "./phases/idle.ts";
import { measureReaping } from "./phases/reaping.ts";
import { measureStartup } from "./phases/startup.ts";

const FULL = { startRuns: 30, signals: 200, gapUs: 5_000, orphans: 10_000, reapRepeats: 3, idleMs: 30_000, settleMs: 3_000 };
const QUICK = { startRuns: 5, signals: 50, gapUs: 2_000, orphans: 1_000, reapRepeats: 1, idleMs: 5_000, settleMs: 1_500 };
type Params = typeof FULL;

function parseArgs(argv: string[]): { quick: boolean } | "help" {
  let quick = false;
  for (const a of argv) {
    if (a === "--quick") quick = true;
    else if (a === "--help" || a === "-h") return "help";
    else throw new Error(`bench: unknown argument ${JSON.stringify(a)} (expected --quick or --help)`);
  }
  return { quick };
}

async function versionOf(s: Supervisor): Promise<string> {
  const r = await runCommand([s.binary, "--version"], 5_000);
  return (r.stdout + r.stderr).trim().split("\n")[0] ?? "";
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function measureAll(sups: Supervisor[], p: Params, probes: ReturnType<typeof buildProbes>) {
  const partial: Record<string, Partial<SupervisorResult>> = Object.fromEntries(sups.map((s) => [s.name, {}]));
  progress(`start-up, ${p.startRuns} runs each`);
  const direct = await measureStartup([], probes, p.startRuns, "the probe alone");
  for (const s of sups) partial[s.name]!.startup = await measureStartup(s.prefix, probes, p.startRuns, s.name);
  progress(`signal forwarding, ${p.signals} signals each`);
  for (const s of sups) partial[s.name]!.forward = await measureForward(s.prefix, probes, p.signals, p.gapUs, s.name);
  progress(`reaping ${p.orphans} orphans as PID 1, ${p.reapRepeats} time(s) each`);
  for (const s of sups) partial[s.name]!.reaping = await measureReaping(s.prefix, probes, p.orphans, p.reapRepeats, s.name);
  progress(`idle, ${p.idleMs / 1000} s window, the three side by side`);
  const idle = await measureIdle(sups, p.idleMs, p.settleMs);
  for (const s of sups) partial[s.name]!.idle = idle.get(s.name)!;
  return { direct, results: partial as unknown as Results };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === "help") {
    process.stdout.write("usage: bun bench/pid1.ts [--quick]   (npm run bench [-- --quick])\n");
    return 0;
  }
  const p = args.quick ? QUICK : FULL;
  const sups = supervisors();
  const probes = buildProbes();
  const versions = Object.fromEntries(await Promise.all(sups.map(async (s) => [s.name, await versionOf(s)] as const)));
  const startedAt = new Date();
  const { direct, results } = await measureAll(sups, p, probes);
  const verdicts = checkTargets(results);

  const table = rows({ startRuns: p.startRuns, signals: p.signals, orphans: p.orphans, idleSec: p.idleMs / 1000 });
  process.stdout.write(`\n${formatTable(results, table)}\n`);
  process.stdout.write(`(the probe alone, no supervisor: start -> 1st instruction ${direct.medianMs.toFixed(2)} ms)\n\n`);
  process.stdout.write(`${formatVerdicts(verdicts)}\n`);

  const file = writeResults("pid1", startedAt, { quick: args.quick, params: p, versions, direct, results, verdicts });
  process.stdout.write(`\nresults: ${file}\n`);
  return 0;
}

runAsScript(import.meta, main);
