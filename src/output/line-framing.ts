// Whole lines out of arbitrary pipe reads (pure). A child's line may arrive
// in several writes, and stdout and stderr share one log file: each source
// holds its unterminated tail until the newline comes, so what reaches the
// file is whole lines and two sources never meet mid-line. A tail that grows
// to `maxLine` bytes is let through as it is (the line continues in the next
// piece, unprefixed): a program that never writes a newline cannot make
// monitor hold its output for ever.
//
// The framer works in the caller's read buffer, with no copy on the hot path:
//   const at = framer.prepare(buf);           // held tail copied to buf[0, at)
//   const n = read(fd, buf.subarray(at));
//   const { length, startsMidLine } = framer.take(buf, at + n);
//   ... emit buf[0, length) ...               // the rest is held, copied out
//   framer.drain()                            // at end of file: the held tail, if any
const NEWLINE = 10;

export const DEFAULT_MAX_LINE = 64 * 1024;

export interface Emit {
  /** Emit buf[0, length) now. */
  length: number;
  /** The first emitted byte continues a line already emitted in part (no prefix goes before it). */
  startsMidLine: boolean;
}

export class LineFramer {
  private held: Uint8Array;
  private heldLength = 0;
  /** What was emitted so far ends inside a line (a piece of an over-long line). */
  private midLine = false;

  constructor(readonly maxLine = DEFAULT_MAX_LINE) {
    this.held = new Uint8Array(Math.min(maxLine, 256));
  }

  /** Bytes held back: at most maxLine - 1. */
  get pending(): number {
    return this.heldLength;
  }

  /** Copy the held tail to the front of `buf`; new bytes go after it. */
  prepare(buf: Uint8Array): number {
    if (this.heldLength) buf.set(this.held.subarray(0, this.heldLength), 0);
    return this.heldLength;
  }

  /** buf[0, end) is the held tail plus new bytes: decide what goes out now and hold the rest. */
  take(buf: Uint8Array, end: number): Emit {
    const startsMidLine = this.midLine;
    const last = end > 0 ? buf.lastIndexOf(NEWLINE, end - 1) : -1;
    let length = last + 1;
    if (end - length >= this.maxLine) length = end; // over-long tail: let it through
    this.hold(buf, length, end);
    if (length > 0) this.midLine = buf[length - 1] !== NEWLINE;
    return { length, startsMidLine };
  }

  /** End of input (or the child exited): the held tail, to be written with a
   *  newline after it (s6-log and svlogd end an unterminated last line too);
   *  null when the output so far ends at a line's end. */
  drain(): { bytes: Uint8Array; startsMidLine: boolean } | null {
    const startsMidLine = this.midLine;
    this.midLine = false;
    if (!this.heldLength && !startsMidLine) return null;
    const bytes = this.held.slice(0, this.heldLength);
    this.heldLength = 0;
    return { bytes, startsMidLine };
  }

  private hold(buf: Uint8Array, from: number, end: number): void {
    const n = end - from;
    if (n > this.held.byteLength) {
      this.held = new Uint8Array(Math.min(this.maxLine, Math.max(n, this.held.byteLength * 2)));
    }
    this.held.set(buf.subarray(from, end), 0);
    this.heldLength = n;
  }
}
