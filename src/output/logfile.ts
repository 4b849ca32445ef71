// One log file with supervisord's rotation (see rotation.ts), written from
// the capture thread. Writes are whole lines. When a write fails (a full
// disk: ENOSPC, a quota: EDQUOT, a file-size limit: EFBIG, ...) the lines are
// dropped, the file is cut back to its last whole line, and exactly one
// warning says so; every later batch is tried again, and the first that goes
// through ends the episode with one info line counting what was lost. The
// writer is never made to wait: dropping is what keeps the pipes drained.
import { closeSync, fstatSync, openSync, renameSync, unlinkSync } from "node:fs";
import { constants } from "node:os";
import { errnoName, truncateFd, writeFrom } from "../sys/libc.ts";
import { rotationCut, rotationRenames } from "./rotation.ts";

const NEWLINE = 10;
const { EINTR, ENOSPC } = constants.errno;

export interface LogFileSpec {
  /** Absolute path of the current file; backups are PATH.1 ... PATH.N. */
  readonly path: string;
  /** Rotate once the file reaches this many bytes; 0 = never. */
  readonly maxBytes: number;
  /** How many rotated files to keep; 0 = truncate PATH instead. */
  readonly backups: number;
}

export interface Notice {
  level: "error" | "warn" | "info" | "debug";
  message: string;
}

/** Open PATH for appending (close-on-exec: no child inherits it). Throws the fs error. */
export function openLogFd(path: string): number {
  return openSync(path, "a", 0o644);
}

function errorCode(e: unknown): string {
  return (e as { code?: string }).code ?? String(e);
}

function countLines(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(NEWLINE, start); i >= 0 && i < end; i = buf.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

export class RotatingLogFile {
  private fd: number;
  private size: number;
  private failing: { code: string; bytes: number; lines: number } | null = null;
  private rotationFailed = false;

  /** `fd` -1: not open yet, opened at the first write (a program that never writes holds no descriptor). */
  constructor(readonly spec: LogFileSpec, private readonly notify: (n: Notice) => void, fd?: number) {
    this.fd = fd ?? openLogFd(spec.path);
    this.size = this.fd < 0 ? 0 : fstatSync(this.fd).size;
  }

  /** Bytes in the current file, as monitor counts them. */
  get currentSize(): number {
    return this.size;
  }

  /** Append buf[start, end), rotating after the line that reaches maxBytes. */
  write(buf: Uint8Array, start: number, end: number): void {
    while (start < end) {
      if (this.fd < 0 && !this.openAgain()) return this.drop(buf, start, end, "the file cannot be opened");
      const cut = rotationCut(buf, start, end, this.size, this.spec.maxBytes);
      const stop = cut < 0 ? end : cut;
      if (!this.writeRange(buf, start, stop, end)) return;
      start = stop;
      if (cut >= 0) this.rotate();
    }
  }

  /** Close and open PATH again (after an outside logrotate moved it); a lazy file not opened yet stays so. */
  reopen(): void {
    if (this.fd < 0 && !this.failing) return;
    this.closeFd();
    this.openAgain();
  }

  /** Remove PATH and start it empty (supervisorctl clear); backups stay, as in supervisord. */
  clear(): void {
    this.closeFd();
    try {
      unlinkSync(this.spec.path);
    } catch (e) {
      if (errorCode(e) !== "ENOENT") this.notify({ level: "warn", message: `${this.spec.path}: cannot remove: ${errorCode(e)}` });
    }
    this.openAgain();
  }

  close(): void {
    this.closeFd();
  }

  /** Write buf[start, stop) in full, or drop buf[start, batchEnd) and return false. */
  private writeRange(buf: Uint8Array, start: number, stop: number, batchEnd: number): boolean {
    let at = start;
    while (at < stop) {
      const n = writeFrom(this.fd, buf.subarray(at, stop));
      if (n > 0) {
        at += n;
        this.size += n;
        continue;
      }
      if (n === -EINTR) continue;
      // A short write then an error: cut the file back to its last whole line,
      // so no torn line is left in it.
      const last = at > start ? buf.lastIndexOf(NEWLINE, at - 1) : -1;
      const keep = last >= start ? last + 1 : start;
      if (at > keep && truncateFd(this.fd, this.size - (at - keep)) === 0) this.size -= at - keep;
      this.drop(buf, keep, batchEnd, errnoName(n === 0 ? ENOSPC : -n));
      return false;
    }
    if (this.failing) {
      const { code, lines, bytes } = this.failing;
      this.failing = null;
      this.notify({ level: "info", message: `${this.spec.path}: writing again after ${code}; ${lines} lines (${bytes} bytes) were dropped` });
    }
    return true;
  }

  private drop(buf: Uint8Array, start: number, end: number, code: string): void {
    if (!this.failing) {
      this.failing = { code, bytes: 0, lines: 0 };
      this.notify({ level: "warn", message: `${this.spec.path}: cannot write (${code}); dropping output lines until it can be written again` });
    }
    this.failing.bytes += end - start;
    this.failing.lines += countLines(buf, start, end);
  }

  private rotate(): void {
    this.closeFd();
    for (const [from, to] of rotationRenames(this.spec.path, this.spec.backups)) {
      try {
        renameSync(from, to);
      } catch (e) {
        if (errorCode(e) === "ENOENT") continue; // that backup does not exist yet (or PATH was removed)
        if (!this.rotationFailed) this.notify({ level: "warn", message: `${this.spec.path}: cannot rotate (${from} -> ${to}: ${errorCode(e)}); writing on` });
        this.rotationFailed = true;
        this.openAgain(false);
        // Try again after another maxBytes, not after every line.
        this.size = 0;
        return;
      }
    }
    this.rotationFailed = false;
    this.openAgain(this.spec.backups === 0);
  }

  private openAgain(truncate = false): boolean {
    try {
      this.fd = openLogFd(this.spec.path);
      if (truncate) truncateFd(this.fd, 0);
      this.size = fstatSync(this.fd).size;
      return true;
    } catch (e) {
      this.fd = -1;
      if (!this.failing) this.drop(new Uint8Array(0), 0, 0, errorCode(e));
      return false;
    }
  }

  private closeFd(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
