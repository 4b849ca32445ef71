/**
 * Output capture: children's stdout and stderr go through pipes into log
 * files with supervisord's rotation, on a thread of their own. The thread (a
 * Bun Worker, capture-worker.ts) blocks in poll(2) with no timeout and does
 * read(2)/write(2) through src/sys/libc.ts, so output never crosses monitor's
 * event loop and an idle capture costs no wake-ups at all.
 *
 * One OutputCapture (one thread) serves any number of programs:
 *
 *   const capture = new OutputCapture({ notice: (n) => log[n.level](n.message) });
 *   const file = capture.openLog({ path, maxBytes, backups });   // opened now: throws the fs error (code EACCES, ...)
 *   const out = capture.addSource({ name: "web stdout", sink: file, timestamps: false, tee: null, tap: false });
 *   const err = capture.addSource({ name: "web stderr", sink: otherFile });
 *   spawnChild({ ..., fds: new Map([[1, out.writeFd], [2, redirectStderr ? out.writeFd : err.writeFd]]) });
 *   capture.flush();              // after each exit of the child: held partial lines go out, newline-ended
 *   await capture.close();        // at the end: drain what is in the pipes now, close the files
 *
 * - A source is one pipe, kept for the life of the program: every start of
 *   the child writes into the same pipe, so output is never lost across
 *   restarts and a grandchild that keeps the pipe open delays nothing: the
 *   child's exit comes from wait4, and close() only takes what is already in
 *   the pipe.
 * - Who holds the write end between starts: monitor does (the default,
 *   `writeFd`; single mode, monitor's own log). With `perStart` (monitor
 *   serve, a thousand programs) monitor keeps only the read end, and each
 *   start takes a new write end of the same pipe from writerForStart(),
 *   opened through /proc/self/fd, closed in monitor once the spawn is made:
 *   every descriptor monitor holds is copied into each spawn and closed again
 *   by its exec, so two fewer per program is a cheaper start for all.
 * - Sources write whole lines; two sources may share one LogSink (stdout and
 *   stderr in one file) and never meet mid-line. `timestamps` stamps each line
 *   (stdout_logfile_timestamps); `tee` copies the same lines to an fd
 *   (monitor's own 1 or 2); `tap` sends each batch to hooks.output, which is
 *   where supervisord's in-memory tail, `tail -f` and PROCESS_LOG events hook in.
 * - A sink that cannot be written (full disk) drops lines with one warning
 *   through hooks.notice and resumes by itself (logfile.ts).
 * - removeSource / closeLog when a program goes away, reopenLogs after an
 *   outside logrotate (supervisord's SIGUSR2), clearLog for `supervisorctl clear`.
 * - --daemon: adoptMonitorStdio(source) puts monitor's own fds 1 and 2 on a
 *   source's pipe, so monitor's log lands in the log file too (output/feature.ts
 *   does it once the detached monitor has reported its first start).
 */
import { closeSync, constants, openSync } from "node:fs";
import { constants as os } from "node:os";
import { SysError } from "../errors.ts";
import { closeFd, duplicateTo, makePipe, setPipeSize } from "../sys/libc.ts";
import { pipeInode } from "../sys/proc-tree.ts";
import { PIPE_SIZE } from "./capture-loop.ts";
import type { CaptureEvent, Command } from "./capture-protocol.ts";
import { CaptureThread } from "./capture-thread.ts";
import { type LogFileSpec, type Notice, openLogFd } from "./logfile.ts";

export type { LogFileSpec, Notice };

export interface LogSink {
  readonly id: number;
  readonly spec: LogFileSpec;
}

export interface SourceSpec {
  /** Names the source in notices ("stdout", "web:stderr"). */
  name: string;
  sink?: LogSink | null;
  tee?: number | null;
  timestamps?: boolean;
  tap?: boolean;
  /** Hold no write end between starts: each start takes one from writerForStart(). */
  perStart?: boolean;
}

export interface CapturedSource {
  readonly id: number;
  readonly name: string;
  /** The pipe's write end that monitor holds: give it to the child as fd 1 and/or 2.
   *  -1 for a per-start source (writerForStart). */
  readonly writeFd: number;
  /** The pipe's inode, to find processes that still hold it (leftovers.ts). */
  readonly pipeInode: number | undefined;
}

export interface CaptureHooks {
  notice(n: Notice): void;
  /** A tapped source's output: whole lines as they went to its file. */
  output?(source: CapturedSource, bytes: Uint8Array): void;
  /** Every writer of the source's pipe closed it (after removeSource, or when monitor's own copy is gone). */
  eof?(source: CapturedSource): void;
}

/** After a crash the thread is started again this many times, and reads every pipe on. */
const RESTARTS = 3;

/** A write end for one start, for the child's fd 1 and/or 2. */
export interface StartWriter {
  readonly fd: number;
  /** The spawn was made (or failed): monitor's copy goes (a no-op for a held source). Idempotent. */
  done(): void;
}

interface Source {
  spec: SourceSpec;
  readFd: number;
  captured: CapturedSource;
  /** A per-start source's first write end, from pipe2, until its first start takes it. */
  spare: number | null;
}

/** Whether /proc/self/fd can give a pipe's read end a new write end (no /proc: sources hold theirs). */
let reopenWorks: boolean | undefined;

function reopenForWriting(readFd: number): number {
  return openSync(`/proc/self/fd/${readFd}`, constants.O_WRONLY);
}

function canReopen(readFd: number): boolean {
  if (reopenWorks === undefined) {
    try {
      closeSync(reopenForWriting(readFd));
      reopenWorks = true;
    } catch {
      reopenWorks = false;
    }
  }
  return reopenWorks;
}

export class OutputCapture {
  private readonly thread: CaptureThread;
  private nextId = 1;
  private restarts = 0;
  private readonly sinks = new Map<number, LogSink>();
  private readonly sources = new Map<number, Source>();

  constructor(private readonly hooks: CaptureHooks) {
    this.thread = new CaptureThread((e) => this.receive(e), (why) => this.restart(why));
  }

  /** Open a log file (append) and hand it to the capture thread. Throws the fs error (code EACCES, ...).
   *  `lazy`: the thread opens it at the first write instead (an error is then a notice, as on a full
   *  disk); for many logs that may never be written, each open one being copied into every spawn. */
  openLog(spec: LogFileSpec, opts: { lazy?: boolean } = {}): LogSink {
    const fd = opts.lazy ? -1 : openLogFd(spec.path);
    const sink = { id: this.nextId++, spec };
    this.sinks.set(sink.id, sink);
    this.thread.send({ op: "open-log", id: sink.id, fd, ...spec });
    return sink;
  }

  /** A new pipe whose output the capture thread reads. */
  addSource(spec: SourceSpec): CapturedSource {
    const [readFd, writeFd] = makePipe();
    // A big pipe: a child writing in bursts goes on while a burst is written out.
    setPipeSize(readFd, PIPE_SIZE);
    const perStart = (spec.perStart ?? false) && canReopen(readFd);
    let inode: number | undefined | null = null;
    const captured = {
      id: this.nextId++,
      name: spec.name,
      writeFd: perStart ? -1 : writeFd,
      // Looked up when asked (single mode's leftovers check), not for each of a thousand programs.
      get pipeInode() {
        return inode === null ? (inode = pipeInode(readFd)) : inode;
      },
    };
    this.sources.set(captured.id, { spec: { ...spec, perStart }, readFd, captured, spare: perStart ? writeFd : null });
    this.thread.send(this.addCommand(captured.id));
    return captured;
  }

  /** The write end for one start of the child. Throws SysError when a per-start one cannot be opened. */
  writerForStart(source: CapturedSource): StartWriter {
    const s = this.sources.get(source.id);
    if (!s) throw new SysError("open", os.errno.EBADF, "EBADF", `${source.name}: the source was removed`);
    if (!s.spec.perStart) return { fd: source.writeFd, done: () => {} };
    let fd = s.spare;
    s.spare = null;
    if (fd === null) {
      try {
        fd = reopenForWriting(s.readFd);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new SysError("open", err.errno ?? 0, err.code ?? "EIO", `${source.name}: a new write end of its pipe`);
      }
      // Sent after the open: once the thread reads it, a writer exists, so no end of file can park the pipe for good.
      // (The first start's is the pipe's own write end, held since add-source: never parked before it.)
      this.thread.send({ op: "arm", id: source.id });
    }
    let open = true;
    return {
      fd,
      done: () => {
        if (open) closeFd(fd);
        open = false;
      },
    };
  }

  /** After a child's exit: what is in its pipes (every pipe when none are named) is read now,
   *  then their held partial lines go out, newline-ended. */
  flush(sources?: readonly CapturedSource[]): Promise<void> {
    const ids = sources ? sources.map((s) => s.id) : null;
    return this.thread.request((seq) => ({ op: "flush", seq, ids }));
  }

  /** Stop capturing a source: monitor closes its write end; the thread reads what is left and closes the read end. */
  async removeSource(source: CapturedSource): Promise<void> {
    const s = this.sources.get(source.id);
    if (!s) return;
    this.sources.delete(source.id);
    this.closeWriters(s);
    await this.thread.request((seq) => ({ op: "remove-source", id: source.id, seq }));
  }

  private closeWriters(s: Source): void {
    if (s.captured.writeFd >= 0) closeFd(s.captured.writeFd);
    if (s.spare !== null) closeFd(s.spare);
    s.spare = null;
  }

  async closeLog(sink: LogSink): Promise<void> {
    if (!this.sinks.delete(sink.id)) return;
    await this.thread.request((seq) => ({ op: "close-log", id: sink.id, seq }));
  }

  /** Close and open every log file again (after an outside logrotate: supervisord's SIGUSR2). */
  reopenLogs(): Promise<void> {
    return this.thread.request((seq) => ({ op: "reopen-logs", seq }));
  }

  /** Remove the file and start it empty (supervisorctl clear); backups stay. */
  clearLog(sink: LogSink): Promise<void> {
    return this.thread.request((seq) => ({ op: "clear-log", id: sink.id, seq }));
  }

  /** monitor's own stdout and stderr onto a source's pipe (--daemon). Returns
   *  the undo (both onto /dev/null), for before close(): what monitor writes
   *  after that would otherwise meet a pipe nobody reads. */
  adoptMonitorStdio(source: CapturedSource): () => void {
    duplicateTo(source.writeFd, 1);
    duplicateTo(source.writeFd, 2);
    return () => {
      const devNull = openSync("/dev/null", "r+");
      duplicateTo(devNull, 1);
      duplicateTo(devNull, 2);
      closeSync(devNull);
    };
  }

  /** Drain what is in the pipes now, write held lines, close files and pipes.
   *  Bounded: a log file on a hung disk cannot hold monitor's exit. */
  async close(boundMs = 1000): Promise<void> {
    await this.thread.close(boundMs);
    for (const s of this.sources.values()) this.closeWriters(s);
    this.sources.clear();
    this.sinks.clear();
  }

  private addCommand(id: number): Command {
    const { spec, readFd } = this.sources.get(id)!;
    return {
      op: "add-source",
      id,
      name: spec.name,
      fd: readFd,
      sink: spec.sink?.id ?? null,
      tee: spec.tee ?? null,
      timestamps: spec.timestamps ?? false,
      tap: spec.tap ?? false,
      perStart: spec.perStart ?? false,
    };
  }

  private receive(e: CaptureEvent): void {
    if (e.type === "notice") return this.hooks.notice({ level: e.level, message: e.message });
    if (e.type === "output" || e.type === "eof") {
      const s = this.sources.get(e.source);
      if (!s) return;
      if (e.type === "output") this.hooks.output?.(s.captured, e.bytes);
      else this.hooks.eof?.(s.captured);
    }
  }

  /** A crashed thread loses only the partial lines it held: the pipes and files are still ours. */
  private restart(why: string): void {
    if (this.restarts++ >= RESTARTS) {
      this.hooks.notice({ level: "error", message: `output capture thread failed (${why}) too often; child output is no longer read` });
      return;
    }
    this.hooks.notice({ level: "error", message: `output capture thread failed (${why}); starting it again` });
    for (const sink of this.sinks.values()) {
      try {
        this.thread.send({ op: "open-log", id: sink.id, fd: openLogFd(sink.spec.path), ...sink.spec });
      } catch (e) {
        this.hooks.notice({ level: "error", message: `${sink.spec.path}: cannot open again: ${(e as { code?: string }).code ?? e}` });
      }
    }
    for (const id of this.sources.keys()) this.thread.send(this.addCommand(id));
  }
}
