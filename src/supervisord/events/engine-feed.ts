// How a process engine that runs listener processes itself (monitor serve's,
// which gives every process its stdin pipe, log taps and status) feeds the
// pools: its events become SupervisorEvents on the bus, and the state of a
// process of an [eventlistener:x] group drives its place in the pool:
//   STARTING                    attach (a fresh spawn is ACKNOWLEDGED), follow its stdout
//   RUNNING / STOPPING          may / may not receive events
//   BACKOFF EXITED STOPPED FATAL detach (an event it held is sent again)
// The engine's own event type is matched structurally (EngineEventLike).
import type { ProcessRef, ProcessStateName, ProcessStatus } from "../backend.ts";
import type { EventBus } from "./event-bus.ts";
import type { SupervisorEvent } from "./events.ts";
import type { ListenerPool } from "./listener-pool.ts";

export type EngineEventLike =
  | { readonly kind: "process-state"; readonly process: ProcessStatus; readonly from: ProcessStateName; readonly tries: number; readonly expected: boolean }
  | { readonly kind: "supervisor-state"; readonly state: "RUNNING" | "STOPPING" }
  | { readonly kind: "group-added" | "group-removed"; readonly group: string }
  | { readonly kind: "remote-communication"; readonly type: string; readonly data: string };

/** The engine's side of a listener process: its stdin, and its stdout from now on. */
export interface ListenerHost {
  writeStdin(ref: ProcessRef, data: Uint8Array): Promise<void>;
  /** Calls onData with each chunk the process writes to stdout; returns the unfollow function. */
  followStdout(ref: ProcessRef, onData: (chunk: Uint8Array) => void): () => void;
}

/** `pid` overrides the status's own (the child that just ended, for STOPPED and EXITED). */
export function fromEngineEvent(e: EngineEventLike, pid?: number): SupervisorEvent {
  switch (e.kind) {
    case "process-state": {
      const p = e.process;
      return { kind: "process-state", process: { name: p.name, group: p.group }, from: e.from, to: p.state, pid: pid ?? p.pid, tries: e.tries, expected: e.expected };
    }
    case "supervisor-state":
      return e;
    case "group-added":
    case "group-removed":
      return { kind: "process-group", change: e.kind === "group-added" ? "added" : "removed", group: e.group };
    case "remote-communication":
      return e;
  }
}

const GONE: ReadonlySet<ProcessStateName> = new Set(["BACKOFF", "EXITED", "STOPPED", "FATAL", "UNKNOWN"]);

export class EngineFeed {
  private following = new Map<string, () => void>();
  /** Each process's child while it has one: supervisord's STOPPED and EXITED payloads carry the pid that ended. */
  private pids = new Map<string, number>();

  constructor(
    private readonly bus: EventBus,
    /** Pools by group name. */
    private readonly pools: ReadonlyMap<string, ListenerPool>,
    private readonly host: ListenerHost,
  ) {}

  /** Hand every engine event to the bus, and listener processes' states to their pools. */
  handle(e: EngineEventLike): void {
    if (e.kind !== "process-state") return this.bus.emit(fromEngineEvent(e));
    const p = e.process;
    const key = `${p.group}:${p.name}`;
    this.track(p);
    let pid = p.pid;
    if (pid) this.pids.set(key, pid);
    else if (p.state === "STOPPED" || p.state === "EXITED") pid = this.pids.get(key) ?? 0;
    if (GONE.has(p.state)) this.pids.delete(key); // after BACKOFF, a STOPPED has no child (pid 0)
    this.bus.emit(fromEngineEvent(e, pid));
  }

  private track(p: ProcessStatus): void {
    const pool = this.pools.get(p.group);
    if (!pool) return;
    const key = `${p.group}:${p.name}`;
    const ref = { group: p.group, name: p.name };
    if (p.state === "STARTING") {
      this.unfollow(key);
      pool.detach(p.name);
      pool.attach(p.name, {
        write: (bytes) => {
          // The engine queues what the pipe cannot take; an EPIPE shows as the process's exit.
          this.host.writeStdin(ref, bytes).catch(() => {});
          return true;
        },
      });
      this.following.set(key, this.host.followStdout(ref, (chunk) => pool.output(p.name, chunk)));
    } else if (p.state === "RUNNING" || p.state === "STOPPING") {
      pool.setRunning(p.name, p.state === "RUNNING");
    } else if (GONE.has(p.state)) {
      this.unfollow(key);
      pool.detach(p.name);
    }
  }

  private unfollow(key: string): void {
    this.following.get(key)?.();
    this.following.delete(key);
  }

  close(): void {
    for (const key of [...this.following.keys()]) this.unfollow(key);
  }
}
