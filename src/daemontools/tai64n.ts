// TAI64N labels, the 12-byte timestamps of daemontools' supervise/status:
// 8 bytes of seconds then 4 bytes of nanoseconds, both big-endian. The
// seconds label is 2^62 + 10 + unix seconds: djb's tai_now() adds 10 to
// time(), a fixed offset (not the real, growing TAI-UTC difference), so a
// reader that subtracts the same 10 gets unix time back exactly.

export const TAI64N_BYTES = 12;

const TAI64_UNIX_EPOCH = (1n << 62n) + 10n;
const NANOS_PER_SECOND = 1_000_000_000;

/** An instant as unix seconds (whole, may be negative) plus nanoseconds 0..999999999. */
export interface Tai64n {
  seconds: number;
  nanoseconds: number;
}

export function packTai64n(t: Tai64n, into = new Uint8Array(TAI64N_BYTES), at = 0): Uint8Array {
  if (!Number.isSafeInteger(t.seconds)) throw new RangeError(`tai64n: seconds ${t.seconds} is not a whole number`);
  if (!Number.isInteger(t.nanoseconds) || t.nanoseconds < 0 || t.nanoseconds >= NANOS_PER_SECOND) {
    throw new RangeError(`tai64n: nanoseconds ${t.nanoseconds} is outside 0..999999999`);
  }
  const view = new DataView(into.buffer, into.byteOffset, into.byteLength);
  view.setBigUint64(at, TAI64_UNIX_EPOCH + BigInt(t.seconds), false);
  view.setUint32(at + 8, t.nanoseconds, false);
  return into;
}

export function unpackTai64n(bytes: Uint8Array, at = 0): Tai64n {
  if (bytes.byteLength < at + TAI64N_BYTES) throw new RangeError(`tai64n: need ${TAI64N_BYTES} bytes, have ${bytes.byteLength - at}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const label = view.getBigUint64(at, false);
  return { seconds: Number(label - TAI64_UNIX_EPOCH), nanoseconds: view.getUint32(at + 8, false) };
}

/** The instant `ms` milliseconds after the unix epoch (Date.now()). */
export function tai64nFromMillis(ms: number): Tai64n {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanoseconds: Math.floor((ms - seconds * 1000) * 1e6) };
}
