// A process's stdout and stderr as supervisord handles them: each start gets
// pipes for fds 1 and 2 (2 joins 1 with redirect_stderr), what comes out goes
// to the channel's log file (AUTO: a fresh name in childlogdir; NONE: nowhere)
// with rotation, optional timestamps on stdout, and a tap for tail -f.
// Output is read by Bun's event loop (epoll, no wake-ups while quiet), never
// waited for: a child's exit is known from wait4 alone, and a grandchild that
// keeps the pipe only keeps its own reader alive.
//
// THE SWAP POINT: the engine uses only ProcessOutput. When src/output/ lands
// on main, this file delegates to it and log-file.ts goes away.
import { openSync } from "node:fs";
import { join } from "node:path";
import type { ChannelSpec, ProcessSpec } from "../config.ts";
import type { LogTap } from "../http/logtail-route.ts";
import { closeFd, makePipe } from "../../sys/libc.ts";
import { LogFile } from "./log-file.ts";

export type Channel = "stdout" | "stderr";

export interface ProcessOutput {
  /** The log file's path (AUTO resolved), or null when the channel is not logged. */
  logfile(channel: Channel): string | null;
  /** The child's fds 1 and 2 for one start; call `done` once the spawn succeeded or failed. */
  forSpawn(): { fds: Map<number, number>; done(): void };
  tap(channel: Channel): LogTap | null;
  /**
   * HOOK POINT (event listeners' protocol on stdout, PROCESS_LOG_* events):
   * hear the bytes exactly as the child wrote them, before timestamps, log
   * or no log. Applies from the next start on (an uncaptured channel goes to
   * /dev/null until someone listens); [eventlistener:x] stdout is always piped.
   */
  listen(channel: Channel, onChunk: (chunk: Uint8Array) => void): () => void;
  /** Remove the log files (and rotated ones) and start them again. */
  clear(): void;
  reopen(): void;
  /** Stop reading and close the files (the process's group was removed, or monitor exits). */
  close(): void;
}

export interface OutputPlace {
  readonly childlogdir: string;
  readonly identifier: string;
}

/** supervisord's AUTO name: NAME-CHANNEL---IDENTIFIER-XXXXXXXX.log (tempfile.mktemp). */
export function autoLogName(place: OutputPlace, name: string, channel: Channel): string {
  const letters = "abcdefghijklmnopqrstuvwxyz0123456789_";
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => letters[b % letters.length]).join("");
  return join(place.childlogdir, `${name}-${channel}---${place.identifier}-${suffix}.log`);
}

/** `2026-11-22T10:51:00.123Z ` at the start of every line. */
function timestamper(): (chunk: Uint8Array) => Uint8Array {
  const enc = new TextEncoder();
  let atLineStart = true;
  return (chunk) => {
    const parts: Uint8Array[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (atLineStart) {
        parts.push(enc.encode(`${new Date().toISOString()} `));
        atLineStart = false;
      }
      if (chunk[i] === 10) {
        parts.push(chunk.subarray(from, i + 1));
        from = i + 1;
        atLineStart = true;
      }
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
    return Buffer.concat(parts);
  };
}

class ChannelSink {
  readonly file: LogFile | null;
  private readonly stamp: ((c: Uint8Array) => Uint8Array) | null;
  readonly raw = new Set<(chunk: Uint8Array) => void>();

  constructor(readonly path: string | null, spec: ChannelSpec) {
    this.file = path === null ? null : new LogFile(path, spec.maxBytes, spec.backups);
    this.stamp = spec.timestamps ? timestamper() : null;
  }

  /** Whether a start needs a pipe for this channel (a log, or someone listening). */
  get captured(): boolean {
    return this.file !== null || this.raw.size > 0;
  }

  write(chunk: Uint8Array): void {
    for (const l of this.raw) l(chunk);
    this.file?.write(this.stamp ? this.stamp(chunk) : chunk);
  }
}

export function createProcessOutput(spec: ProcessSpec, place: OutputPlace): ProcessOutput {
  const pathOf = (c: ChannelSpec, channel: Channel) =>
    c.logfile.kind === "file" ? c.logfile.path : c.logfile.kind === "auto" ? autoLogName(place, spec.name, channel) : null;
  const sinks = { stdout: new ChannelSink(pathOf(spec.stdout, "stdout"), spec.stdout), stderr: new ChannelSink(pathOf(spec.stderr, "stderr"), spec.stderr) };
  // supervisord creates AUTO logs (mkstemp) when the group becomes active, named ones at
  // the first spawn; here both in the background, off the path of the spawns.
  if (spec.stdout.logfile.kind === "auto") void sinks.stdout.file?.create();
  if (spec.stderr.logfile.kind === "auto") void sinks.stderr.file?.create();
  const readers = new Set<{ cancel(): void }>();
  let devNull: number | null = null;
  let closed = false;

  const read = (fd: number, sink: ChannelSink) => {
    const reader = Bun.file(fd).stream().getReader();
    const entry = { cancel: () => void reader.cancel().catch(() => {}) };
    readers.add(entry);
    let next = reader.read();
    // Bun's reader works on its own duplicate of the fd (closed at the end of
    // the stream): ours is closed at once, so each channel holds one
    // descriptor, and every spawn copies fewer of them.
    closeFd(fd);
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await next;
          if (done) break;
          sink.write(value);
          next = reader.read();
        }
      } catch {
        // the read end failed: nothing more will come from this start
      } finally {
        readers.delete(entry);
      }
    })();
  };

  const channelFd = (sink: ChannelSink, parentEnds: number[]): number => {
    if (!sink.captured && !(spec.kind === "eventlistener" && sink === sinks.stdout)) return (devNull ??= openSync("/dev/null", "w"));
    void sink.file?.create();
    const [r, w] = makePipe();
    parentEnds.push(w);
    read(r, sink);
    return w;
  };

  return {
    logfile: (channel) => sinks[channel].path,
    forSpawn() {
      const writeEnds: number[] = [];
      const out = channelFd(sinks.stdout, writeEnds);
      const err = spec.redirectStderr ? out : channelFd(sinks.stderr, writeEnds);
      return { fds: new Map([[1, out], [2, err]]), done: () => writeEnds.forEach(closeFd) };
    },
    tap(channel) {
      const file = sinks[channel].file;
      return file && { path: file.path, follow: (onData) => file.follow(onData) };
    },
    listen(channel, onChunk) {
      const raw = sinks[channel].raw;
      raw.add(onChunk);
      return () => raw.delete(onChunk);
    },
    clear() {
      for (const s of Object.values(sinks)) s.file?.clear();
    },
    reopen() {
      for (const s of Object.values(sinks)) s.file?.reopen();
    },
    close() {
      if (closed) return;
      closed = true;
      for (const r of readers) r.cancel();
      for (const s of Object.values(sinks)) s.file?.close();
      if (devNull !== null) closeFd(devNull);
    },
  };
}
