// --log-timestamps (pure): `2026-11-22T10:51:00.123Z ` before each line, UTC
// with milliseconds and one space (SPEC 2). The stamp is the time monitor
// read the end of the line, as s6-log and svlogd stamp a line once it is
// whole; every line completed by the same read shares it (one Date per read).
//
// For speed, per line: one indexOf (memchr), one copyWithin for the line
// (no subarray per line, about twice as fast in Bun as set()), and the stamp
// as six 32-bit stores and a byte through a DataView, which the JIT inlines
// (a quarter faster than a second copyWithin). Measured at about 2.8 GB/s.
const NEWLINE = 10;

export const STAMP_LENGTH = 25;

export function formatStamp(ms: number): string {
  return `${new Date(ms).toISOString()} `;
}

/** The stamp of one millisecond as little-endian words, re-encoded only when the millisecond changes. */
export class Stamp {
  readonly words = new Uint32Array(6);
  last = 32;
  private ms = Number.NaN;
  /** The stamp's 25 bytes. */
  readonly bytes = new Uint8Array(STAMP_LENGTH);
  private readonly view = new DataView(this.bytes.buffer);
  private readonly encoder = new TextEncoder();

  at(ms: number): this {
    if (ms === this.ms) return this;
    this.ms = ms;
    this.encoder.encodeInto(formatStamp(ms), this.bytes);
    for (let k = 0; k < 6; k++) this.words[k] = this.view.getUint32(4 * k, true);
    this.last = this.bytes[24]!;
    return this;
  }
}

export interface Stamped {
  /** mem[start, read) went out. */
  read: number;
  /** ... and now fills mem[outStart, written), stamped. */
  written: number;
}

/**
 * Copy mem[start, end) to mem[outStart, outEnd) (regions that do not
 * overlap; `view` is a DataView over the same bytes) with the stamp before
 * each line start (before the first byte too when `atLineStart`). Stops when
 * the output region is full; a stamp is only written with at least one byte
 * of its line, so a caller resumes with atLineStart = (mem[read - 1] is a
 * newline), or its old value when nothing was read.
 */
export function stampLines(
  mem: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  atLineStart: boolean,
  stamp: Stamp,
  outStart: number,
  outEnd: number,
): Stamped {
  const [w0, w1, w2, w3, w4, w5] = stamp.words as unknown as [number, number, number, number, number, number];
  const last = stamp.last;
  let i = start;
  let o = outStart;
  let lineStart = atLineStart;
  while (i < end) {
    if (lineStart) {
      if (o + STAMP_LENGTH >= outEnd) break;
      view.setUint32(o, w0, true);
      view.setUint32(o + 4, w1, true);
      view.setUint32(o + 8, w2, true);
      view.setUint32(o + 12, w3, true);
      view.setUint32(o + 16, w4, true);
      view.setUint32(o + 20, w5, true);
      mem[o + 24] = last;
      o += STAMP_LENGTH;
    }
    const nl = mem.indexOf(NEWLINE, i);
    const stop = nl < 0 || nl >= end ? end : nl + 1;
    const take = Math.min(stop - i, outEnd - o);
    if (take <= 0) break;
    mem.copyWithin(o, i, i + take);
    o += take;
    i += take;
    lineStart = mem[i - 1] === NEWLINE;
  }
  return { read: i, written: o };
}
