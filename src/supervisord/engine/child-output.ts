// A process's stdout and stderr as supervisord handles them, on the shared
// output capture (src/output/: one thread, epoll(7), supervisord's rotation):
// each channel with a log (AUTO: a fresh name in childlogdir; a path; NONE:
// none) is a captured source; each start writes into a pipe of its own, read
// until every writer is gone, so no line is lost across restarts and two
// starts' lines never meet;
// redirect_stderr puts fd 2 on stdout's pipe; stdout_logfile_timestamps
// stamps stdout's lines. A channel without a log goes to /dev/null, unless it
// is an event listener's stdout or has *_events_enabled: those are tapped,
// and listen() hears them. tail -f follows the file itself (file-follow.ts).
import { openSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { ChannelSpec, ProcessSpec } from "../config.ts";
import type { LogTap } from "../http/logtail-route.ts";
import { followFile } from "../http/file-follow.ts";
import { closeFd } from "../../sys/libc.ts";
import type { CapturedSource, LogSink, OutputCapture, StartWriter } from "../../output/capture.ts";

export type Channel = "stdout" | "stderr";

export interface ProcessOutput {
  /** The log file's path (AUTO resolved), or null when the channel is not logged. */
  logfile(channel: Channel): string | null;
  /** Create the AUTO log files that do not exist yet (empty), one after the other. */
  createAutoLogs(): Promise<void>;
  /** The child's fds 1 and 2 for one start (pipes of its own), and what to
   *  call once the spawn is made: monitor keeps only the pipes' read ends
   *  (the capture's per-start sources). */
  forSpawn(): { fds: Map<number, number>; done(): void };
  /** The child exited: what it left unterminated goes to the log now, newline-ended. */
  exited(): void;
  tap(channel: Channel): LogTap | null;
  /**
   * HOOK POINT (event listeners' protocol on stdout, PROCESS_LOG_* events):
   * hear the channel's output in whole lines as it goes to its log. Only
   * tapped channels speak: an [eventlistener:x]'s stdout, and channels with
   * *_events_enabled=true.
   */
  listen(channel: Channel, onLines: (bytes: Uint8Array) => void): () => void;
  /** Empty the log files (supervisorctl clear). */
  clear(): Promise<void>;
  /** Stop capturing and close the files (the group was removed, or monitor exits). */
  close(): Promise<void>;
}

export interface OutputPlace {
  readonly childlogdir: string;
  readonly identifier: string;
  readonly capture: OutputCapture;
  /** Where tapped output arrives: the capture's single output hook, by source. */
  readonly taps: Map<CapturedSource, (bytes: Uint8Array) => void>;
}

/** supervisord's AUTO name: NAME-CHANNEL---IDENTIFIER-XXXXXXXX.log (tempfile.mkstemp). */
export function autoLogName(place: Pick<OutputPlace, "childlogdir" | "identifier">, name: string, channel: Channel): string {
  const letters = "abcdefghijklmnopqrstuvwxyz0123456789_";
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => letters[b % letters.length]).join("");
  return join(place.childlogdir, `${name}-${channel}---${place.identifier}-${suffix}.log`);
}

/** Create the file (empty) without keeping it open. */
async function createFile(path: string): Promise<void> {
  try {
    await (await open(path, "a", 0o644)).close();
  } catch {
    // the directory went away: opening it for the first start says why
  }
}

class ChannelCapture {
  readonly path: string | null;
  private sink: LogSink | null = null;
  private source: CapturedSource | null = null;
  readonly listeners = new Set<(bytes: Uint8Array) => void>();

  constructor(
    private readonly place: OutputPlace,
    private readonly name: string,
    path: string | null,
    private readonly tapped: boolean,
    private readonly timestamps: boolean,
    private readonly maxBytes: number,
    private readonly backups: number,
    private readonly lazy: boolean,
  ) {
    this.path = path;
  }

  /** A new pipe's write end for one start (the source and log are made at the first); null when nothing reads this channel.
   *  Throws the fs error of the log, or SysError. */
  writer(): StartWriter | null {
    if (this.path === null && !this.tapped) return null;
    const { capture, taps } = this.place;
    if (!this.source) {
      this.sink = this.path === null ? null : capture.openLog({ path: this.path, maxBytes: this.maxBytes, backups: this.backups }, { lazy: this.lazy });
      this.source = capture.addSource({ name: this.name, sink: this.sink, timestamps: this.timestamps, tap: this.tapped, perStart: true });
      if (this.tapped) taps.set(this.source, (bytes) => this.listeners.forEach((l) => l(bytes)));
    }
    return capture.writerForStart(this.source);
  }

  /** This channel's pipe, once it has one. */
  captured(): CapturedSource | null {
    return this.source;
  }

  async clear(): Promise<void> {
    if (this.sink) await this.place.capture.clearLog(this.sink);
  }

  async close(): Promise<void> {
    const { source, sink } = this;
    this.source = this.sink = null;
    if (source) {
      this.place.taps.delete(source);
      await this.place.capture.removeSource(source);
    }
    if (sink) await this.place.capture.closeLog(sink);
  }
}

export function createProcessOutput(spec: ProcessSpec, place: OutputPlace): ProcessOutput {
  const pathOf = (c: ChannelSpec, channel: Channel) =>
    c.logfile.kind === "file" ? c.logfile.path : c.logfile.kind === "auto" ? autoLogName(place, spec.name, channel) : null;
  const channel = (c: ChannelSpec, name: Channel, tapped: boolean) =>
    new ChannelCapture(place, `${spec.namespec}:${name}`, pathOf(c, name), tapped, c.timestamps, c.maxBytes, c.backups, c.logfile.kind === "auto");
  const channels = {
    stdout: channel(spec.stdout, "stdout", spec.kind === "eventlistener" || spec.stdout.eventsEnabled),
    stderr: channel(spec.stderr, "stderr", spec.stderr.eventsEnabled),
  };
  // supervisord creates AUTO logs (mkstemp) when the group becomes active.
  // Creating a file costs far more than opening one (half a millisecond each
  // on ext4, one after the other, and it holds the descriptor table that
  // every spawn copies), so here the engine has them created once the burst
  // of first starts is over (createAutoLogs), and the capture thread opens an
  // AUTO log only at its first write: no start waits for it, and a program
  // that never writes holds no log descriptor. A named log is opened at the
  // first start, as supervisord does, so a bad path is that start's spawnerr.
  const autoPaths = ([["stdout", spec.stdout], ["stderr", spec.stderr]] as const).flatMap(([name, c]) =>
    c.logfile.kind === "auto" && channels[name].path !== null ? [channels[name].path!] : [],
  );
  let devNull: number | null = null;
  const nullWriter = () => ({ fd: (devNull ??= openSync("/dev/null", "w")), done: () => {} });

  return {
    logfile: (name) => channels[name].path,
    createAutoLogs: async () => {
      for (const path of autoPaths) await createFile(path);
    },
    forSpawn() {
      const out = channels.stdout.writer() ?? nullWriter();
      let err: StartWriter;
      try {
        err = spec.redirectStderr ? out : (channels.stderr.writer() ?? nullWriter());
      } catch (e) {
        out.done();
        throw e;
      }
      return {
        fds: new Map([[1, out.fd], [2, err.fd]]),
        done: () => {
          out.done();
          err.done();
        },
      };
    },
    exited() {
      const sources = [channels.stdout.captured(), channels.stderr.captured()].filter((c): c is CapturedSource => c !== null);
      if (sources.length) void place.capture.flush(sources);
    },
    tap(name) {
      const path = channels[name].path;
      return path === null ? null : { path, follow: (from, onData) => followFile(path, from, onData) };
    },
    listen(name, onLines) {
      const set = channels[name].listeners;
      set.add(onLines);
      return () => set.delete(onLines);
    },
    async clear() {
      await Promise.all([channels.stdout.clear(), channels.stderr.clear()]);
    },
    async close() {
      await Promise.all([channels.stdout.close(), channels.stderr.close()]);
      if (devNull !== null) closeFd(devNull);
      devNull = null;
    },
  };
}
