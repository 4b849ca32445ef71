// One captured pipe on the capture thread: read it, frame whole lines, stamp
// them when asked, and hand them to the log file, the tee fd and the tap.
// The read buffer is shared by every source of the thread (one read at a
// time); what a source holds between reads is only its unterminated tail.
import { constants } from "node:os";
import { closeFd, errnoName, readInto } from "../sys/libc.ts";
import { writeFully } from "./fd-writer.ts";
import { LineFramer } from "./line-framing.ts";
import type { Notice, RotatingLogFile } from "./logfile.ts";
import { nativeStampLines, type StampLines } from "./stamp-native.ts";
import { Stamp, stampLines } from "./timestamp.ts";

const { EAGAIN, EINTR } = constants.errno;
const NEWLINE = 10;

/** What one read of a source found. */
export type ReadResult = "data" | "empty" | "eof";

export interface SourceOptions {
  id: number;
  name: string;
  /** The pipe's read end (non-blocking). */
  fd: number;
  sink: RotatingLogFile | null;
  tee: number | null;
  timestamps: boolean;
  /** Copy each emitted batch to monitor's event loop. */
  tap: ((bytes: Uint8Array) => void) | null;
}

/** The capture thread's memory, shared by its sources: one array in two
 *  regions (stamping copies within one buffer, see timestamp.ts). */
export interface CaptureBuffers {
  /** mem[0, readEnd): room for a held tail (maxLine) then one read's worth (readSize). */
  mem: Uint8Array;
  view: DataView;
  readSize: number;
  readEnd: number;
  /** mem[outStart, outEnd): stamped output, built in as many passes as it needs. */
  outStart: number;
  outEnd: number;
}

export function captureBuffers(maxLine: number, readSize: number): CaptureBuffers {
  const readEnd = maxLine + readSize;
  const outStart = Math.ceil(readEnd / 4096) * 4096;
  // Room for one read of 100-byte lines, stamped, in one write; writes stay
  // small enough that write(2) copies them while still in cache (one 1.25 MiB
  // write per read spent twice the kernel time in copy_folio_from_iter_atomic).
  const outEnd = outStart + readSize + (readSize >> 2) + 4096;
  const mem = new Uint8Array(outEnd);
  return { mem, view: new DataView(mem.buffer), readSize, readEnd, outStart, outEnd };
}

/** The thread's stamper, compiled at the first stamped source (JS where it cannot be). */
let stamper: StampLines | undefined;

export class CaptureSource {
  readonly framer = new LineFramer();
  private readonly stamp = new Stamp();
  private tee: number | null;
  open = true;

  constructor(readonly o: SourceOptions, private readonly buffers: CaptureBuffers, private readonly notify: (n: Notice) => void) {
    this.tee = o.tee;
    if (o.timestamps) stamper ??= nativeStampLines() ?? stampLines;
  }

  get fd(): number {
    return this.o.fd;
  }

  /** One read(2): emit the whole lines it completed. */
  readOnce(): ReadResult {
    const { mem, readSize } = this.buffers;
    const at = this.framer.prepare(mem);
    const n = readInto(this.o.fd, mem.subarray(at, at + readSize));
    if (n > 0) {
      const { length, startsMidLine } = this.framer.take(mem, at + n);
      if (length > 0) this.emit(length, startsMidLine);
      return "data";
    }
    if (n === -EAGAIN || n === -EINTR) return "empty";
    if (n < 0) this.notify({ level: "error", message: `output capture: read from ${this.o.name}: ${errnoName(-n)}` });
    this.finish();
    return "eof";
  }

  /** Write the held partial line, ended with a newline. */
  flushHeld(): void {
    const held = this.framer.drain();
    if (!held) return;
    // The read region is free between reads; held is under maxLine bytes.
    const { mem } = this.buffers;
    mem.set(held.bytes, 0);
    mem[held.bytes.byteLength] = NEWLINE;
    this.emit(held.bytes.byteLength + 1, held.startsMidLine);
  }

  /** End of input: what is held goes out, the read end is closed. */
  finish(): void {
    if (!this.open) return;
    this.flushHeld();
    this.open = false;
    closeFd(this.o.fd);
  }

  /** mem[0, length) goes out: as it is, or stamped into the output region. */
  private emit(length: number, startsMidLine: boolean): void {
    const { mem, view, outStart, outEnd } = this.buffers;
    if (!this.o.timestamps) return this.deliver(mem, 0, length);
    const stamp = this.stamp.at(Date.now());
    let from = 0;
    let atLineStart = !startsMidLine;
    while (from < length) {
      let r = stamper!(mem, view, from, length, atLineStart, stamp, outStart, outEnd);
      // The region always has room for a stamp and a byte: no progress would be the compiled one's fault.
      if (r.read === from) r = stampLines(mem, view, from, length, atLineStart, stamp, outStart, outEnd);
      atLineStart = mem[r.read - 1] === NEWLINE;
      from = r.read;
      this.deliver(mem, outStart, r.written);
    }
  }

  private deliver(mem: Uint8Array, start: number, end: number): void {
    this.o.sink?.write(mem, start, end);
    if (this.tee !== null) {
      const failed = writeFully(this.tee, mem.subarray(start, end));
      if (failed !== null) {
        this.notify({ level: "warn", message: `output capture: --tee to fd ${this.tee} stopped (${failed}); ${this.o.name} goes on to its log file only` });
        this.tee = null;
      }
    }
    this.o.tap?.(mem.slice(start, end));
  }
}
