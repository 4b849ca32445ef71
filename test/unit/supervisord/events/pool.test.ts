// The pool's buffering and dispatch rules with in-memory listeners: what is
// written to each listener's stdin is read back with the header codec.
import { describe, expect, test } from "bun:test";
import { createLog, memoryReporter } from "../../../../src/log.ts";
import { EventBus } from "../../../../src/supervisord/events/event-bus.ts";
import type { SupervisorEvent } from "../../../../src/supervisord/events/events.ts";
import { unpackEnvelope, type Envelope } from "../../../../src/supervisord/events/envelope.ts";
import { ListenerPool } from "../../../../src/supervisord/events/listener-pool.ts";

const enc = new TextEncoder();
const settle = () => new Promise((r) => setTimeout(r, 0));
const tick = (when: number): SupervisorEvent => ({ kind: "tick", period: 5, when });

function fakeListener(pool: ListenerPool, name: string, o: { epipe?: boolean } = {}) {
  const received: Envelope[] = [];
  pool.attach(name, {
    write(bytes) {
      if (o.epipe) return false;
      received.push(unpackEnvelope(new TextDecoder().decode(bytes))!.envelope);
      return true;
    },
  });
  pool.setRunning(name, true);
  const say = (text: string) => pool.output(name, enc.encode(text));
  return { received, say, ready: () => say("READY\n"), ok: () => say("RESULT 2\nOK"), fail: () => say("RESULT 4\nFAIL") };
}

function setup(events = ["EVENT"], bufferSize = 10) {
  const reporter = memoryReporter();
  const bus = new EventBus();
  const pool = new ListenerPool({ name: "pool", events, bufferSize, identifier: "supervisor", serials: bus.serials, log: createLog({ reporter, level: 4 }) });
  bus.subscribeRecords((r) => pool.offer(r));
  return { bus, pool, lines: reporter.lines };
}

describe("an event listener pool", () => {
  test("events go one at a time to a READY listener, in order, with global and pool serials counting from 0", async () => {
    const { bus, pool } = setup();
    const l = fakeListener(pool, "l0");
    bus.emit(tick(5));
    bus.emit(tick(10));
    await settle();
    expect(l.received).toEqual([]); // ACKNOWLEDGED until READY
    l.ready();
    await settle();
    expect(l.received.map((e) => [e.serial, e.poolSerial, e.payload])).toEqual([[0, 0, "when:5"]]);
    l.ok();
    l.ready();
    await settle();
    expect(l.received.map((e) => e.payload)).toEqual(["when:5", "when:10"]);
    expect(pool.listenerState("l0")).toBe("BUSY");
  });

  test("only RUNNING listeners get events; the first READY one in order takes it", async () => {
    const { bus, pool } = setup();
    const a = fakeListener(pool, "a");
    const b = fakeListener(pool, "b");
    pool.setRunning("a", false);
    a.ready();
    b.ready();
    bus.emit(tick(5));
    await settle();
    expect([a.received.length, b.received.length]).toEqual([0, 1]);
    pool.setRunning("a", true);
    bus.emit(tick(10));
    await settle();
    expect(a.received.map((e) => e.payload)).toEqual(["when:10"]);
  });

  test("a FAIL result sends the same event again (same serials); a listener that exits while BUSY gives its event back", async () => {
    const { bus, pool, lines } = setup();
    const l = fakeListener(pool, "l0");
    l.ready();
    bus.emit(tick(5));
    await settle();
    l.fail();
    l.ready();
    await settle();
    expect(l.received.map((e) => [e.serial, e.poolSerial])).toEqual([[0, 0], [0, 0]]);
    expect(lines).toContain("warn: l0: event was rejected");
    pool.detach("l0");
    const again = fakeListener(pool, "l0");
    again.ready();
    await settle();
    expect(again.received.map((e) => e.payload)).toEqual(["when:5"]);
  });

  test("a full buffer drops its oldest event with supervisord's log line", async () => {
    const { bus, pool, lines } = setup(["TICK"], 2);
    const l = fakeListener(pool, "l0");
    l.ready();
    bus.emit(tick(5));
    await settle(); // 5 is in the listener's hands
    for (const when of [10, 15, 20, 25]) bus.emit(tick(when));
    await settle(); // 10 (serial 1) and 15 (serial 2) made room for 20 and 25
    expect(lines.filter((x) => x.includes("overflowed"))).toEqual(["error: pool pool event buffer overflowed, discarding event 1", "error: pool pool event buffer overflowed, discarding event 2"]);
    for (let i = 0; i < 2; i++) {
      l.ok();
      l.ready();
      await settle();
    }
    expect(l.received.map((e) => e.payload)).toEqual(["when:5", "when:20", "when:25"]);
  });

  test("events= filters: other types take no serial from this pool and are not buffered", async () => {
    const { bus, pool } = setup(["PROCESS_STATE"]);
    bus.emit(tick(5));
    bus.emit({ kind: "process-group", change: "added", group: "g" });
    expect(pool.buffered).toBe(0);
    bus.emit({ kind: "process-state", process: { name: "p", group: "p" }, from: "STARTING", to: "RUNNING", pid: 9, tries: 0, expected: true });
    const l = fakeListener(pool, "l0");
    l.ready();
    await settle();
    expect(l.received.map((e) => [e.serial, e.eventName])).toEqual([[0, "PROCESS_STATE_RUNNING"]]);
  });

  test("a listener that breaks the protocol gets no more events; one whose stdin is closed is skipped", async () => {
    const { bus, pool, lines } = setup();
    const bad = fakeListener(pool, "bad");
    bad.say("HELLO!\n");
    expect(pool.listenerState("bad")).toBe("UNKNOWN");
    expect(lines.some((x) => x.includes("bad: has entered the UNKNOWN state"))).toBe(true);
    const gone = fakeListener(pool, "gone", { epipe: true });
    gone.ready();
    bus.emit(tick(5));
    await settle();
    expect(pool.buffered).toBe(1);
    const good = fakeListener(pool, "good");
    good.ready();
    await settle();
    expect(good.received.length).toBe(1);
  });
});
