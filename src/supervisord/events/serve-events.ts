// Event listeners inside `monitor serve`: the engine runs every process,
// listeners included (status, start/stop, logs); this module gives each
// [eventlistener:x] group its ListenerPool, turns the engine's events into
// supervisord's on the bus (EngineFeed), hears PROCESS_LOG_* from channels
// with *_events_enabled, and runs the TICK timer while a pool wants ticks.
// Pools follow the active groups: added with their group, dropped with it.
import type { Log } from "../../log.ts";
import type { GroupSpec } from "../config.ts";
import type { SupervisordEngine } from "../engine/engine.ts";
import { EventBus } from "./event-bus.ts";
import { isSubscribed } from "./event-types.ts";
import { EngineFeed } from "./engine-feed.ts";
import { ListenerPool } from "./listener-pool.ts";
import { startTicks } from "./ticks.ts";

const TICKS = ["TICK_5", "TICK_60", "TICK_3600"] as const;

/** Connects pools and events to `engine`; returns the function that disconnects them. */
export function attachEventListeners(engine: SupervisordEngine, log: Log): () => void {
  const bus = new EventBus();
  const pools = new Map<string, ListenerPool>();
  const unsubscribe = new Map<string, () => void>();
  const logTaps = new Map<string, () => void>();
  let stopTicks: (() => void) | null = null;

  const processOf = (group: string, name: string) => engine.process(group, name);

  const updateTicks = () => {
    const want = [...pools.values()].some((p) => TICKS.some((t) => isSubscribed(t, p.options.events)));
    if (want && !stopTicks) stopTicks = startTicks((e) => bus.emit(e));
    if (!want && stopTicks) {
      stopTicks();
      stopTicks = null;
    }
  };

  const addPool = (spec: GroupSpec) => {
    if (spec.kind !== "eventlistener" || !spec.listener || pools.has(spec.name)) return;
    const pool = new ListenerPool({ name: spec.name, events: spec.listener.events, bufferSize: spec.listener.bufferSize, identifier: engine.config.supervisord.identifier, serials: bus.serials, log });
    pools.set(spec.name, pool);
    unsubscribe.set(spec.name, bus.subscribeRecords((r) => pool.offer(r)));
    updateTicks();
  };
  const dropPool = (name: string) => {
    unsubscribe.get(name)?.();
    unsubscribe.delete(name);
    pools.delete(name);
    updateTicks();
  };

  const feed = new EngineFeed(bus, pools, {
    writeStdin: (ref, data) => engine.writeStdin(ref, data),
    followStdout(ref, onData) {
      return processOf(ref.group, ref.name)?.output.listen("stdout", onData) ?? (() => {});
    },
  });

  // PROCESS_LOG_STDOUT / _STDERR: each start's output, with the pid of the child that wrote it.
  const followLogs = (group: string, name: string) => {
    const p = processOf(group, name);
    if (!p || p.spec.kind !== "program") return;
    for (const channel of ["stdout", "stderr"] as const) {
      if (!p.spec[channel].eventsEnabled) continue;
      const key = `${group}:${name}:${channel}`;
      logTaps.get(key)?.();
      const process = { name, group };
      logTaps.set(key, p.output.listen(channel, (data) => bus.emit({ kind: "process-log", channel, process, pid: p.runner.pid ?? p.runner.lastPgid ?? 0, data })));
    }
  };

  // The configured listener groups by name, built once per config (a thousand groups are added at boot).
  let listeners: { of: readonly GroupSpec[]; byName: Map<string, GroupSpec> } | null = null;
  const listenerSpec = (name: string) => {
    const groups = engine.configuredGroups();
    if (listeners?.of !== groups) listeners = { of: groups, byName: new Map(groups.filter((g) => g.kind === "eventlistener").map((g) => [g.name, g])) };
    return listeners.byName.get(name);
  };

  // supervisord has its pools before it says RUNNING, so listeners hear SUPERVISOR_STATE_CHANGE_RUNNING.
  const addConfiguredPools = () => engine.config.groups.forEach(addPool);
  addConfiguredPools();
  const off = engine.events.on((e) => {
    if (e.kind === "supervisor-state" && e.state === "RUNNING") addConfiguredPools();
    if (e.kind === "group-added") {
      const spec = listenerSpec(e.group);
      if (spec) addPool(spec);
    }
    if (e.kind === "process-state" && e.process.state === "STARTING") followLogs(e.process.group, e.process.name);
    feed.handle(e);
    if (e.kind === "group-removed") dropPool(e.group);
  });

  return () => {
    off();
    feed.close();
    for (const u of logTaps.values()) u();
    for (const name of [...pools.keys()]) dropPool(name);
  };
}
