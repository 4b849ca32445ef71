// The service-directory bench's table (one column per scanner, then the
// ratios monitor / svscan and monitor / runsvdir) and its verdicts.
import type { ScannerName } from "./service-tree.ts";
import { ratio } from "./stats.ts";
import type { GroupFigures } from "./tree-sample.ts";

export interface ScannerResult {
  upMs: number;
  supervision: GroupFigures;
  services: GroupFigures;
  /** monitor only: TERM to exit with every service stopped. */
  stopMs?: number;
}

export type ScanResults = Record<ScannerName, ScannerResult>;

interface Row {
  label: string;
  pick: (r: ScannerResult) => number;
  digits: number;
}

export function scanRows(p: { services: number; idleSec: number }): Row[] {
  const pct = (r: ScannerResult) => (100 * r.supervision.cpuMs) / (p.idleSec * 1000);
  return [
    { label: `time until all ${p.services} are up (s)`, pick: (r) => r.upMs / 1000, digits: 2 },
    { label: "supervision tree: processes", pick: (r) => r.supervision.processes, digits: 0 },
    { label: "supervision tree: threads", pick: (r) => r.supervision.threads, digits: 0 },
    { label: "supervision tree: RSS, summed (MB)", pick: (r) => r.supervision.rssMb, digits: 1 },
    { label: "supervision tree: PSS, summed (MB)", pick: (r) => r.supervision.pssMb, digits: 1 },
    { label: `idle ${p.idleSec} s: CPU of the tree (ms)`, pick: (r) => r.supervision.cpuMs, digits: 1 },
    { label: `idle ${p.idleSec} s: CPU (% of one core)`, pick: pct, digits: 3 },
    { label: `idle ${p.idleSec} s: context switches of the tree`, pick: (r) => r.supervision.contextSwitches, digits: 0 },
    { label: "services (sleep): processes", pick: (r) => r.services.processes, digits: 0 },
    { label: "services (sleep): RSS, summed (MB)", pick: (r) => r.services.rssMb, digits: 1 },
  ];
}

function fmt(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

function fmtRatio(a: number, b: number): string {
  const r = ratio(a, b);
  return Number.isFinite(r) ? `${r.toFixed(3)}x` : "inf";
}

export function formatScanTable(results: ScanResults, table: Row[]): string {
  const head = ["", "svscan", "runsvdir", "monitor scan", "monitor/svscan", "monitor/runsvdir"];
  const body = table.map((row) => {
    const [s, r, m] = (["svscan", "runsvdir", "monitor"] as const).map((n) => row.pick(results[n]));
    return [row.label, fmt(s!, row.digits), fmt(r!, row.digits), fmt(m!, row.digits), fmtRatio(m!, s!), fmtRatio(m!, r!)];
  });
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export interface ScanVerdict {
  target: string;
  met: boolean;
  figure: string;
}

export function checkScanTargets(r: ScanResults, idleSec: number, rescanSec: number): ScanVerdict[] {
  const m = r.monitor.supervision;
  const s = r.svscan.supervision;
  const pct = (100 * m.cpuMs) / (idleSec * 1000);
  const rescans = Math.floor(idleSec / rescanSec);
  // Each rescan wakes the JS thread once; a few helper threads of Bun's may
  // follow it. More than that points at a periodic timer of its own.
  const perRescan = m.contextSwitches / Math.max(1, rescans);
  return [
    { target: "RSS of monitor's tree below svscan's tree", met: m.rssMb < s.rssMb, figure: `${m.rssMb.toFixed(1)} MB vs ${s.rssMb.toFixed(1)} MB (PSS ${m.pssMb.toFixed(1)} vs ${s.pssMb.toFixed(1)} MB)` },
    { target: "idle CPU below 1% of one core", met: pct < 1, figure: `${pct.toFixed(3)}% (${m.cpuMs.toFixed(1)} ms in ${idleSec} s)` },
    {
      target: `no wake-ups beyond the ${rescanSec} s rescan (at most 10 switches per rescan)`,
      met: perRescan <= 10,
      figure: `${m.contextSwitches} switches in ${idleSec} s = ${perRescan.toFixed(1)} per rescan (${rescans} rescans)`,
    },
  ];
}

export function formatScanVerdicts(verdicts: ScanVerdict[]): string {
  return verdicts.map((v) => `${v.met ? "target met   " : "target MISSED"}  ${v.target}: ${v.figure}`).join("\n");
}
