// Every [eventlistener:x] of a config, ready to run: one ListenerPool per
// group, subscribed to the bus, and one ListenerProcess per process of it.
// Its host feeds the bus, TICK events included (monitor serve's own wiring,
// serve-events.ts, starts the clock's ticks; the tests' host feeds its own,
// so no boundary passing mid-test adds an event).
import type { Log } from "../../log.ts";
import type { GroupSpec, ProcessSpec } from "../config.ts";
import type { EventBus } from "./event-bus.ts";
import { ListenerPool } from "./listener-pool.ts";
import { ListenerProcess, type ListenerProcessOptions } from "./listener-process.ts";

export interface ListenerPoolsOptions {
  readonly identifier: string;
  readonly log: Log;
  /** The environment of one listener process (supervisord's SUPERVISOR_* variables included). */
  env(spec: ProcessSpec): Readonly<Record<string, string>>;
  /** Extra per-process settings (stderr fd, state and stdout hooks). */
  processOptions?(spec: ProcessSpec): Partial<Pick<ListenerProcessOptions, "stderrFd" | "onState" | "onStdout">>;
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
  }

  /** Starts every listener process whose autostart is set. */
  start(): void {
    for (const p of this.processes.values()) if (p.spec.autostart) p.start();
  }

  stopAll(): void {
    for (const p of this.processes.values()) p.stop();
  }

  /** Unsubscribes from the bus (processes are stopped with stopAll). */
  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }
}
