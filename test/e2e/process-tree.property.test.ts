// Process-tree scenarios as fast-check properties against the compiled
// binary: bounded runs (few cases each), every process cleaned up by pid.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, fixture, groupMembers, pollUntil, procState, runMonitor, SIG, waitReady } from "../helpers/monitor.ts";

const pids = (lines: string[], tag: string) =>
  lines.map((l) => new RegExp(`^${tag} pid=(\\d+)`).exec(l)).filter(Boolean).map((m) => Number(m![1]));

describe("process trees (property)", () => {
  test("orphans in and out of the group: monitor returns in bound with the child's status and nothing survives it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 125 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(0, 30, 120),
        async (code, stay, escape, ms) => {
          const t0 = Date.now();
          await using run = runMonitor(["--restart=never", "--stop-timeout=500ms", fixture("tree.sh"), String(code), String(stay), String(escape), String(ms)]);
          const { pgid } = await waitReady(run);
          await pollUntil(() => pids(run.out, "stay").length === stay && pids(run.out, "escape").length === escape, 5000, "tree built");
          const all = [...pids(run.out, "stay"), ...pids(run.out, "escape")];
          for (const p of all) run.track(p);
          expect(await run.exited(10_000)).toBe(code);
          expect(Date.now() - t0).toBeLessThan(ms + 500 + 3000);
          expect(groupMembers(pgid)).toEqual([]);
          for (const p of all) expect(alive(p)).toBe(false);
        },
      ),
      { numRuns: 6 },
    );
  });

  test("SIGSTOP / SIGCONT to the child's group at random moments never restart it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }), async (pauses) => {
        await using run = runMonitor(["--restart=always", "--backoff=10ms", "--start-secs=0", fixture("sleeper.sh")]);
        const { pid, pgid } = await waitReady(run);
        for (const ms of pauses) {
          process.kill(-pgid, SIG.SIGSTOP);
          await Bun.sleep(ms);
          process.kill(-pgid, SIG.SIGCONT);
        }
        await pollUntil(() => procState(pid) === "S", 2000, "child running again");
        expect(run.out.filter((l) => l.startsWith("ready")).length).toBe(1);
        expect(run.proc.exitCode).toBeNull();
        process.kill(run.pid, SIG.SIGTERM);
        expect(await run.exited()).toBe(143);
      }),
      { numRuns: 5 },
    );
  });

  test("crash loops with random exit codes and run lengths end as the restart policy says", async () => {
    const startSecs = 100;
    const maxRetries = 3;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 160),
        async (codes, runMs) => {
          // A long run never counts as a failed start, so a sequence of long
          // runs must end in 0 to end at all.
          const seq = runMs >= startSecs && codes[codes.length - 1] !== 0 ? [...codes, 0] : codes;
          // Model of SPEC 2: on-failure, exit 0 expected; short runs are failed starts.
          let runs = 0;
          let failures = 0;
          let status = 0;
          for (;;) {
            status = seq[Math.min(runs, seq.length - 1)]!;
            runs++;
            if (status === 0) break;
            if (runMs < startSecs) failures++;
            else failures = 0;
            if (failures === maxRetries) break;
          }
          const dir = mkdtempSync(join(tmpdir(), "monitor-"));
          await using run = runMonitor([`--start-secs=${startSecs}ms`, "--backoff=10ms", `--max-retries=${maxRetries}`, fixture("exit-sequence.sh"), join(dir, "n"), String(runMs), ...seq.map(String)]);
          expect(await run.exited(20_000)).toBe(status);
          expect(run.out.filter((l) => l.startsWith("ready")).length).toBe(runs);
        },
      ),
      { numRuns: 6 },
    );
  });
});
