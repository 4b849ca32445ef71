// The three scanners of the service-directory bench, each over its own copy
// of N service directories (run = `exec sleep 3600`): daemontools' svscan
// (one supervise process per service), runit's runsvdir (one runsv per
// service) and `monitor scan` (every supervise inside one process). Each is
// started under setsid, so it leads a group of its own.
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MONITOR_BIN } from "./supervisors.ts";

export type ScannerName = "svscan" | "runsvdir" | "monitor";

export interface Scanner {
  name: ScannerName;
  root: string;
  dirs: string[];
  proc: Bun.Subprocess;
}

const COMMANDS: Record<ScannerName, (root: string) => string[]> = {
  svscan: (root) => ["/usr/bin/svscan", root],
  // runsvdir's second argument is its "log" line, shown in ps; dots keep it short.
  runsvdir: (root) => ["/usr/bin/runsvdir", "-P", root, "log: ..........."],
  monitor: (root) => [MONITOR_BIN, "scan", root],
};

export function binaryOf(name: ScannerName): string {
  return COMMANDS[name]("")[0]!;
}

export function makeServiceDirs(count: number, label: string): { root: string; dirs: string[] } {
  const root = mkdtempSync(join(tmpdir(), `bench-scan-${label}-`));
  const dirs: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `s${String(i).padStart(4, "0")}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "run"), "#!/bin/sh\nexec sleep 3600\n");
    chmodSync(join(dir, "run"), 0o755);
    dirs.push(dir);
  }
  return { root, dirs };
}

export function startScanner(name: ScannerName, count: number): Scanner {
  const { root, dirs } = makeServiceDirs(count, name);
  const proc = Bun.spawn(["setsid", ...COMMANDS[name](root)], { stdin: "ignore", stdout: "ignore", stderr: "inherit" });
  return { name, root, dirs, proc };
}

const statusBuf = new Uint8Array(20);

/** The pid in DIR/supervise/status (bytes 12..15, little-endian, in both layouts); 0 when down or unreadable. */
export function statusPid(dir: string): number {
  let fd: number;
  try {
    fd = openSync(join(dir, "supervise", "status"), "r");
  } catch {
    return 0;
  }
  try {
    const n = readSync(fd, statusBuf, 0, 20, 0);
    return n >= 18 ? new DataView(statusBuf.buffer).getUint32(12, true) : 0;
  } finally {
    closeSync(fd);
  }
}

/** Poll the status files until every service has a pid; the elapsed ms, or throws after `timeoutMs`. */
export async function waitAllUp(s: Scanner, startedAt: number, timeoutMs: number): Promise<number> {
  const pending = new Set(s.dirs);
  for (;;) {
    for (const dir of pending) if (statusPid(dir) !== 0) pending.delete(dir);
    if (pending.size === 0) return performance.now() - startedAt;
    if (s.proc.exitCode !== null) throw new Error(`bench: ${s.name} exited (${s.proc.exitCode}) with ${pending.size} services not up`);
    if (performance.now() - startedAt > timeoutMs) throw new Error(`bench: ${s.name}: ${pending.size} of ${s.dirs.length} services not up after ${timeoutMs} ms`);
    await Bun.sleep(20);
  }
}

export function removeServiceDirs(s: Scanner): void {
  rmSync(s.root, { recursive: true, force: true });
}
