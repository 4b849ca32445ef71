// Byte streams with many newlines and the ways a pipe may cut them into reads.
import fc from "fast-check";

const NEWLINE = 10;

/** Bytes where about one in four is a newline, so lines are short and varied. */
export const stream = fc.array(fc.oneof(fc.constant(NEWLINE), fc.integer({ min: 32, max: 126 }), fc.integer({ min: 32, max: 126 }), fc.integer({ min: 0, max: 255 })), { maxLength: 400 }).map((a) => new Uint8Array(a));

/** A stream and cut points into it (the reads). */
export const chunked = stream.chain((bytes) =>
  fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 30 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
    const chunks: Uint8Array[] = [];
    for (let i = 1; i < points.length; i++) if (points[i]! > points[i - 1]!) chunks.push(bytes.subarray(points[i - 1], points[i]));
    return { bytes, chunks };
  }),
);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function longestLine(bytes: Uint8Array): number {
  let longest = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === NEWLINE) {
      longest = Math.max(longest, i - start + (i < bytes.length ? 1 : 0));
      start = i + 1;
    }
  }
  return longest;
}
