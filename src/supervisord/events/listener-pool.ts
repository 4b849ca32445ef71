// One [eventlistener:x] pool as supervisord's EventListenerPool runs it:
// subscribed events wait in a buffer of buffer_size (the oldest is dropped,
// with a log line, when it is full); each goes to the first listener process
// that is RUNNING and READY, which turns BUSY until its RESULT. A rejected
// event, or one held by a listener that exits or breaks the protocol, goes
// back to the head of the buffer and is sent again.
import type { Log } from "../../log.ts";
import { isSubscribed } from "./event-types.ts";
import { SerialCounter, type EventRecord } from "./event-bus.ts";
import { eventName, eventPayload } from "./events.ts";
import { packEnvelope } from "./envelope.ts";
import { eventSent, initialProtocolState, readListenerOutput, type ListenerState, type ProtocolState } from "./listener-protocol.ts";

export interface ListenerChannel {
  /** Writes to the listener's stdin; false when the pipe is closed (EPIPE): the event stays buffered. */
  write(bytes: Uint8Array): boolean;
}

export interface PoolOptions {
  readonly name: string;
  readonly events: readonly string[];
  readonly bufferSize: number;
  /** [supervisord] identifier: the header's `server:`. */
  readonly identifier: string;
  /** Shared by every pool of one server. */
  readonly serials: SerialCounter;
  readonly log: Log;
}

interface Member {
  channel: ListenerChannel;
  protocol: ProtocolState;
  running: boolean;
  event: PooledEvent | null;
}

interface PooledEvent {
  readonly record: EventRecord;
  readonly poolSerial: number;
}

const encoder = new TextEncoder();

export class ListenerPool {
  private buffer: PooledEvent[] = [];
  private members = new Map<string, Member>();
  private readonly poolSerials = new SerialCounter();
  private dispatchQueued = false;

  constructor(readonly options: PoolOptions) {}

  /** A bus record: kept when the pool subscribes to its type. */
  offer(record: EventRecord): void {
    if (!isSubscribed(eventName(record.event), this.options.events)) return;
    record.serial ??= this.options.serials.next();
    this.accept({ record, poolSerial: this.poolSerials.next() }, false);
  }

  private accept(e: PooledEvent, head: boolean): void {
    if (this.buffer.length >= this.options.bufferSize && this.buffer.length > 0) {
      const dropped = this.buffer.shift()!;
      this.options.log.error(`pool ${this.options.name} event buffer overflowed, discarding event ${dropped.record.serial}`);
    }
    if (head) this.buffer.unshift(e);
    else this.buffer.push(e);
    this.queueDispatch();
  }

  /** A listener process was spawned: it starts ACKNOWLEDGED, waiting for its READY. */
  attach(processName: string, channel: ListenerChannel): void {
    this.members.set(processName, { channel, protocol: initialProtocolState(), running: false, event: null });
  }

  /** The process entered (true) or left (false) RUNNING; only RUNNING listeners get events. */
  setRunning(processName: string, running: boolean): void {
    const m = this.members.get(processName);
    if (!m) return;
    m.running = running;
    if (running) this.queueDispatch();
  }

  /** Bytes the listener wrote on its stdout. */
  output(processName: string, data: Uint8Array): void {
    const m = this.members.get(processName);
    if (!m) return;
    const { state, outputs } = readListenerOutput(m.protocol, data);
    m.protocol = state;
    for (const out of outputs) {
      if (out.kind === "ready") this.queueDispatch();
      else if (out.kind === "result") {
        const held = m.event;
        m.event = null;
        if (!out.accepted) {
          this.options.log.warn(`${processName}: event was rejected`);
          if (held) this.accept(held, true);
        }
      } else {
        if (out.reason.startsWith("bad result line")) this.options.log.warn(`${processName}: ${out.reason}`);
        this.options.log.warn(
          `${processName}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol`,
        );
        const held = m.event;
        m.event = null;
        if (out.rejectsEvent && held) this.accept(held, true);
      }
    }
  }

  /** The listener process exited: an event it held is sent again. */
  detach(processName: string): void {
    const m = this.members.get(processName);
    if (!m) return;
    this.members.delete(processName);
    if (m.event) this.accept(m.event, true);
  }

  listenerState(processName: string): ListenerState | undefined {
    return this.members.get(processName)?.protocol.state;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  // supervisord dispatches from its main loop, never inside the code that
  // emitted the event or read the listener's output: so do we.
  private queueDispatch(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    queueMicrotask(() => {
      this.dispatchQueued = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.buffer.length > 0) {
      const e = this.buffer[0]!;
      if (!this.send(e)) return; // nobody ready: the event keeps its place
      this.buffer.shift();
    }
  }

  private send(e: PooledEvent): boolean {
    for (const [name, m] of this.members) {
      if (!m.running || m.protocol.state !== "READY") continue;
      const envelope = packEnvelope({
        server: this.options.identifier,
        serial: e.record.serial!,
        pool: this.options.name,
        poolSerial: e.poolSerial,
        eventName: eventName(e.record.event),
        payload: eventPayload(e.record.event),
      });
      if (!m.channel.write(encoder.encode(envelope))) {
        this.options.log.debug(`epipe occurred while sending event ${e.record.serial} to listener ${name}, listener state unchanged`);
        continue;
      }
      m.protocol = eventSent(m.protocol);
      m.event = e;
      this.options.log.debug(`event ${e.record.serial} sent to listener ${name}`);
      return true;
    }
    return false;
  }
}
