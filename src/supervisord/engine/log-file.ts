// A log file as supervisord keeps one (loggers.py RotatingFileHandler):
// appended to; once it reaches maxBytes (0 = never) it becomes FILE.1, FILE.1
// becomes FILE.2 ... up to `backups` (0 = just start over), and a new FILE
// is opened. Listeners hear every byte written (the tap behind tail -f). A
// write that fails (full disk) loses those bytes and nothing else.
//
// The file is opened at the first write and then kept open, so a program that
// never writes costs no descriptor (each one is copied into every spawn).
//
// Temporary: the `output` work brings the shared rotating log file
// (src/output/); child-output.ts is the one file that changes then.
import { closeSync, existsSync, fstatSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";

export class LogFile {
  private fd: number | null = null;
  private size = 0;
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly backups: number,
  ) {}

  private open(): number {
    if (this.fd === null) {
      this.fd = openSync(this.path, "a", 0o644);
      this.size = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  /** Create the file in the background without keeping it open (AUTO logs at activation, named ones at the first spawn). */
  async create(): Promise<void> {
    if (this.fd !== null) return;
    try {
      await (await open(this.path, "a", 0o644)).close();
    } catch {
      // the directory went away: the first write will try again
    }
  }

  /** Create and open the file now. */
  touch(): void {
    try {
      this.open();
    } catch {
      // the directory went away: the first write will try again
    }
  }

  write(chunk: Uint8Array): void {
    for (const l of this.listeners) l(chunk);
    try {
      const fd = this.open();
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
      this.size += chunk.length;
    } catch {
      return; // ENOSPC, EIO, a vanished directory: the lines are lost, never the program
    }
    if (this.maxBytes > 0 && this.size >= this.maxBytes) this.rotate();
  }

  follow(onData: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(onData);
    return () => this.listeners.delete(onData);
  }

  private rotate(): void {
    this.close();
    try {
      if (this.backups > 0) {
        for (let i = this.backups - 1; i >= 1; i--) {
          if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
        }
        renameSync(this.path, `${this.path}.1`);
      } else unlinkSync(this.path);
    } catch {
      // a backup could not be moved: keep writing to the current file
    }
    this.touch();
  }

  /** Remove the file and its backups, then start a new one (clearProcessLogs, clearLog). */
  clear(): void {
    this.close();
    for (const p of [this.path, ...Array.from({ length: this.backups }, (_, i) => `${this.path}.${i + 1}`)]) {
      try {
        unlinkSync(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    this.open();
  }

  /** Reopen by name (after an outside rotation, SIGUSR2). */
  reopen(): void {
    this.close();
    this.touch();
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
