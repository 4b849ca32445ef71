// Restart latency: the gap between one start of a child that exits at once
// and the next, from the probe's own CLOCK_MONOTONIC stamps (so no runtime
// of the bench sits between the events). A supervisor runs in a session of
// its own (setsid) and is stopped by its group at the end, however it fares.
import { existsSync, readFileSync } from "node:fs";
import { median, percentile } from "../lib/stats.ts";

export interface RestartResult {
  gaps: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  samplesMs: number[];
}

function stampsIn(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone
  }
}

/** Up to `wanted` gaps (the first start's is dropped as warm-up), for at most `capMs`. */
export async function measureRestartGaps(argv: string[], stamps: string, wanted: number, capMs: number): Promise<RestartResult> {
  const proc = Bun.spawn(["setsid", ...argv], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  const deadline = Date.now() + capMs;
  try {
    while (stampsIn(stamps).length < wanted + 2 && Date.now() < deadline && proc.exitCode === null) await Bun.sleep(20);
  } finally {
    killGroup(proc.pid, "SIGTERM");
    const gone = await Promise.race([proc.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
    if (!gone) killGroup(proc.pid, "SIGKILL");
    await proc.exited;
  }
  const t = stampsIn(stamps);
  const samplesMs = t.slice(1).map((v, i) => (v - t[i]!) / 1e6).slice(1, wanted + 1);
  if (samplesMs.length === 0) throw new Error(`bench: ${argv[0]} restarted nothing in ${capMs} ms (${t.length} start(s))`);
  return { gaps: samplesMs.length, medianMs: median(samplesMs), p90Ms: percentile(samplesMs, 90), minMs: Math.min(...samplesMs), samplesMs };
}
