// One logger, one run: start it on the writer, wait until it has stored
// everything (its exit, or for supervisord, which stays up, until the files
// hold every byte and stop growing), then time the run from the writer's
// first write to the last write into the files (their newest mtime), so no
// logger is charged for its own start-up or shutdown. Then check every line.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LogTarget } from "../lib/log-targets.ts";
import { verifyLog, type Verification } from "../lib/log-verify.ts";

export interface ThroughputRun {
  mibPerSec: number;
  seconds: number;
  verification: Verification;
}

const LINE = 100;
const BOUND_MS = 180_000;

function totalSize(files: string[]): number {
  let n = 0;
  for (const f of files) {
    try {
      n += statSync(f).size;
    } catch {
      // renamed between listing and stat (a rotation): counted next round
    }
  }
  return n;
}

async function untilStored(target: LogTarget, dir: string, expected: number): Promise<void> {
  let last = -1;
  const deadline = Date.now() + BOUND_MS;
  while (Date.now() < deadline) {
    const size = totalSize(target.files(dir));
    if (size === expected && last === expected) return;
    last = size;
    await Bun.sleep(20);
  }
  throw new Error(`bench: ${target.name} did not store ${expected} bytes within ${BOUND_MS / 1000} s`);
}

export async function measureThroughput(target: LogTarget, writer: string, lines: number, dir: string): Promise<ThroughputRun> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stampFile = join(dir, "writer.stamp");
  const expected = lines * (LINE + target.prefix);
  const proc = Bun.spawn(target.argv([writer, String(lines), stampFile], dir), { stdin: "ignore", stdout: "ignore", stderr: "pipe" });
  const killer = setTimeout(() => proc.kill("SIGKILL"), BOUND_MS);
  try {
    if (target.exits) {
      const code = await proc.exited;
      if (code !== 0) throw new Error(`bench: ${target.name} exited ${code}: ${(await new Response(proc.stderr).text()).trim().split("\n").at(-1)}`);
    } else {
      await untilStored(target, dir, expected);
      proc.kill("SIGTERM");
      await proc.exited;
    }
  } finally {
    clearTimeout(killer);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }
  const files = target.files(dir);
  const [start] = (await Bun.file(stampFile).text()).trim().split(" ").map(BigInt);
  const end = files.reduce((m, f) => {
    const t = statSync(f, { bigint: true }).mtimeNs;
    return t > m ? t : m;
  }, 0n);
  const seconds = Number(end - start!) / 1e9;
  return { mibPerSec: (lines * LINE) / 2 ** 20 / seconds, seconds, verification: verifyLog(files, lines, target.prefix) };
}
