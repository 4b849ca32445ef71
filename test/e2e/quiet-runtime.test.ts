// What monitor does to its own runtime to stay quiet while idle (re-exec with
// the GC timer and mimalloc's scavenger off, start-up pages given back) must
// not show in the child, and must show in monitor's footprint.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { pollUntil, runMonitor, waitReady, fixture } from "../helpers/monitor.ts";

function childEnv(lines: string[]): Record<string, string> {
  const start = lines.indexOf("env-begin");
  const end = lines.indexOf("env-end");
  return Object.fromEntries(lines.slice(start + 1, end).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

const PRINT_ENV = ["--restart=never", "sh", "-c", "echo env-begin; env; echo env-end"];

describe("the quiet runtime", () => {
  test("the child's environment is exactly monitor's: none of the variables monitor set for itself", async () => {
    await using run = runMonitor(PRINT_ENV, { env: { ONLY_THE_USERS: "x" } });
    expect(await run.exited()).toBe(0);
    const env = childEnv(run.out);
    expect(env.ONLY_THE_USERS).toBe("x");
    for (const name of Object.keys(env)) expect(name).not.toMatch(/^(MONITOR_REEXEC|BUN_GC_TIMER_DISABLE$|MIMALLOC_)/);
  });

  test("a variable the user set himself is kept, while the ones monitor added are removed", async () => {
    await using run = runMonitor(PRINT_ENV, { env: { BUN_GC_TIMER_DISABLE: "1" } });
    expect(await run.exited()).toBe(0);
    const env = childEnv(run.out);
    expect(env.BUN_GC_TIMER_DISABLE).toBe("1");
    expect(env.MIMALLOC_PURGE_DELAY).toBeUndefined();
  });

  test("once the program runs, monitor gives its start-up pages back: RSS well under 40 MB", async () => {
    await using run = runMonitor(["--start-secs=0", fixture("sleeper.sh")]);
    await waitReady(run);
    // Before the page-out a compiled monitor holds some 35 MB; after it, about 15.
    const rssKb = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${run.pid}/status`, "latin1"))?.[1]);
    await pollUntil(() => rssKb() < 30 * 1024, 10_000, `RSS under 30 MB (now ${rssKb()} kB)`);
  });
});
