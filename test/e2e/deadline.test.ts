import { describe, expect, test } from "bun:test";
import { alive, fixture, groupMembers, runMonitor, waitReady } from "../helpers/monitor.ts";

describe("jobs with a deadline", () => {
  test("--timeout stops the whole group, exits 124 and keeps the output so far", async () => {
    await using run = runMonitor(["--timeout=400ms", "--stop-timeout=300ms", "sh", "-c", "echo before; echo ready pid=$$ pgid=$$; sleep 1000"]);
    const { pgid } = await waitReady(run);
    expect(await run.exited()).toBe(124);
    expect(run.out).toContain("before");
    expect(groupMembers(pgid)).toEqual([]);
  });

  test("returns within stop-timeout + 100 ms of the deadline although an escaped grandchild holds stdout, and names it", async () => {
    const t0 = Date.now();
    await using run = runMonitor(["--timeout=500ms", "--stop-timeout=300ms", "--restart=always", fixture("escape-holder.sh")]);
    await waitReady(run);
    const escaped = Number((await run.waitForLine(/^escaped pid=(\d+)/))[1]);
    run.track(escaped);
    expect(await run.exited()).toBe(124);
    // Generous bound for a loaded CI machine; the benchmark measures the real figure.
    expect(Date.now() - t0).toBeLessThan(500 + 300 + 1500);
    expect(run.err.join("\n")).toContain(String(escaped));
    expect(alive(escaped)).toBe(false);
  });

  test("a job that finishes before its deadline exits with its own status at once", async () => {
    const t0 = Date.now();
    await using run = runMonitor(["--timeout=20s", "--restart=never", fixture("exit-with.sh"), "3"]);
    expect(await run.exited()).toBe(3);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
