// What /proc says about processes: group members, descendants, start times
// and which processes hold a given pipe. Used to stop what a child left
// behind and to name the grandchild that keeps an output pipe open.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  state: string;
  /** Clock ticks since boot. */
  startTime: number;
  comm: string;
}

/** Parse /proc/PID/stat; undefined when the process is gone. */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // comm may hold spaces and parentheses: split at the last ')'.
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const f = text.slice(close + 2).split(" ");
  return {
    pid,
    comm,
    state: f[0]!,
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    startTime: Number(f[19]),
  };
}

export function listPids(): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

export function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const pid of listPids()) {
    const s = readStat(pid);
    if (s) out.push(s);
  }
  return out;
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number, stats = allStats()): number[] {
  return stats.filter((s) => s.pgid === pgid && s.state !== "Z").map((s) => s.pid);
}

/** Every descendant of `root` by parent links (not `root` itself). */
export function descendantsOf(root: number, stats = allStats()): number[] {
  const children = new Map<number, number[]>();
  for (const s of stats) {
    const list = children.get(s.ppid) ?? [];
    list.push(s.pid);
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** `pipe:[12345]` -> 12345 for one of our fds; sockets count too (a caller's
 * stdio may be a socketpair); undefined for files and terminals. */
export function pipeInode(fd: number, pid: number | "self" = "self"): number | undefined {
  try {
    const m = /^(?:pipe|socket):\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Processes other than `except` that hold any of these pipe inodes open. */
export function pipeHolders(inodes: ReadonlySet<number>, except: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const pid of listPids()) {
    if (except.has(pid)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const inode = pipeInode(Number(fd), pid);
      if (inode !== undefined && inodes.has(inode)) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** monitor and its ancestors: never targets of a clean-up. */
export function ancestorsOf(pid: number): Set<number> {
  const out = new Set<number>();
  let cur: number | undefined = pid;
  while (cur !== undefined && cur > 0 && !out.has(cur)) {
    out.add(cur);
    cur = readStat(cur)?.ppid;
  }
  return out;
}
