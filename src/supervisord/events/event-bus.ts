// The one place events are emitted into (monitor serve's engine, the tick
// timer) and listener pools subscribe to. Each emission becomes one record
// that every pool shares, so the global serial is given once, by the first
// pool that takes the event, as supervisord's GlobalSerial is.
import type { EventSource, SupervisorEvent } from "./events.ts";

export interface EventRecord {
  readonly event: SupervisorEvent;
  /** Given by the first pool that accepts the event; undefined before. */
  serial?: number;
}

/** supervisord's serial counters: -1 before the first event, so the first serial is 0. */
export class SerialCounter {
  private last = -1;
  next(): number {
    this.last = this.last === Number.MAX_SAFE_INTEGER ? 0 : this.last + 1;
    return this.last;
  }
}

export class EventBus implements EventSource {
  readonly serials = new SerialCounter();
  private listeners = new Set<(event: SupervisorEvent) => void>();
  private pools = new Set<(record: EventRecord) => void>();

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pools take the shared record (for the global serial); other subscribers the plain event. */
  subscribeRecords(pool: (record: EventRecord) => void): () => void {
    this.pools.add(pool);
    return () => this.pools.delete(pool);
  }

  emit(event: SupervisorEvent): void {
    const record: EventRecord = { event };
    for (const pool of [...this.pools]) pool(record);
    for (const listener of [...this.listeners]) listener(event);
  }
}
