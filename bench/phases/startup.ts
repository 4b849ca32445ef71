// Start to the child's first instruction: the harness stamps the moment just
// before fork, the probe stamps its first instruction; both CLOCK_MONOTONIC.
// Includes fork + exec of the supervisor, its start-up, and its spawn of the
// child. Two warm-up runs are dropped (page cache, first exec).
import type { Probes } from "../lib/build-probes.ts";
import { median, percentile } from "../lib/stats.ts";
import { numbersIn, runChecked } from "../lib/run-command.ts";

export interface StartupResult {
  runs: number;
  medianMs: number;
  p90Ms: number;
  samplesMs: number[];
}

const WARMUP = 2;

export async function measureStartup(prefix: string[], probes: Probes, runs: number, what: string): Promise<StartupResult> {
  const argv = [probes.harness, "launch", String(runs + WARMUP), "--", ...prefix, probes.probe, "stamp"];
  const out = await runChecked(argv, 120_000, `start-up of ${what}`);
  const samplesMs = numbersIn(out).slice(WARMUP).map((ns) => ns / 1e6);
  return { runs, medianMs: median(samplesMs), p90Ms: percentile(samplesMs, 90), samplesMs };
}
