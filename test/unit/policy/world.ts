// A fake engine for property tests: it turns random "moves" into plausible
// events (a spawn is answered once, exits come from a live child at a later
// time, only armed timers fire), carries out the machine's actions on its own
// model of the child and the timers, and records a trace for the properties.
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
  | { k: "ready"; stale: boolean }
  | { k: "unresponsive"; stale: boolean }
  | { k: "replace" }
  | { k: "old-exit"; status: ExitStatus }
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
  /** Children the machine no longer follows (replaced by a reload, or standbys it refused). */
  olds: number[];
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

export function runWorld(config: PolicyConfig, moves: readonly Move[], closeWithStop = false, machine: Step = step): Trace {
  let state = initialState(config);
  let now = 1_000_000;
  let nextPid = 100;
  let child: number | null = null;
  let spawnPending = false;
  let rollbackPending = false;
  let spawnsSinceReset = 0;
  const olds: number[] = [];
  const timers = new Map<TimerName, number>(); // name -> due time
  const entries: Entry[] = [];
  const withHealth = (config.healthRetries ?? 0) > 0;

  const feed = (event: Event): void => {
    const before = state;
    // A start the machine honours (not one it ignores while already trying) starts a fresh count.
    if (event.type === "start" && ["STOPPED", "EXITED", "FATAL", "STOPPING"].includes(before.phase)) spawnsSinceReset = 0;
    if (event.type === "rollback-done" && before.awaitingRollback) spawnsSinceReset = 0;
    // With health checks a start is proven good by a passed check on a RUNNING, unpaused child;
    // that child still counts in the new streak, since an unhealthy stop later makes it a failure.
    if (withHealth && event.type === "health" && event.ok && before.phase === "RUNNING" && !before.paused) spawnsSinceReset = 1;
    const r = machine(config, before, event);
    for (const a of r.actions) carryOut(a);
    state = r.state;
    entries.push({ event, before, after: state, actions: r.actions, spawnsSinceReset, now, child, olds: [...olds], timers: [...timers.keys()] });
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
        // A good run resets the count. A run that ends on its own from RUNNING: none
        // left. Reaching RUNNING without health checks: the live child still counts,
        // since a stop as unresponsive later makes it a failed start (with health
        // checks, only a passed check proves it, see feed).
        if (a.from === "RUNNING" && a.to === "EXITED") spawnsSinceReset = 0;
        else if (!withHealth && a.to === "RUNNING") spawnsSinceReset = 1;
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
        return feed({ type: "ready", pid: m.stale ? (olds[0] ?? 99_999) : (child ?? undefined) });
      case "unresponsive":
        return feed({ type: "unresponsive", reason: "watchdog", pid: m.stale ? (olds[0] ?? 99_999) : (child ?? undefined) });
      case "replace": {
        // The engine's reload: a standby spawned beside the child, seen ready, offered to the machine.
        const standby = nextPid++;
        now += 1;
        const previous = child;
        child = standby; // what the machine is expected to follow, checked below
        feed({ type: "replaced", pid: standby, at: now });
        const entry = entries.at(-1)!;
        if (entry.after.pid === standby) {
          if (previous !== null) olds.push(previous);
        } else {
          child = previous; // refused: the standby is stopped by the engine, never followed
          olds.push(standby);
        }
        entry.child = child;
        entry.olds = [...olds];
        return;
      }
      case "old-exit": {
        const pid = olds.shift();
        if (pid === undefined) return;
        now += 1;
        return feed({ type: "exited", status: m.status, at: now, pid });
      }
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
