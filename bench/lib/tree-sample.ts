// A scanner's whole process tree from /proc: the supervision tree (the
// scanner and its supervise / runsv processes) apart from the services
// (`sleep`, the same in every tree), each sampled with proc-sample.ts; PSS
// from smaps_rollup beside RSS, since a thousand copies of one small binary
// share most of their pages and RSS counts those a thousand times.
import { readFileSync } from "node:fs";
import { sampleProcess, windowCost, type ProcessSample } from "./proc-sample.ts";

export interface TreeMembers {
  supervisors: number[];
  services: number[];
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of require("node:fs").readdirSync(`/proc/${pid}/task`) as string[]) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text) out.push(...text.split(" ").map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** Every descendant of `root` (root included), services told apart by their command name. */
export function treeMembers(root: number, serviceComm = "sleep"): TreeMembers {
  const supervisors: number[] = [];
  const services: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    (commOf(pid) === serviceComm ? services : supervisors).push(pid);
    queue.push(...childrenOf(pid));
  }
  return { supervisors, services };
}

function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface GroupFigures {
  processes: number;
  threads: number;
  rssMb: number;
  pssMb: number;
  cpuMs: number;
  contextSwitches: number;
}

function sampleAll(pids: number[]): Map<number, ProcessSample> {
  const out = new Map<number, ProcessSample>();
  for (const pid of pids) {
    try {
      out.set(pid, sampleProcess(pid));
    } catch {
      // exited between the walk and the sample
    }
  }
  return out;
}

/** Sample `pids` now and again after `windowMs`; CPU and switches over the window, memory at its end. */
export async function measureWindow(groups: Record<string, number[]>, windowMs: number): Promise<Record<string, GroupFigures>> {
  const all = Object.values(groups).flat();
  const start = sampleAll(all);
  await Bun.sleep(windowMs);
  const end = sampleAll(all);
  const figures: Record<string, GroupFigures> = {};
  for (const [name, pids] of Object.entries(groups)) {
    const f: GroupFigures = { processes: 0, threads: 0, rssMb: 0, pssMb: 0, cpuMs: 0, contextSwitches: 0 };
    for (const pid of pids) {
      const a = start.get(pid);
      const b = end.get(pid);
      if (!a || !b) continue;
      const cost = windowCost(a, b);
      f.processes++;
      f.threads += b.threads.length;
      f.rssMb += b.rssKb / 1024;
      f.pssMb += pssKb(pid) / 1024;
      f.cpuMs += cost.cpuMs;
      f.contextSwitches += cost.contextSwitches;
    }
    figures[name] = f;
  }
  return figures;
}
