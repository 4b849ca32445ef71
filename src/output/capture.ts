/**
 * Output capture: children's stdout and stderr go through pipes into log
 * files with supervisord's rotation, on a thread of their own. The thread (a
 * Bun Worker, capture-worker.ts) blocks in epoll_wait(2) with no timeout and does
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
 * - A held source (the default: single mode, monitor's own log) is one pipe
 *   for the life of the program: monitor holds its write end (`writeFd`) and
 *   every start of the child writes into it, so no line is lost across
 *   restarts and a grandchild that keeps the pipe open delays nothing: the
 *   child's exit comes from wait4, and close() only takes what is already in
 *   the pipe.
 * - A per-start source (`perStart`, monitor serve) gives each start a pipe of
 *   its own (writerForStart()), as supervisord does; monitor keeps only its
 *   read end, which the thread reads until every writer is gone (a
 *   grandchild too), so nothing is lost either, and the lines of two starts
 *   never meet: flush() after an exit ends the exited start's unterminated
 *   line whatever the next start has written meanwhile.
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
import { closeSync, openSync } from "node:fs";
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
  captured: CapturedSource;
  /** The pipes the thread reads for this source (by pipe id): a held source's one; a per-start
   *  source's current start's and those of earlier starts that still have a writer. */
  pipes: Map<number, number>;
}

export class OutputCapture {
  private readonly thread: CaptureThread;
  private nextId = 1;
  private restarts = 0;
  private readonly sinks = new Map<number, LogSink>();
  private readonly sources = new Map<number, Source>();
  /** Pipe id -> its source (the thread's events name pipes). */
  private readonly pipeOwners = new Map<number, Source>();

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

  /** A source the capture thread reads: held, its pipe made now; per-start, a pipe at each writerForStart(). */
  addSource(spec: SourceSpec): CapturedSource {
    const id = this.nextId++;
    const s: Source = { spec, captured: { id, name: spec.name, writeFd: -1, pipeInode: undefined }, pipes: new Map() };
    this.sources.set(id, s);
    if (spec.perStart) return s.captured;
    const [readFd, writeFd] = this.pipeFor(s, id);
    let inode: number | undefined | null = null;
    s.captured = {
      id,
      name: spec.name,
      writeFd,
      // Looked up when asked (single mode's leftovers check).
      get pipeInode() {
        return inode === null ? (inode = pipeInode(readFd)) : inode;
      },
    };
    return s.captured;
  }

  /** The write end for one start of the child: a held source's own, or a new pipe's. Throws SysError. */
  writerForStart(source: CapturedSource): StartWriter {
    const s = this.sources.get(source.id);
    if (!s) throw new SysError("pipe2", os.errno.EBADF, "EBADF", `${source.name}: the source was removed`);
    if (!s.spec.perStart) return { fd: source.writeFd, done: () => {} };
    const fd = this.pipeFor(s, this.nextId++)[1];
    let open = true;
    return {
      fd,
      done: () => {
        if (open) closeFd(fd);
        open = false;
      },
    };
  }

  /** A new pipe of `s`, read by the thread as pipe `id`: [read end, write end]. */
  private pipeFor(s: Source, id: number): [number, number] {
    const ends = makePipe();
    // A big pipe: a child writing in bursts goes on while a burst is written out.
    setPipeSize(ends[0], PIPE_SIZE);
    s.pipes.set(id, ends[0]);
    this.pipeOwners.set(id, s);
    this.thread.send(this.addCommand(s, id));
    return ends;
  }

  /** After a child's exit: what is in its sources' pipes (every pipe when none are named) is read now,
   *  then their held partial lines go out, newline-ended. */
  flush(sources?: readonly CapturedSource[]): Promise<void> {
    const ids = sources ? sources.flatMap((c) => [...(this.sources.get(c.id)?.pipes.keys() ?? [])]) : null;
    if (ids?.length === 0) return Promise.resolve();
    return this.thread.request((seq) => ({ op: "flush", seq, ids }));
  }

  /** Stop capturing a source: monitor closes its write end; the thread reads what is left and closes the read ends. */
  async removeSource(source: CapturedSource): Promise<void> {
    const s = this.sources.get(source.id);
    if (!s) return;
    this.sources.delete(source.id);
    if (s.captured.writeFd >= 0) closeFd(s.captured.writeFd);
    const ids = [...s.pipes.keys()];
    for (const id of ids) this.pipeOwners.delete(id);
    await Promise.all(ids.map((id) => this.thread.request((seq) => ({ op: "remove-source", id, seq }))));
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
    for (const s of this.sources.values()) if (s.captured.writeFd >= 0) closeFd(s.captured.writeFd);
    this.sources.clear();
    this.pipeOwners.clear();
    this.sinks.clear();
  }

  private addCommand(s: Source, id: number): Command {
    const { spec } = s;
    return {
      op: "add-source",
      id,
      name: spec.name,
      fd: s.pipes.get(id)!,
      sink: spec.sink?.id ?? null,
      tee: spec.tee ?? null,
      timestamps: spec.timestamps ?? false,
      tap: spec.tap ?? false,
    };
  }

  private receive(e: CaptureEvent): void {
    if (e.type === "notice") return this.hooks.notice({ level: e.level, message: e.message });
    if (e.type === "output" || e.type === "eof") {
      const s = this.pipeOwners.get(e.source);
      if (!s) return;
      if (e.type === "output") return this.hooks.output?.(s.captured, e.bytes);
      // The thread closed that read end: the pipe is done.
      s.pipes.delete(e.source);
      this.pipeOwners.delete(e.source);
      if (!s.spec.perStart) this.hooks.eof?.(s.captured);
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
    for (const s of this.sources.values()) for (const id of s.pipes.keys()) this.thread.send(this.addCommand(s, id));
  }
}
