// Idle cost: the three supervisors run side by side, each supervising
// `sleep`, and after a settling period each one's threads are sampled at the
// start and end of the same window: CPU time, context switches (all threads),
// resident memory. Any periodic wake-up shows as switches and CPU.
import { readFileSync } from "node:fs";
import { sampleProcess, windowCost, type WindowCost } from "../lib/proc-sample.ts";
import type { Supervisor } from "../lib/supervisors.ts";

export interface IdleResult extends WindowCost {
  windowMs: number;
  rssMb: number;
  hwmMb: number;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** TERM to each supervisor (they pass it on to sleep); if one is late, KILL
 * its children, then it, by pid. */
async function stopAll(procs: Bun.Subprocess[]): Promise<void> {
  for (const p of procs) if (p.exitCode === null) p.kill("SIGTERM");
  const bound = Bun.sleep(5_000).then(() => "late" as const);
  const all = Promise.all(procs.map((p) => p.exited));
  if ((await Promise.race([all, bound])) === "late") {
    for (const p of procs) {
      if (p.exitCode !== null) continue;
      for (const pid of childrenOf(p.pid)) process.kill(pid, "SIGKILL");
      p.kill("SIGKILL");
    }
  }
  await all;
}

export async function measureIdle(sups: ReadonlyArray<Pick<Supervisor, "prefix"> & { name: string }>, windowMs: number, settleMs: number): Promise<Map<string, IdleResult>> {
  const procs = sups.map((s) => Bun.spawn([...s.prefix, "sleep", "3600"], { stdin: "ignore", stdout: "ignore", stderr: "ignore" }));
  try {
    await Bun.sleep(settleMs);
    for (const [i, p] of procs.entries()) {
      if (p.exitCode !== null) throw new Error(`bench: ${sups[i]!.name} supervising sleep exited early (${p.exitCode})`);
    }
    const start = procs.map((p) => sampleProcess(p.pid));
    await Bun.sleep(windowMs);
    const end = procs.map((p) => sampleProcess(p.pid));
    return new Map(sups.map((s, i) => {
      const cost = windowCost(start[i]!, end[i]!);
      return [s.name, { ...cost, windowMs, rssMb: end[i]!.rssKb / 1024, hwmMb: end[i]!.hwmKb / 1024 }];
    }));
  } finally {
    await stopAll(procs);
  }
}
