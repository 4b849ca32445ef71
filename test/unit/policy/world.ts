// A fake engine for property tests: it turns random "moves" into plausible
// events (a spawn is answered once, exits come from a live child at a later
// time, only armed timers fire), carries out the machine's actions on its own
// model of the child and the timers, and records a trace for the properties.
import fc from "fast-check";
import { initialState, step } from "../../../src/policy/machine.ts";
import type { Action, Event, ExitStatus, MachineState, PolicyConfig, TimerName } from "../../../src/policy/types.ts";
import type { Step } from "./drive.ts";

export type Move =
  | { k: "start"; once: boolean }
  | { k: "stop" }
  | { k: "deadline" }
  | { k: "spawn-reply"; fail: boolean; code: 126 | 127 }
  | { k: "exit"; after: number; status: ExitStatus }
  | { k: "fire"; pick: number }
  | { k: "stale"; timer: TimerName }
  | { k: "health"; ok: boolean }
  | { k: "ready" }
  | { k: "pause"; stopped: boolean }
  | { k: "rollback-reply"; ok: boolean };

export interface Entry {
  event: Event;
  before: MachineState;
  after: MachineState;
  actions: readonly Action[];
  /** Spawns since the last reset of the failed-start count (good run, honoured start, rollback). */
  spawnsSinceReset: number;
  now: number;
  /** The fake engine's view after the step: its live child and armed timers. */
  child: number | null;
  timers: TimerName[];
}

export interface Trace {
  entries: Entry[];
  /** Index of the first entry fed by the closing stop, when closeWithStop. */
  stopAt: number;
  /** What the fake engine holds at the end. */
  child: number | null;
  timers: TimerName[];
  spawnPending: boolean;
}

const TIMERS: TimerName[] = ["start-secs", "backoff", "stop-timeout"];

export function runWorld(config: PolicyConfig, moves: readonly Move[], closeWithStop = false, machine: Step = step): Trace {
  let state = initialState(config);
  let now = 1_000_000;
  let nextPid = 100;
  let child: number | null = null;
  let spawnPending = false;
  let rollbackPending = false;
  let spawnsSinceReset = 0;
  const timers = new Map<TimerName, number>(); // name -> due time
  const entries: Entry[] = [];

  const feed = (event: Event): void => {
    const before = state;
    // A start the machine honours (not one it ignores while already trying) starts a fresh count.
    if (event.type === "start" && ["STOPPED", "EXITED", "FATAL", "STOPPING"].includes(before.phase)) spawnsSinceReset = 0;
    if (event.type === "rollback-done" && before.awaitingRollback) spawnsSinceReset = 0;
    const r = machine(config, before, event);
    for (const a of r.actions) carryOut(a);
    state = r.state;
    entries.push({ event, before, after: state, actions: r.actions, spawnsSinceReset, now, child, timers: [...timers.keys()] });
  };

  const carryOut = (a: Action): void => {
    switch (a.type) {
      case "spawn":
        if (child !== null || spawnPending) throw new Error("spawn while a child exists or a spawn is pending");
        spawnPending = true;
        spawnsSinceReset++;
        return;
      case "signal":
      case "kill-group":
        if (child === null) throw new Error(`${a.type} with no child`);
        return;
      case "arm":
        timers.set(a.timer, now + a.ms);
        return;
      case "cancel":
        if (!timers.delete(a.timer)) throw new Error(`cancel of ${a.timer}, which is not armed`);
        return;
      case "rollback":
        rollbackPending = true;
        return;
      case "state":
        if (a.to === "RUNNING") spawnsSinceReset = 0;
        return;
      case "done":
        return;
    }
  };

  const play = (m: Move): void => {
    switch (m.k) {
      case "start":
        return feed({ type: "start", once: m.once });
      case "stop":
        return feed({ type: "stop" });
      case "deadline":
        return feed({ type: "deadline" });
      case "spawn-reply":
        if (!spawnPending) return;
        spawnPending = false;
        if (m.fail) return feed({ type: "spawn-failed", status: m.code, at: now });
        child = nextPid++;
        return feed({ type: "spawned", pid: child, at: now });
      case "exit": {
        if (child === null) return;
        now += m.after;
        const pid = child;
        child = null;
        return feed({ type: "exited", status: m.status, at: now, pid });
      }
      case "fire": {
        const armed = [...timers.keys()];
        const timer = armed[m.pick % Math.max(1, armed.length)];
        if (timer === undefined) return;
        now = Math.max(now, timers.get(timer)!);
        timers.delete(timer);
        return feed({ type: "timer", timer });
      }
      case "stale":
        if (timers.has(m.timer)) return;
        return feed({ type: "timer", timer: m.timer });
      case "health":
        return feed({ type: "health", ok: m.ok });
      case "ready":
        return feed({ type: "ready" });
      case "pause":
        if (child === null) return;
        return feed({ type: m.stopped ? "child-stopped" : "child-continued" });
      case "rollback-reply":
        if (!rollbackPending) return;
        rollbackPending = false;
        return feed({ type: m.ok ? "rollback-done" : "rollback-refused" });
    }
  };

  for (const m of moves) play(m);
  const stopAt = entries.length;
  if (closeWithStop) {
    play({ k: "stop" });
    // Drain as an engine would: answer the spawn, let the stop timeout fire, reap the child.
    for (let i = 0; i < 10 && (spawnPending || child !== null); i++) {
      if (spawnPending) play({ k: "spawn-reply", fail: false, code: 127 });
      else if (timers.has("stop-timeout")) play({ k: "fire", pick: [...timers.keys()].indexOf("stop-timeout") });
      else play({ k: "exit", after: 1, status: { signal: 9 } });
    }
  }
  return { entries, stopAt, child, timers: [...timers.keys()], spawnPending };
}

/** true about one time in five. */
const rarely = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const status = fc.oneof(
  fc.record({ code: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ signal: fc.constantFrom(9, 15) }),
) as fc.Arbitrary<ExitStatus>;

/** Moves weighted so that spawns get answered and children exit often, mostly too soon. */
export function moveArb(withHealth = true): fc.Arbitrary<Move> {
  const after = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }) });
  const arbs: fc.WeightedArbitrary<Move>[] = [
    // stop and deadline end a run, so they are rare; spawn replies, exits and fires are common.
    { weight: 4, arbitrary: fc.record({ k: fc.constant("start"), once: rarely }) as fc.Arbitrary<Move> },
    { weight: 2, arbitrary: fc.constant({ k: "stop" } as Move) },
    { weight: 1, arbitrary: fc.constant({ k: "deadline" } as Move) },
    { weight: 30, arbitrary: fc.record({ k: fc.constant("spawn-reply"), fail: fc.constant(false), code: fc.constantFrom(126, 127) }) as fc.Arbitrary<Move> },
    { weight: 8, arbitrary: fc.record({ k: fc.constant("spawn-reply"), fail: fc.constant(true), code: fc.constantFrom(126, 127) }) as fc.Arbitrary<Move> },
    { weight: 25, arbitrary: fc.record({ k: fc.constant("exit"), after, status }) as fc.Arbitrary<Move> },
    { weight: 25, arbitrary: fc.record({ k: fc.constant("fire"), pick: fc.nat(5) }) as fc.Arbitrary<Move> },
    { weight: 2, arbitrary: fc.record({ k: fc.constant("stale"), timer: fc.constantFrom(...TIMERS) }) as fc.Arbitrary<Move> },
    { weight: 2, arbitrary: fc.constant({ k: "ready" } as Move) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant("pause"), stopped: fc.boolean() }) as fc.Arbitrary<Move> },
    { weight: 6, arbitrary: fc.record({ k: fc.constant("rollback-reply"), ok: fc.boolean() }) as fc.Arbitrary<Move> },
  ];
  if (withHealth) arbs.push({ weight: 8, arbitrary: fc.record({ k: fc.constant("health"), ok: fc.boolean() }) as fc.Arbitrary<Move> });
  return fc.oneof(...arbs);
}

/** Sequences start with a start request, as every front-end's do. */
export function movesArb(withHealth = true): fc.Arbitrary<Move[]> {
  return fc.array(moveArb(withHealth), { minLength: 5, maxLength: 80, size: "medium" }).map((ms) => [{ k: "start", once: false } as Move, ...ms]);
}

export const configArb: fc.Arbitrary<PolicyConfig> = fc.record({
  restart: fc.constantFrom("on-failure", "always", "never"),
  exitCodes: fc.subarray([0, 1, 2, 3]),
  startSecsMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 })),
  backoffMs: fc.integer({ min: 0, max: 500 }),
  backoffFactor: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 4, noNaN: true })),
  backoffGrowth: fc.constantFrom("exponential", "linear", undefined),
  backoffMaxMs: fc.integer({ min: 0, max: 2000 }),
  maxRetries: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constant(Infinity) }),
  stopSignal: fc.constantFrom(15, 2, 9),
  stopTimeoutMs: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(Infinity)),
  healthRetries: fc.integer({ min: 0, max: 3 }),
  rollback: fc.boolean(),
  needsReady: rarely,
  restartDelayMs: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  retryFailedStarts: rarely,
  giveUpOnFirstExecFailure: rarely,
});
