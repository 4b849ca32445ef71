// Every [eventlistener:x] of a config, ready to run: one ListenerPool per
// group, subscribed to the bus, and one ListenerProcess per process of it.
// `monitor serve` emits its engine's events into the bus; ticks are started
// here only when some pool listens to TICK events (supervisord ticks always,
// but nobody can tell the difference).
import type { Log } from "../../log.ts";
import type { GroupSpec, ProcessSpec } from "../config.ts";
import type { EventBus } from "./event-bus.ts";
import { isSubscribed } from "./event-types.ts";
import { ListenerPool } from "./listener-pool.ts";
import { ListenerProcess, type ListenerProcessOptions } from "./listener-process.ts";
import { startTicks } from "./ticks.ts";

export interface ListenerPoolsOptions {
  readonly identifier: string;
  readonly log: Log;
  /** The environment of one listener process (supervisord's SUPERVISOR_* variables included). */
  env(spec: ProcessSpec): Readonly<Record<string, string>>;
  /** Extra per-process settings (stderr fd, state and stdout hooks). */
  processOptions?(spec: ProcessSpec): Partial<Pick<ListenerProcessOptions, "stderrFd" | "onState" | "onStdout">>;
  /** Whether the clock's TICK events go into the bus when a pool listens to them (default true;
   *  false for a host that feeds its own ticks, such as the tests'). */
  readonly clockTicks?: boolean;
}

export class ListenerPools {
  readonly pools = new Map<string, ListenerPool>();
  readonly processes = new Map<string, ListenerProcess>();
  private unsubscribe: (() => void)[] = [];

  constructor(groups: readonly GroupSpec[], bus: EventBus, o: ListenerPoolsOptions) {
    for (const group of groups) {
      if (group.kind !== "eventlistener" || !group.listener) continue;
      const pool = new ListenerPool({ name: group.name, events: group.listener.events, bufferSize: group.listener.bufferSize, identifier: o.identifier, serials: bus.serials, log: o.log });
      this.pools.set(group.name, pool);
      this.unsubscribe.push(bus.subscribeRecords((r) => pool.offer(r)));
      for (const spec of group.processes) {
        this.processes.set(`${group.name}:${spec.name}`, new ListenerProcess({ spec, pool, log: o.log, env: o.env(spec), ...o.processOptions?.(spec) }));
      }
    }
    const wantsTicks = groups.some((g) => g.listener && (["TICK_5", "TICK_60", "TICK_3600"] as const).some((t) => isSubscribed(t, g.listener!.events)));
    if (wantsTicks && o.clockTicks !== false) this.unsubscribe.push(startTicks((e) => bus.emit(e)));
  }

  /** Starts every listener process whose autostart is set. */
  start(): void {
    for (const p of this.processes.values()) if (p.spec.autostart) p.start();
  }

  stopAll(): void {
    for (const p of this.processes.values()) p.stop();
  }

  /** Unsubscribes from the bus and stops the tick timer (processes are stopped with stopAll). */
  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }
}
