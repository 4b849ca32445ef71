import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { MAX_SERVICES, planScan, type KnownService, type ListedService } from "../../../src/daemontools/scan-plan.ts";

const listed = (name: string, key = `1:${name}`): ListedService => ({ name, key });
const known = (name: string, o: Partial<KnownService> = {}): KnownService => ({ name, hasLog: false, mainRunning: true, logRunning: false, ...o });

describe("one pass of svscan's loop", () => {
  test("new names are added, dot names never, and running services are left alone", () => {
    const k = new Map([["1:a", known("a")]]);
    const plan = planScan(k, [listed("a"), listed("b"), listed(".hidden")]);
    expect(plan).toEqual({ add: [listed("b")], rename: [], startMain: [], startLog: [], forget: [], refused: [] });
  });

  test("a known service whose supervisor or log supervisor ended is started again", () => {
    const k = new Map([
      ["1:a", known("a", { mainRunning: false })],
      ["1:b", known("b", { hasLog: true, logRunning: false })],
      ["1:c", known("c", { hasLog: false, logRunning: false })],
    ]);
    const plan = planScan(k, [listed("a"), listed("b"), listed("c")]);
    expect([plan.startMain, plan.startLog]).toEqual([["1:a"], ["1:b"]]);
  });

  test("a renamed directory is the same service under its new name", () => {
    const plan = planScan(new Map([["1:old", known("old")]]), [listed("new", "1:old")]);
    expect(plan.rename).toEqual([listed("new", "1:old")]);
    expect(plan.add).toEqual([]);
  });

  test("a directory that went away is kept while anything of it runs, forgotten once nothing does", () => {
    const k = new Map([
      ["1:main", known("main")],
      ["1:log", known("log", { mainRunning: false, hasLog: true, logRunning: true })],
      ["1:dead", known("dead", { mainRunning: false, hasLog: true })],
    ]);
    expect(planScan(k, []).forget).toEqual(["1:dead"]);
  });

  test("beyond the limit a new service is refused, and taken once there is room again", () => {
    const full = new Map(Array.from({ length: MAX_SERVICES }, (_, i) => [`1:s${i}`, known(`s${i}`)] as const));
    const names = [...full.values()].map((s) => listed(s.name));
    expect(planScan(full, [...names, listed("late")]).refused).toEqual(["late"]);
    full.delete("1:s0");
    expect(planScan(full, [...names.slice(1), listed("late")]).add).toEqual([listed("late")]);
  });
});

const nameArb = fc.constantFrom("a", "b", "c", "d", ".x", "e", "f");
const knownArb = fc.dictionary(
  nameArb.filter((n) => !n.startsWith(".")),
  fc.record({ hasLog: fc.boolean(), mainRunning: fc.boolean(), logRunning: fc.boolean() }),
);

describe("scan plan properties", () => {
  test("dot names never run, the limit is never passed, and a listed service is never forgotten", () => {
    fc.assert(
      fc.property(knownArb, fc.array(nameArb, { maxLength: 10 }), fc.integer({ min: 0, max: 6 }), (k, names, max) => {
        const knownMap = new Map(Object.entries(k).map(([name, s]) => [`1:${name}`, { name, ...s }]));
        const list = names.map((n) => listed(n));
        const plan = planScan(knownMap, list, max);
        const keysListed = new Set(list.map((l) => l.key));
        for (const l of plan.add) expect(l.name.startsWith(".")).toBe(false);
        expect(plan.add.length).toBeLessThanOrEqual(Math.max(0, max - knownMap.size));
        expect(new Set(plan.add.map((l) => l.key)).size).toBe(plan.add.length);
        for (const key of plan.forget) {
          expect(keysListed.has(key)).toBe(false);
          const s = knownMap.get(key)!;
          expect(s.mainRunning || s.logRunning).toBe(false);
        }
        for (const key of plan.startMain) expect(knownMap.get(key)!.mainRunning).toBe(false);
        for (const key of plan.startLog) expect(knownMap.get(key)!.hasLog && !knownMap.get(key)!.logRunning).toBe(true);
        // Every listed, non-dot, unknown name is either added or refused.
        const fresh = new Set(list.filter((l) => !l.name.startsWith(".") && !knownMap.has(l.key)).map((l) => l.name));
        expect(new Set([...plan.add.map((l) => l.name), ...plan.refused])).toEqual(fresh);
      }),
      { numRuns: 500 },
    );
  });
});
