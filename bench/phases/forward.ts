// Signal-forward latency: the harness sends SIGUSR1 to the supervisor and
// times until the probe's handler runs (both stamps CLOCK_MONOTONIC). One
// signal at a time, with a gap between them so every signal finds the
// supervisor idle, as a signal from a container runtime would.
import type { Probes } from "../lib/build-probes.ts";
import { median, percentile } from "../lib/stats.ts";
import { numbersIn, runChecked } from "../lib/run-command.ts";

export interface ForwardResult {
  signals: number;
  gapUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  samplesUs: number[];
}

export async function measureForward(prefix: string[], probes: Probes, signals: number, gapUs: number, what: string): Promise<ForwardResult> {
  const argv = [probes.harness, "forward", String(signals), String(gapUs), "--", ...prefix, probes.probe, "signals"];
  const out = await runChecked(argv, 120_000, `signal forwarding through ${what}`);
  const samplesUs = numbersIn(out).map((ns) => ns / 1e3);
  if (samplesUs.length !== signals) throw new Error(`bench: ${what}: ${samplesUs.length} of ${signals} signals timed`);
  return {
    signals,
    gapUs,
    p50Us: median(samplesUs),
    p99Us: percentile(samplesUs, 99),
    maxUs: percentile(samplesUs, 100),
    samplesUs,
  };
}
