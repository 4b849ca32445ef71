import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { packEnvelope, pyLength, unpackEnvelope } from "../../../../src/supervisord/events/envelope.ts";
import { eventSent, initialProtocolState, readListenerOutput, type ProtocolOutput, type ProtocolState } from "../../../../src/supervisord/events/listener-protocol.ts";

const enc = new TextEncoder();
const word = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);

describe("the event header", () => {
  test("round trip: any payload (any Unicode, newlines included) comes back whole, and len counts characters as Python's len", () => {
    fc.assert(
      fc.property(word, fc.nat(), word, fc.nat(), word, fc.string({ unit: "grapheme" }), fc.string(), (server, serial, pool, poolSerial, eventName, payload, after) => {
        const env = { server, serial, pool, poolSerial, eventName, payload };
        const text = packEnvelope(env);
        expect(text.split("\n")[0]).toBe(`ver:3.0 server:${server} serial:${serial} pool:${pool} poolserial:${poolSerial} eventname:${eventName} len:${pyLength(payload)}`);
        expect(unpackEnvelope(text + after)).toEqual({ envelope: env, rest: after });
        expect(unpackEnvelope([...text].slice(0, -1).join("") || "x")).toBeNull();
      }),
    );
  });

  test("len is code points: an astral character counts once, as in Python", () => {
    expect(packEnvelope({ server: "s", serial: 0, pool: "p", poolSerial: 0, eventName: "E", payload: "é✓😀" })).toEndWith("len:3\né✓😀");
  });
});

function feedAll(start: ProtocolState, chunks: Uint8Array[]): { state: ProtocolState; outputs: ProtocolOutput[] } {
  let state = start;
  const outputs: ProtocolOutput[] = [];
  for (const c of chunks) {
    const r = readListenerOutput(state, c);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { state, outputs };
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.slice(prev, p));
    prev = p;
  }
  return out;
}

const startState = fc.constantFrom(initialProtocolState(), eventSent(initialProtocolState()), { ...initialProtocolState(), state: "READY" as const });
// Bytes near the protocol: its tokens, digits, blanks, and arbitrary bytes.
const protocolish = fc
  .array(fc.oneof(fc.constantFrom("READY\n", "RESULT ", "RESULT 2\nOK", "RESULT 4\nFAIL", "\n", " ", "2", "OK", "x"), fc.string()), { maxLength: 12 })
  .map((parts) => enc.encode(parts.join("")));

describe("reading a listener's stdout", () => {
  test("any byte stream, cut anywhere, gives the same results and the same final state as when read in one piece", () => {
    fc.assert(
      fc.property(startState, protocolish, fc.array(fc.nat(), { maxLength: 10 }), (start, bytes, cuts) => {
        const whole = feedAll(start, [bytes]);
        const cut = feedAll(start, splitAt(bytes, cuts));
        expect(cut.outputs).toEqual(whole.outputs);
        expect(cut.state).toEqual(whole.state);
      }),
    );
  });

  test("a listener's session, cut anywhere between events: READY, then one result per event, OK accepted and anything else rejected", () => {
    const body = fc.oneof(fc.constant("OK"), fc.constant("FAIL"), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 6 }), fc.array(fc.array(fc.nat(), { maxLength: 4 }), { maxLength: 7 }), (answers, cutsPerSegment) => {
        // Segment 0 is the first READY; segment i the answer to event i and the next READY.
        const segments = [enc.encode("READY\n"), ...answers.map((a) => enc.encode(`RESULT ${enc.encode(a).length}\n${a}READY\n`))];
        let state = initialProtocolState();
        const outputs: ProtocolOutput[] = [];
        segments.forEach((seg, i) => {
          if (i > 0) state = eventSent(state); // the pool writes an event once the listener is READY
          const r = feedAll(state, splitAt(seg, cutsPerSegment[i] ?? []));
          state = r.state;
          outputs.push(...r.outputs);
        });
        const expected: ProtocolOutput[] = [{ kind: "ready" }];
        for (const a of answers) expected.push({ kind: "result", accepted: a === "OK", body: enc.encode(a) }, { kind: "ready" });
        expect(outputs).toEqual(expected);
        expect(state.state).toBe("READY");
      }),
    );
  });

  test("protocol violations: a wrong first word, output while READY, a bad RESULT line (which gives the event back)", () => {
    const r1 = readListenerOutput(initialProtocolState(), enc.encode("HELLO!\n"));
    expect([r1.state.state, r1.outputs]).toEqual(["UNKNOWN", [{ kind: "unknown", reason: "wrote something other than READY", rejectsEvent: false }]]);
    const r2 = readListenerOutput(initialProtocolState(), enc.encode("READY\nextra"));
    expect(r2.state.state).toBe("UNKNOWN");
    const r3 = readListenerOutput(eventSent(initialProtocolState()), enc.encode("RESULT two\nOK"));
    expect(r3.outputs).toEqual([{ kind: "unknown", reason: "bad result line: 'RESULT two'", rejectsEvent: true }]);
    const r4 = readListenerOutput(r3.state, enc.encode("READY\n"));
    expect([r4.state.state, r4.outputs]).toEqual(["UNKNOWN", []]);
  });

  test("fewer than six bytes in ACKNOWLEDGED decide nothing yet", () => {
    const r = readListenerOutput(initialProtocolState(), enc.encode("READ"));
    expect([r.state.state, r.outputs]).toEqual(["ACKNOWLEDGED", []]);
    expect(readListenerOutput(r.state, enc.encode("Y\n")).state.state).toBe("READY");
  });
});
