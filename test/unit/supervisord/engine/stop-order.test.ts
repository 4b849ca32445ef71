import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import type { SupervisedProcess } from "../../../../src/supervisord/engine/process.ts";
import { stopInOrder } from "../../../../src/supervisord/engine/stop-order.ts";

/** A process that takes `ms` to stop and records when it was asked and when it was done. */
function fake(program: string, dependsOn: string[], ms: number, events: string[]): SupervisedProcess {
  let settled: Promise<void> = Promise.resolve();
  return {
    spec: { program, name: program, dependsOn },
    stop() {
      events.push(`stop ${program}`);
      settled = Bun.sleep(ms).then(() => void events.push(`done ${program}`));
    },
    whenSettled: () => settled,
  } as unknown as SupervisedProcess;
}

describe("shutdown order", () => {
  test("groups stop from the last (highest priority number) to the first, each finished before the next", async () => {
    const events: string[] = [];
    const groups = [[fake("a1", [], 2, events), fake("a2", [], 1, events)], [fake("b", [], 3, events)], [fake("c", [], 1, events)]];
    await stopInOrder(groups);
    expect(events).toEqual(["stop c", "done c", "stop b", "done b", "stop a1", "stop a2", "done a2", "done a1"]);
  });

  test("a process stops only once everything that depends on it has stopped, whatever the groups say", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.record({
            // Edges only towards earlier programs: a DAG, as the config loader guarantees.
            deps: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `p${j}`)))),
            groupOf: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
            ms: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
          }),
        ),
        async ({ deps, groupOf, ms }) => {
          const events: string[] = [];
          const procs = deps.map((d, i) => fake(`p${i}`, d as string[], ms[i]!, events));
          const groups = [0, 1, 2].map((g) => procs.filter((_, i) => groupOf[i] === g));
          await stopInOrder(groups);
          expect(events.filter((e) => e.startsWith("stop")).length).toBe(procs.length);
          deps.forEach((d, i) => {
            for (const dep of d as string[]) expect(events.indexOf(`stop ${dep}`)).toBeGreaterThan(events.indexOf(`done p${i}`));
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
