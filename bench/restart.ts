// The restart benchmark: monitor side by side with supervisord, runsv,
// daemontools' supervise and s6-supervise in one run, each at its fastest
// setting. The figure is the gap between one start of a child that exits at
// once and the next (median of many). Issue 3's target: monitor with
// --backoff=0 --start-secs=0 under 10 ms median and faster than every peer.
//   bun bench/restart.ts [--quick]
import { runAsScript, writeResults } from "./lib/results.ts";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProbes } from "./lib/build-probes.ts";
import { RESTART_TARGETS, type RestartTargetName } from "./lib/restart-targets.ts";
import { ratio } from "./lib/stats.ts";
import { measureRestartGaps, type RestartResult } from "./phases/restart-gap.ts";

const FULL = { gaps: 300, capMs: 10_000 };
const QUICK = { gaps: 60, capMs: 4_000 };

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function formatTable(results: Map<RestartTargetName, RestartResult>): string {
  const monitor = results.get("monitor")!;
  const head = ["", "gaps", "median (ms)", "p90 (ms)", "min (ms)", "monitor/this"];
  const body = [...results].map(([name, r]) => {
    const x = ratio(monitor.medianMs, r.medianMs);
    return [name, String(r.gaps), r.medianMs.toFixed(2), r.p90Ms.toFixed(2), r.minMs.toFixed(2), name === "monitor" ? "" : `${x.toFixed(3)}x`];
  });
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function verdicts(results: Map<RestartTargetName, RestartResult>): { target: string; met: boolean; figure: string }[] {
  const m = results.get("monitor")!;
  const peers = [...results].filter(([n]) => n !== "monitor");
  const fastest = peers.reduce((a, b) => (b[1].medianMs < a[1].medianMs ? b : a));
  return [
    { target: "monitor restart gap under 10 ms median", met: m.medianMs < 10, figure: `${m.medianMs.toFixed(2)} ms` },
    {
      target: "monitor faster than every peer",
      met: peers.every(([, r]) => m.medianMs < r.medianMs),
      figure: `fastest peer ${fastest[0]} ${fastest[1].medianMs.toFixed(2)} ms (${ratio(m.medianMs, fastest[1].medianMs).toFixed(3)}x)`,
    },
  ];
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write("usage: bun bench/restart.ts [--quick]\n");
    return 0;
  }
  for (const a of argv) if (a !== "--quick") throw new Error(`bench: unknown argument ${JSON.stringify(a)} (expected --quick or --help)`);
  const quick = argv.includes("--quick");
  const p = quick ? QUICK : FULL;
  for (const t of RESTART_TARGETS) if (!existsSync(t.binary)) throw new Error(`bench: ${t.binary} is missing`);
  const { probe } = buildProbes();
  const startedAt = new Date();
  const results = new Map<RestartTargetName, RestartResult>();
  for (const t of RESTART_TARGETS) {
    progress(`restart gaps under ${t.name} (up to ${p.gaps} gaps or ${p.capMs / 1000} s)`);
    const dir = mkdtempSync(join(tmpdir(), `bench-restart-${t.name}-`));
    try {
      const { argv: cmd, stamps } = t.prepare(dir, probe);
      results.set(t.name, await measureRestartGaps(cmd, stamps, p.gaps, p.capMs));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const checked = verdicts(results);
  process.stdout.write(`\nrestart latency: a child that exits at once, start to next start\n${formatTable(results)}\n\n`);
  process.stdout.write(`${checked.map((v) => `${v.met ? "target met   " : "target MISSED"}  ${v.target}: ${v.figure}`).join("\n")}\n`);
  const file = writeResults("restart", startedAt, { quick, params: p, results: Object.fromEntries(results), verdicts: checked });
  process.stdout.write(`\nresults: ${file}\n`);
  return 0;
}

runAsScript(import.meta, main);
