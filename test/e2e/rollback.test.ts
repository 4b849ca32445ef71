// --backup through the compiled binary (SPEC 2, Rollback): a new PROGRAM that
// fails --max-retries starts in a row is replaced by the backup, kept as
// PROGRAM.failed, and the good version runs again; a content that failed is
// never rolled back to.
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pollUntil, runMonitor, SIG, type Run } from "../helpers/monitor.ts";

const READY = 'read -r s < /proc/$$/stat; set -- $s; echo "ready pid=$$ pgid=$5 version=';
const script = (version: string, tail: string) => `#!/bin/sh\n${READY}${version}"\n${tail}\n`;
const GOOD = script("good", "exec sleep 1000");
const BAD = script("bad", "exit 3");
const BAD2 = script("bad2", "exit 4");

/** Install `text` at `path` the way a deploy does: write beside it, rename over it. */
function deploy(path: string, text: string, mode = 0o755): void {
  writeFileSync(`${path}.new`, text);
  chmodSync(`${path}.new`, mode);
  renameSync(`${path}.new`, path);
}

function versions(run: Run): { version: string; pid: number }[] {
  return run.out.flatMap((l) => {
    const m = /^ready pid=(\d+) pgid=\d+ version=(\w+)/.exec(l);
    return m ? [{ version: m[2]!, pid: Number(m[1]) }] : [];
  });
}

/** Wait for the n-th start of `version`; its group is killed at clean-up. */
async function started(run: Run, version: string, n = 1): Promise<number> {
  const pid = await pollUntil(() => versions(run).filter((v) => v.version === version)[n - 1]?.pid, 10_000, `start #${n} of ${version} (${run.err.slice(-3).join(" | ")})`);
  run.track(pid, "pgid");
  return pid;
}

const running = (run: Run) => run.err.filter((l) => l.includes("-> RUNNING")).length;

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "monitor-rollback-"));
  const agent = join(dir, "agent");
  const backup = join(dir, "agent.bak");
  deploy(agent, GOOD);
  writeFileSync(backup, GOOD);
  const run = runMonitor([`--backup=${backup}`, "--start-secs=300ms", "--backoff=20ms", "-v", agent]);
  return { dir, agent, backup, run };
}

describe("--backup", () => {
  test("a replacement that exits at once is rolled back after 3 failed starts; the good one runs again and the bad is kept as .failed", async () => {
    const { agent, backup, run } = setUp();
    await using _ = run;
    const good = await started(run, "good");
    await pollUntil(() => running(run) === 1, 5000, "the good version RUNNING");
    deploy(agent, BAD);
    process.kill(good, SIG.SIGKILL);
    await started(run, "good", 2);
    expect(versions(run).map((v) => v.version)).toEqual(["good", "bad", "bad", "bad", "good"]);
    expect(readFileSync(agent, "utf8")).toBe(GOOD);
    expect(readFileSync(`${agent}.failed`, "utf8")).toBe(BAD);
    expect(existsSync(backup)).toBe(false); // renamed over PROGRAM, not copied
    expect(run.err.some((l) => /rolled back: .*agent .*failed 3 consecutive starts.*kept as .*agent\.failed/.test(l))).toBe(true);

    // The same bad content offered again as the backup is refused: the next
    // bad version spends its retries and monitor gives up with its status.
    await pollUntil(() => running(run) === 2, 5000, "the good version RUNNING again");
    writeFileSync(backup, BAD);
    deploy(agent, BAD2);
    process.kill(versions(run).at(-1)!.pid, SIG.SIGKILL);
    expect(await run.exited()).toBe(4);
    expect(versions(run).map((v) => v.version).slice(5)).toEqual(["bad2", "bad2", "bad2"]);
    expect(readFileSync(agent, "utf8")).toBe(BAD2);
    expect(run.err.some((l) => /no rollback: .*agent\.bak holds a version that already failed/.test(l))).toBe(true);
    expect(run.err.filter((l) => l.includes("rolled back:"))).toHaveLength(1);
  });

  test("a replacement that cannot be executed counts its exec failures and is rolled back", async () => {
    const { agent, run } = setUp();
    await using _ = run;
    const good = await started(run, "good");
    await pollUntil(() => running(run) === 1, 5000, "the good version RUNNING");
    const broken = `${GOOD}# new build, lost its x bit\n`;
    deploy(agent, broken, 0o644);
    process.kill(good, SIG.SIGKILL);
    await started(run, "good", 2);
    expect(versions(run).map((v) => v.version)).toEqual(["good", "good"]);
    expect(run.err.filter((l) => /cannot execute \(EACCES\)/.test(l))).toHaveLength(3);
    expect(readFileSync(agent, "utf8")).toBe(GOOD);
    expect(statSync(agent).mode & 0o111).not.toBe(0);
    expect(readFileSync(`${agent}.failed`, "utf8")).toBe(broken);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
  });

  test("a version that already reached RUNNING is not rolled back when it later crash-loops", async () => {
    const { agent, backup, run } = setUp();
    await using _ = run;
    const good = await started(run, "good");
    await pollUntil(() => running(run) === 1, 5000, "the good version RUNNING");
    // Contrast with the first test: same failures, but PROGRAM itself is the version that ran.
    writeFileSync(backup, BAD2);
    chmodSync(agent, 0o644); // the very same content now fails to exec
    process.kill(good, SIG.SIGKILL);
    expect(await run.exited()).toBe(126);
    expect(run.err.some((l) => /no rollback: .*agent is the version that last reached RUNNING/.test(l))).toBe(true);
    expect(readFileSync(backup, "utf8")).toBe(BAD2);
  });
});
