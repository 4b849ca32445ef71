// Reaping N orphans as PID 1 of a fresh pid namespace. The probe (PID 2) has a
// spawner fork N children that exit at once; when all have exited the spawner
// exits, so N zombies are reparented to PID 1 together. Reap time: from the
// spawner's last instruction until the namespace's /proc lists nothing but
// PID 1 and the probe (polled every 0.2 ms). Identical for all three.
import type { Probes } from "../lib/build-probes.ts";
import { median } from "../lib/stats.ts";
import { runChecked } from "../lib/run-command.ts";

export interface ReapResult {
  orphans: number;
  repeats: number;
  medianMs: number;
  samplesMs: number[];
  peakProcesses: number[];
}

const LINE = /^orphans n=(\d+) peak=(\d+) polls=(\d+) forked_ns=(\d+) reap_ns=(\d+)$/m;

export async function measureReaping(prefix: string[], probes: Probes, orphans: number, repeats: number, what: string): Promise<ReapResult> {
  const argv = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", ...prefix, probes.probe, "orphans", String(orphans)];
  const samplesMs: number[] = [];
  const peakProcesses: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const out = await runChecked(argv, 120_000, `reaping under ${what}`);
    const m = LINE.exec(out);
    if (!m) throw new Error(`bench: reaping under ${what}: no result line in ${JSON.stringify(out.slice(0, 200))}`);
    samplesMs.push(Number(m[5]) / 1e6);
    peakProcesses.push(Number(m[2]));
  }
  return { orphans, repeats, medianMs: median(samplesMs), samplesMs, peakProcesses };
}
