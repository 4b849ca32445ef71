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
 *   the child gets the same write end (monitor holds it), so output is never
 *   lost across restarts and a grandchild that keeps the pipe open delays
 *   nothing: the child's exit comes from wait4, and close() only takes what
 *   is already in the pipe.
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
 *   source's pipe, so monitor's log lands in the log file too.
 */
import { closeSync, writeSync } from "node:fs";
import { closeFd, duplicateTo, makePipe, setPipeSize } from "../sys/libc.ts";
import { pipeInode } from "../sys/proc-tree.ts";
import { PIPE_SIZE } from "./capture-loop.ts";
import { type CaptureEvent, type Command, encodeCommand } from "./capture-protocol.ts";
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
}

export interface CapturedSource {
  readonly id: number;
  readonly name: string;
  /** The pipe's write end: give it to the child as fd 1 and/or 2. */
  readonly writeFd: number;
  /** The pipe's inode, to find processes that still hold it (leftovers.ts). */
  readonly pipeInode: number | undefined;
}

export interface CaptureHooks {
  notice(n: Notice): void;
  /** A tapped source's output: whole lines as they went to its file. */
  output?(source: CapturedSource, bytes: Uint8Array): void;
  /** Every writer of the source's pipe closed it (only after removeSource or adoptMonitorStdio's end). */
  eof?(source: CapturedSource): void;
}

/** In dist/monitor the worker is the second entry point, stored by its path
 *  under src/ (package.json's build); from source it sits beside this file. */
function workerEntry(): string {
  if (Bun.main.startsWith("/$bunfs/")) return "./output/capture-worker.ts";
  return new URL("./capture-worker.ts", import.meta.url).href;
}

/** The capture thread restarts after a crash this many times, re-reading every pipe. */
const RESTARTS = 3;

export class OutputCapture {
  private worker: Worker | null = null;
  private control: [number, number] | null = null;
  private nextId = 1;
  private seq = 0;
  private restarts = 0;
  private readonly waiting = new Map<number, () => void>();
  private readonly sinks = new Map<number, LogSink>();
  private readonly sources = new Map<number, { spec: SourceSpec; readFd: number; captured: CapturedSource }>();

  constructor(private readonly hooks: CaptureHooks) {}

  /** Open a log file (append) and hand it to the capture thread. */
  openLog(spec: LogFileSpec): LogSink {
    const fd = openLogFd(spec.path);
    const sink = { id: this.nextId++, spec };
    this.sinks.set(sink.id, sink);
    this.send({ op: "open-log", id: sink.id, fd, ...spec });
    return sink;
  }

  /** A new pipe whose output the capture thread reads. */
  addSource(spec: SourceSpec): CapturedSource {
    const [readFd, writeFd] = makePipe();
    // A big pipe: fewer, larger reads, and a child that writes in bursts
    // keeps going while the thread writes the previous burst.
    setPipeSize(readFd, PIPE_SIZE);
    const captured = { id: this.nextId++, name: spec.name, writeFd, pipeInode: pipeInode(writeFd) };
    this.sources.set(captured.id, { spec, readFd, captured });
    this.send(this.addCommand(captured.id));
    return captured;
  }

  flush(): Promise<void> {
    return this.request((seq) => ({ op: "flush", seq }));
  }

  /** Stop capturing a source: monitor closes its write end; the thread reads what is left and closes the read end. */
  async removeSource(source: CapturedSource): Promise<void> {
    if (!this.sources.delete(source.id)) return;
    closeFd(source.writeFd);
    await this.request((seq) => ({ op: "remove-source", id: source.id, seq }));
  }

  async closeLog(sink: LogSink): Promise<void> {
    if (!this.sinks.delete(sink.id)) return;
    await this.request((seq) => ({ op: "close-log", id: sink.id, seq }));
  }

  reopenLogs(): Promise<void> {
    return this.request((seq) => ({ op: "reopen-logs", seq }));
  }

  clearLog(sink: LogSink): Promise<void> {
    return this.request((seq) => ({ op: "clear-log", id: sink.id, seq }));
  }

  /** monitor's own stdout and stderr onto a source's pipe (--daemon). */
  adoptMonitorStdio(source: CapturedSource): void {
    duplicateTo(source.writeFd, 1);
    duplicateTo(source.writeFd, 2);
  }

  /** Drain what is in the pipes now, write held lines, close files and pipes. Bounded: a log file on a hung disk cannot hold monitor's exit. */
  async close(boundMs = 1000): Promise<void> {
    if (this.worker) {
      const done = this.request((seq) => ({ op: "close", seq }));
      await Promise.race([done, Bun.sleep(boundMs)]);
      this.worker.terminate();
      this.worker = null;
    }
    for (const { captured } of this.sources.values()) closeFd(captured.writeFd);
    this.sources.clear();
    if (this.control) for (const fd of this.control) closeSync(fd);
    this.control = null;
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
    };
  }

  private request(make: (seq: number) => Command): Promise<void> {
    if (!this.worker) return Promise.resolve();
    const seq = ++this.seq;
    const done = new Promise<void>((resolve) => this.waiting.set(seq, resolve));
    this.send(make(seq));
    return done;
  }

  private send(c: Command): void {
    this.ensureWorker();
    writeSync(this.control![1], encodeCommand(c));
  }

  private ensureWorker(): void {
    if (this.worker) return;
    this.control ??= makePipe();
    const worker = new Worker(workerEntry());
    worker.onmessage = (e: MessageEvent<CaptureEvent | { type: "failed" }>) => this.receive(e.data);
    worker.onerror = (e) => {
      this.hooks.notice({ level: "error", message: `output capture thread failed: ${e.message}` });
      this.restart();
    };
    worker.unref();
    worker.postMessage({ controlFd: this.control[0] });
    this.worker = worker;
  }

  private receive(e: CaptureEvent | { type: "failed" }): void {
    switch (e.type) {
      case "notice":
        return this.hooks.notice({ level: e.level, message: e.message });
      case "output": {
        const s = this.sources.get(e.source);
        if (s) this.hooks.output?.(s.captured, e.bytes);
        return;
      }
      case "eof": {
        const s = this.sources.get(e.source);
        if (s) this.hooks.eof?.(s.captured);
        return;
      }
      case "done":
        this.waiting.get(e.seq)?.();
        this.waiting.delete(e.seq);
        return;
      case "failed":
        return this.restart();
    }
  }

  /** A crashed thread loses only what it held; the pipes are still ours, so a new thread reads on. */
  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
    if (this.restarts++ >= RESTARTS) {
      this.hooks.notice({ level: "error", message: "output capture thread failed too often; child output is no longer read" });
      return;
    }
    // Fresh control pipe: the old one may hold half a command.
    if (this.control) for (const fd of this.control) closeSync(fd);
    this.control = null;
    for (const sink of this.sinks.values()) {
      try {
        this.send({ op: "open-log", id: sink.id, fd: openLogFd(sink.spec.path), ...sink.spec });
      } catch (e) {
        this.hooks.notice({ level: "error", message: `${sink.spec.path}: cannot open again: ${(e as { code?: string }).code ?? e}` });
      }
    }
    for (const id of this.sources.keys()) this.send(this.addCommand(id));
  }
}
