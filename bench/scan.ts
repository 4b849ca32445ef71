// The service-directory benchmark: N service directories (run = `exec sleep
// 3600`) under daemontools' svscan, runit's runsvdir and `monitor scan`, side
// by side in one run. Each scanner is started in turn (the others idle) and
// timed until every status file shows a pid; then the three trees idle
// together and each is sampled over the same window: CPU and context
// switches of every thread, RSS and PSS summed. The supervision tree counted
// is the scanner plus its supervise / runsv processes (monitor: one
// process); the services themselves (`sleep`, identical in all three) are
// shown apart. Table, verdicts, and JSON in bench/results/.
//   bun bench/scan.ts [--quick] [--services=N]
import { runAsScript, writeResults } from "./lib/results.ts";
import { RESCAN_MS } from "../src/daemontools/scanner.ts";
import { checkScanTargets, formatScanTable, formatScanVerdicts, scanRows, type ScanResults } from "./lib/scan-report.ts";
import { binaryOf, removeServiceDirs, startScanner, waitAllUp, type Scanner, type ScannerName } from "./lib/service-tree.ts";
import { measureWindow, treeMembers, type TreeMembers } from "./lib/tree-sample.ts";

const FULL = { services: 1000, idleMs: 30_000, settleMs: 6_000 };
const QUICK = { services: 200, idleMs: 10_000, settleMs: 3_000 };
const ORDER: readonly ScannerName[] = ["svscan", "runsvdir", "monitor"];

function parseArgs(argv: string[]): typeof FULL | "help" {
  let p = { ...FULL };
  for (const a of argv) {
    if (a === "--quick") p = { ...QUICK, services: p.services === FULL.services ? QUICK.services : p.services };
    else if (a.startsWith("--services=")) {
      const n = Number(a.slice("--services=".length));
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`bench: --services=${a.slice(11)} is not a whole number from 1 to 1000`);
      p.services = n;
    } else if (a === "--help" || a === "-h") return "help";
    else throw new Error(`bench: unknown argument ${JSON.stringify(a)} (expected --quick, --services=N or --help)`);
  }
  return p;
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone
  }
}

/** monitor: TERM, timed until it has stopped everything and exited. The others: SIGKILL by pid, supervisors first. */
async function stopScanner(s: Scanner, members: TreeMembers): Promise<number | undefined> {
  let stopMs: number | undefined;
  if (s.name === "monitor") {
    const t = performance.now();
    s.proc.kill("SIGTERM");
    const r = await Promise.race([s.proc.exited, Bun.sleep(60_000).then(() => "late" as const)]);
    if (r !== "late") stopMs = performance.now() - t;
  }
  for (const pid of members.supervisors) killQuietly(pid);
  for (const pid of members.services) killQuietly(pid);
  await Promise.race([s.proc.exited, Bun.sleep(5_000)]);
  return stopMs;
}

export async function main(argv: string[]): Promise<number> {
  const p = parseArgs(argv);
  if (p === "help") {
    process.stdout.write("usage: bun bench/scan.ts [--quick] [--services=N]\n");
    return 0;
  }
  for (const name of ORDER) {
    if (!(await Bun.file(binaryOf(name)).exists())) throw new Error(`bench: ${binaryOf(name)} is missing (${name === "monitor" ? "run `npm run build`" : "apt-get install -y daemontools runit"})`);
  }
  const startedAt = new Date();
  const scanners: Scanner[] = [];
  const members = new Map<ScannerName, TreeMembers>();
  const upMs = new Map<ScannerName, number>();
  try {
    for (const name of ORDER) {
      progress(`${name}: ${p.services} services, waiting until all are up`);
      const t = performance.now();
      const s = startScanner(name, p.services);
      scanners.push(s);
      upMs.set(name, await waitAllUp(s, t, 120_000));
    }
    progress(`all up; settling ${p.settleMs / 1000} s, then ${p.idleMs / 1000} s idle, the three side by side`);
    await Bun.sleep(p.settleMs);
    const groups: Record<string, number[]> = {};
    for (const s of scanners) {
      const m = treeMembers(s.proc.pid);
      members.set(s.name, m);
      groups[`${s.name}:supervision`] = m.supervisors;
      groups[`${s.name}:services`] = m.services;
    }
    const figures = await measureWindow(groups, p.idleMs);
    const results = {} as ScanResults;
    for (const s of scanners) {
      results[s.name] = { upMs: upMs.get(s.name)!, supervision: figures[`${s.name}:supervision`]!, services: figures[`${s.name}:services`]! };
    }
    progress("stopping (monitor by TERM, timed; the others by SIGKILL)");
    for (const s of [...scanners].reverse()) {
      const stopMs = await stopScanner(s, members.get(s.name)!);
      if (stopMs !== undefined) results[s.name].stopMs = stopMs;
    }
    const verdicts = checkScanTargets(results, p.idleMs / 1000, RESCAN_MS / 1000);
    process.stdout.write(`\n${formatScanTable(results, scanRows({ services: p.services, idleSec: p.idleMs / 1000 }))}\n`);
    if (results.monitor.stopMs !== undefined) {
      process.stdout.write(`(monitor scan: TERM -> every service stopped and monitor gone in ${(results.monitor.stopMs / 1000).toFixed(2)} s)\n`);
    }
    process.stdout.write(`\n${formatScanVerdicts(verdicts)}\n`);
    const file = writeResults("scan", startedAt, { params: p, results, verdicts });
    process.stdout.write(`\nresults: ${file}\n`);
    return 0;
  } finally {
    for (const s of scanners) {
      if (s.proc.exitCode === null) await stopScanner(s, members.get(s.name) ?? treeMembers(s.proc.pid));
      removeServiceDirs(s);
    }
  }
}

runAsScript(import.meta, main);
