// What a process costs, per thread, from /proc: CPU time in ns
// (task/TID/schedstat, the scheduler's own sum, where stat's utime+stime is
// in 10 ms ticks), context switches (voluntary and not, task/TID/status), and
// memory (VmRSS, VmHWM). A window is the difference of two samples.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface ThreadSample {
  tid: number;
  comm: string;
  cpuNs: number;
  ticks: number;
  voluntary: number;
  nonvoluntary: number;
}

export interface ProcessSample {
  pid: number;
  threads: ThreadSample[];
  rssKb: number;
  hwmKb: number;
}

function statusField(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

function sampleThread(pid: number, tid: number): ThreadSample | undefined {
  try {
    const dir = `/proc/${pid}/task/${tid}`;
    const stat = readFileSync(`${dir}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // field 3 onward
    const status = readFileSync(`${dir}/status`, "utf8");
    return {
      tid,
      comm,
      cpuNs: Number(readFileSync(`${dir}/schedstat`, "utf8").split(" ")[0]),
      ticks: Number(rest[11]) + Number(rest[12]), // utime + stime
      voluntary: statusField(status, "voluntary_ctxt_switches"),
      nonvoluntary: statusField(status, "nonvoluntary_ctxt_switches"),
    };
  } catch {
    return undefined; // the thread ended between readdir and read
  }
}

export function sampleProcess(pid: number): ProcessSample {
  const tids = readdirSync(`/proc/${pid}/task`).map(Number);
  const threads = tids.map((tid) => sampleThread(pid, tid)).filter((t): t is ThreadSample => t !== undefined);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return { pid, threads, rssKb: statusField(status, "VmRSS"), hwmKb: statusField(status, "VmHWM") };
}

export interface ThreadDelta {
  tid: number;
  comm: string;
  cpuNs: number;
  switches: number;
}

export interface WindowCost {
  cpuMs: number;
  cpuTickMs: number;
  voluntary: number;
  nonvoluntary: number;
  contextSwitches: number;
  threadsStart: number;
  threadsEnd: number;
  busyThreads: ThreadDelta[];
}

/** Cost between two samples; a thread born in the window counts from zero. */
export function windowCost(a: ProcessSample, b: ProcessSample): WindowCost {
  const before = new Map(a.threads.map((t) => [t.tid, t]));
  const zero: ThreadSample = { tid: 0, comm: "", cpuNs: 0, ticks: 0, voluntary: 0, nonvoluntary: 0 };
  let cpuNs = 0, ticks = 0, voluntary = 0, nonvoluntary = 0;
  const busyThreads: ThreadDelta[] = [];
  for (const t of b.threads) {
    const s = before.get(t.tid) ?? zero;
    const d = { cpu: t.cpuNs - s.cpuNs, vol: t.voluntary - s.voluntary, nonvol: t.nonvoluntary - s.nonvoluntary };
    cpuNs += d.cpu;
    ticks += t.ticks - s.ticks;
    voluntary += d.vol;
    nonvoluntary += d.nonvol;
    if (d.vol + d.nonvol > 0 || d.cpu > 0) busyThreads.push({ tid: t.tid, comm: t.comm, cpuNs: d.cpu, switches: d.vol + d.nonvol });
  }
  return {
    cpuMs: cpuNs / 1e6,
    cpuTickMs: ticks * TICK_MS,
    voluntary,
    nonvoluntary,
    contextSwitches: voluntary + nonvoluntary,
    threadsStart: a.threads.length,
    threadsEnd: b.threads.length,
    busyThreads,
  };
}
