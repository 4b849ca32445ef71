// The log benchmark's table (one row per logger: median MiB/s, each round,
// ratio to cat and monitor's ratio to it, files, whether every line arrived)
// and issue 3's targets checked against the same run.
import type { IdleResult } from "../phases/idle.ts";
import type { LogTargetName } from "./log-targets.ts";
import { ratio } from "./stats.ts";
import type { Verdict } from "./targets.ts";

export interface LogResult {
  mibPerSec: number;
  runs: number[];
  lost: boolean;
  problems: string[];
  files: number;
}

export type LogResults = Record<LogTargetName, LogResult>;

const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : "inf");

export function formatLogTable(r: LogResults): string {
  const head = ["logger", "MiB/s", "rounds", "/cat", "monitor/this", "files", "every line once, whole, in order"];
  const body = (Object.keys(r) as LogTargetName[]).map((name) => {
    const t = r[name];
    return [
      name,
      t.mibPerSec.toFixed(0),
      t.runs.map((v) => v.toFixed(0)).join(" "),
      x(ratio(t.mibPerSec, r.cat.mibPerSec)),
      x(ratio(r.monitor.mibPerSec, t.mibPerSec)),
      String(t.files),
      t.lost ? `NO: ${t.problems[0]}` : "yes",
    ];
  });
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function logVerdicts(r: LogResults, captured: IdleResult, plain: IdleResult): Verdict[] {
  const m = r.monitor, ts = r["monitor --log-timestamps"];
  const captureThread = captured.busyThreads.filter((t) => t.comm === "Worker").reduce((n, t) => n + t.switches, 0);
  return [
    {
      target: "monitor at least supervisord's MiB/s",
      met: m.mibPerSec >= r.supervisord.mibPerSec,
      figure: `${m.mibPerSec.toFixed(0)} vs supervisord ${r.supervisord.mibPerSec.toFixed(0)} MiB/s (${x(ratio(m.mibPerSec, r.supervisord.mibPerSec))})`,
    },
    {
      target: "monitor at least 0.85x cat's MiB/s",
      met: m.mibPerSec >= 0.85 * r.cat.mibPerSec,
      figure: `${m.mibPerSec.toFixed(0)} vs cat ${r.cat.mibPerSec.toFixed(0)} MiB/s (${x(ratio(m.mibPerSec, r.cat.mibPerSec))})`,
    },
    { target: "monitor loses no byte (plain and stamped)", met: !m.lost && !ts.lost, figure: [...m.problems, ...ts.problems][0] ?? "every line once, whole, in order" },
    {
      target: "monitor --log-timestamps at least 5x s6-log's MiB/s",
      met: ts.mibPerSec >= 5 * r["s6-log"].mibPerSec,
      figure: `${ts.mibPerSec.toFixed(0)} vs s6-log ${r["s6-log"].mibPerSec.toFixed(0)} MiB/s (${x(ratio(ts.mibPerSec, r["s6-log"].mibPerSec))}); vs s6-log T ${r["s6-log T"].mibPerSec.toFixed(0)} (${x(ratio(ts.mibPerSec, r["s6-log T"].mibPerSec))})`,
    },
    {
      target: "an idle capture thread never wakes up",
      met: captureThread === 0,
      figure: `capture thread ${captureThread} context switches; whole process ${captured.contextSwitches} with --log-file (${captured.threadsEnd} threads), ${plain.contextSwitches} without (${plain.threadsEnd})`,
    },
  ];
}
