// What a listener writes on its stdout, read as supervisord's
// PEventListenerDispatcher reads it, as a pure step over bytes: `READY\n`
// moves ACKNOWLEDGED to READY; in BUSY a line `RESULT N\n` then N bytes
// are the answer to the event in hand (`OK` accepts it, anything else
// rejects it); any other byte in the wrong state puts the listener in
// UNKNOWN, where it receives nothing more. Chunking never matters.

export type ListenerState = "ACKNOWLEDGED" | "READY" | "BUSY" | "UNKNOWN";

export interface ProtocolState {
  readonly state: ListenerState;
  /** Bytes not yet decided on. */
  readonly buffer: Uint8Array;
  /** In BUSY after the RESULT line: the length announced. */
  readonly resultLength: number | null;
}

export type ProtocolOutput =
  | { readonly kind: "ready" }
  | { readonly kind: "result"; readonly accepted: boolean; readonly body: Uint8Array }
  /** The listener broke the protocol; `rejectsEvent` when it held an event (BUSY). */
  | { readonly kind: "unknown"; readonly reason: string; readonly rejectsEvent: boolean };

const READY = new TextEncoder().encode("READY\n");
const RESULT_PREFIX_LENGTH = "RESULT ".length;
const EMPTY = new Uint8Array(0);
const latin1 = new TextDecoder("latin1");

export function initialProtocolState(): ProtocolState {
  return { state: "ACKNOWLEDGED", buffer: EMPTY, resultLength: null };
}

/** The event was written: the listener is BUSY with it. */
export function eventSent(s: ProtocolState): ProtocolState {
  return { ...s, state: "BUSY", resultLength: null };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const startsWith = (data: Uint8Array, prefix: Uint8Array) => data.length >= prefix.length && prefix.every((b, i) => data[i] === b);

/** Python int() on the bytes after `RESULT `: optional blanks and sign around digits. A negative length is refused. */
function resultLength(line: Uint8Array): number | null {
  const text = latin1.decode(line.subarray(RESULT_PREFIX_LENGTH));
  return /^\s*\+?\d+\s*$/.test(text) ? Number(text.trim()) : null;
}

export function readListenerOutput(s: ProtocolState, data: Uint8Array): { state: ProtocolState; outputs: ProtocolOutput[] } {
  const outputs: ProtocolOutput[] = [];
  let { state, resultLength: want } = s;
  let buf = concat(s.buffer, data);
  for (;;) {
    if (buf.length === 0 && !(state === "BUSY" && want === 0)) break;
    if (state === "UNKNOWN") {
      buf = EMPTY; // ACKNOWLEDGED -> UNKNOWN is final: discard everything
      break;
    }
    if (state === "ACKNOWLEDGED") {
      if (buf.length < READY.length) break; // not enough to decide
      if (startsWith(buf, READY)) {
        // ACKNOWLEDGED -> READY
        state = "READY";
        buf = buf.subarray(READY.length);
        outputs.push({ kind: "ready" });
        continue;
      }
      state = "UNKNOWN"; // ACKNOWLEDGED -> UNKNOWN: not READY
      outputs.push({ kind: "unknown", reason: "wrote something other than READY", rejectsEvent: false });
      continue;
    }
    if (state === "READY") {
      state = "UNKNOWN"; // READY -> UNKNOWN: spurious output while waiting for an event
      outputs.push({ kind: "unknown", reason: "wrote while waiting for an event", rejectsEvent: false });
      continue;
    }
    // BUSY
    if (want === null) {
      const nl = buf.indexOf(0x0a);
      if (nl === -1) break; // no full RESULT line yet
      const line = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      want = resultLength(line);
      if (want === null) {
        state = "UNKNOWN"; // BUSY -> UNKNOWN: bad result line, the event is rejected
        outputs.push({ kind: "unknown", reason: `bad result line: '${latin1.decode(line)}'`, rejectsEvent: true });
      }
      continue;
    }
    if (buf.length < want) break;
    const body = buf.slice(0, want);
    buf = buf.subarray(want);
    want = null;
    // BUSY -> ACKNOWLEDGED, whether accepted or rejected
    state = "ACKNOWLEDGED";
    outputs.push({ kind: "result", accepted: body.length === 2 && body[0] === 0x4f && body[1] === 0x4b, body });
  }
  return { state: { state, buffer: buf.slice(), resultLength: state === "BUSY" ? want : null }, outputs };
}
