// One server through the serve benchmark's phases: start it on N programs
// and time until the main log says all N entered RUNNING (both servers write
// supervisord's `success: NAME entered RUNNING state` line), then time
// `supervisorctl status` and a bare getAllProcessInfo round trip, then sample
// the server's CPU and RSS over an idle window, then stop it with SIGTERM.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packMethodCall } from "../../src/supervisord/xmlrpc.ts";
import { sampleProcess, windowCost } from "../lib/proc-sample.ts";
import { runCommand } from "../lib/run-command.ts";
import type { ServeTarget } from "../lib/serve-targets.ts";
import { writeServeConfig } from "../lib/serve-targets.ts";
import { median } from "../lib/stats.ts";
import { descendantsOf } from "../../src/sys/proc-tree.ts";

export interface ServeRunResult {
  /** Seconds from the server's start until all N programs were RUNNING. */
  allRunningS: number;
  /** Median wall time of `supervisorctl -c CONF status` (ms): the client reads the 1000-program config too. */
  statusMs: number;
  /** Median wall time of `supervisorctl -s unix://SOCK status` (ms): the client reads no program section,
   *  as with Debian's layout, where programs live in conf.d/ files that only the server includes. */
  statusUrlMs: number;
  /** Median wall time of `supervisorctl -s unix://SOCK version` (ms): the client's own start-up and one call,
   *  the floor under statusUrlMs that no server can lower. */
  versionUrlMs: number;
  /** Median round trip of supervisor.getAllProcessInfo over the socket (ms). */
  rpcMs: number;
  idleCpuMs: number;
  idlePercentOfCore: number;
  idleSwitches: number;
  rssMb: number;
  /** Seconds from SIGTERM until the server exited (every program stopped). */
  shutdownS: number;
}

export interface ServeParams {
  readonly programs: number;
  readonly startsecs?: number;
  readonly calls: number;
  readonly idleMs: number;
  readonly settleMs: number;
  /** Only the start-up phase (for the startsecs=0 run). */
  readonly startOnly?: boolean;
}

function countRunning(log: string): number {
  let n = 0;
  for (let i = log.indexOf("entered RUNNING state"); i !== -1; i = log.indexOf("entered RUNNING state", i + 1)) n++;
  return n;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

async function rpcRoundTrip(sock: string): Promise<number> {
  const t = performance.now();
  const res = await fetch("http://localhost/RPC2", {
    method: "POST",
    unix: sock,
    headers: { "Content-Type": "text/xml" },
    body: packMethodCall({ methodName: "supervisor.getAllProcessInfo", params: [] }),
  } as RequestInit);
  await res.text();
  return performance.now() - t;
}

/** Median wall time of `supervisorctl ARGS`, run `calls` times; `check` sees each one's stdout. */
async function timedCalls(args: string[], calls: number, check: (stdout: string) => void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    const r = await runCommand(["supervisorctl", ...args], 60_000);
    if (r.exitCode !== 0) throw new Error(`bench: supervisorctl ${args.join(" ")} exited ${r.exitCode}: ${r.stderr.trim()}`);
    check(r.stdout);
    times.push(performance.now() - t);
  }
  return median(times);
}

function timedStatus(target: ServeTarget, args: string[], p: ServeParams): Promise<number> {
  return timedCalls(args, p.calls, (stdout) => {
    const running = (stdout.match(/RUNNING/g) ?? []).length;
    if (running !== p.programs) throw new Error(`bench: ${target.name} status listed ${running} RUNNING`);
  });
}

export async function runServeTarget(target: ServeTarget, p: ServeParams): Promise<ServeRunResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-serve-${target.name}-`));
  const conf = writeServeConfig(dir, p.programs, p.startsecs);
  const log = join(dir, "supervisord.log");
  const started = performance.now();
  const proc = Bun.spawn(target.argv(conf), { cwd: dir, stdout: "ignore", stderr: "ignore", stdin: "ignore" });
  try {
    const read = () => (existsSync(log) ? readFileSync(log, "latin1") : "");
    await until(() => countRunning(read()) >= p.programs, 120_000, `${target.name}: ${p.programs} programs RUNNING`);
    const allRunningS = (performance.now() - started) / 1000;
    const result: ServeRunResult = { allRunningS, statusMs: NaN, statusUrlMs: NaN, versionUrlMs: NaN, rpcMs: NaN, idleCpuMs: NaN, idlePercentOfCore: NaN, idleSwitches: NaN, rssMb: NaN, shutdownS: NaN };
    if (!p.startOnly) {
      const url = `unix://${join(dir, "sock")}`;
      result.statusMs = await timedStatus(target, ["-c", conf, "status"], p);
      result.statusUrlMs = await timedStatus(target, ["-s", url, "status"], p);
      result.versionUrlMs = await timedCalls(["-s", url, "version"], p.calls, () => {});
      const rpc: number[] = [];
      for (let i = 0; i < p.calls; i++) rpc.push(await rpcRoundTrip(join(dir, "sock")));
      result.rpcMs = median(rpc);
      await Bun.sleep(p.settleMs);
      const a = sampleProcess(proc.pid);
      await Bun.sleep(p.idleMs);
      const b = sampleProcess(proc.pid);
      const w = windowCost(a, b);
      Object.assign(result, { idleCpuMs: w.cpuMs, idlePercentOfCore: (w.cpuMs / p.idleMs) * 100, idleSwitches: w.contextSwitches, rssMb: b.rssKb / 1024 });
    }
    const stopAt = performance.now();
    proc.kill("SIGTERM");
    await Promise.race([proc.exited, Bun.sleep(120_000)]);
    result.shutdownS = (performance.now() - stopAt) / 1000;
    return result;
  } finally {
    if (proc.exitCode === null) {
      // A server that did not stop: its programs would outlive the bench.
      for (const pid of descendantsOf(proc.pid)) process.kill(pid, "SIGKILL");
      proc.kill("SIGKILL");
    }
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
