// The bench's table: one row per figure, one column per supervisor, then the
// ratios monitor / tini and monitor / dumb-init (below 1 = monitor is lower).
import type { ForwardResult } from "../phases/forward.ts";
import type { IdleResult } from "../phases/idle.ts";
import type { ReapResult } from "../phases/reaping.ts";
import type { StartupResult } from "../phases/startup.ts";
import type { SupervisorName } from "./supervisors.ts";
import { ratio } from "./stats.ts";

export interface SupervisorResult {
  startup: StartupResult;
  forward: ForwardResult;
  reaping: ReapResult;
  idle: IdleResult;
}

export type Results = Record<SupervisorName, SupervisorResult>;

interface Row {
  label: string;
  pick: (r: SupervisorResult) => number;
  digits: number;
}

export function rows(p: { startRuns: number; signals: number; orphans: number; idleSec: number }): Row[] {
  return [
    { label: `start -> child's 1st instruction, median of ${p.startRuns} (ms)`, pick: (r) => r.startup.medianMs, digits: 2 },
    { label: `signal forward p50 of ${p.signals} (us)`, pick: (r) => r.forward.p50Us, digits: 1 },
    { label: `signal forward p99 of ${p.signals} (us)`, pick: (r) => r.forward.p99Us, digits: 1 },
    { label: `reap ${p.orphans} orphans as PID 1, median (ms)`, pick: (r) => r.reaping.medianMs, digits: 2 },
    { label: `idle ${p.idleSec} s: CPU, all threads (ms)`, pick: (r) => r.idle.cpuMs, digits: 3 },
    { label: `idle ${p.idleSec} s: context switches, all threads`, pick: (r) => r.idle.contextSwitches, digits: 0 },
    { label: `idle: threads`, pick: (r) => r.idle.threadsEnd, digits: 0 },
    { label: `idle: RSS (MB)`, pick: (r) => r.idle.rssMb, digits: 1 },
  ];
}

function fmt(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

function fmtRatio(a: number, b: number): string {
  const r = ratio(a, b);
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : "inf";
}

export function formatTable(results: Results, table: Row[]): string {
  const head = ["", "tini", "dumb-init", "monitor", "monitor/tini", "monitor/dumb-init"];
  const body = table.map((row) => {
    const [t, d, m] = (["tini", "dumb-init", "monitor"] as const).map((n) => row.pick(results[n]));
    return [row.label, fmt(t!, row.digits), fmt(d!, row.digits), fmt(m!, row.digits), fmtRatio(m!, t!), fmtRatio(m!, d!)];
  });
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
