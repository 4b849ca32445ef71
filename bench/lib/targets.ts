// The targets issue 2 sets for monitor, each checked against the same run:
// forward p50 and reaping within 1.5x of tini's, RSS under 40 MB, and idle
// with no more context switches than dumb-init's and under 5 ms of CPU.
import type { Results } from "./report.ts";

export interface Verdict {
  target: string;
  met: boolean;
  figure: string;
}

export function checkTargets(r: Results): Verdict[] {
  const m = r.monitor, t = r.tini, d = r["dumb-init"];
  return [
    {
      target: "signal forward p50 within 1.5x of tini's",
      met: m.forward.p50Us <= 1.5 * t.forward.p50Us,
      figure: `${m.forward.p50Us.toFixed(1)} us vs tini ${t.forward.p50Us.toFixed(1)} us (${(m.forward.p50Us / t.forward.p50Us).toFixed(2)}x)`,
    },
    {
      target: "reaping time within 1.5x of tini's",
      met: m.reaping.medianMs <= 1.5 * t.reaping.medianMs,
      figure: `${m.reaping.medianMs.toFixed(2)} ms vs tini ${t.reaping.medianMs.toFixed(2)} ms (${(m.reaping.medianMs / t.reaping.medianMs).toFixed(2)}x)`,
    },
    { target: "RSS under 40 MB", met: m.idle.rssMb < 40, figure: `${m.idle.rssMb.toFixed(1)} MB` },
    {
      target: "idle context switches no more than dumb-init's",
      met: m.idle.contextSwitches <= d.idle.contextSwitches,
      figure: `${m.idle.contextSwitches} vs dumb-init ${d.idle.contextSwitches}`,
    },
    { target: "idle CPU under 5 ms", met: m.idle.cpuMs < 5, figure: `${m.idle.cpuMs.toFixed(3)} ms` },
  ];
}

export function formatVerdicts(verdicts: Verdict[]): string {
  return verdicts.map((v) => `${v.met ? "target met   " : "target MISSED"}  ${v.target}: ${v.figure}`).join("\n");
}
