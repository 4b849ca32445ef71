// --log-file and friends as a single-mode feature: one capture thread, one
// log file, two sources (stdout and stderr keep their own partial lines, and
// --tee copies each to monitor's own fd of the same number). The pipes are
// made once and given to every start; after each exit the held partial lines
// are written, and at the end what is in the pipes is drained.
//
// With --daemon the log file also takes monitor's own stdio (SPEC 2): once the
// detached monitor has reported its first start (the daemon feature, earlier
// in the registry, then moves stderr off the caller's terminal), a third
// source gets monitor's fds 1 and 2, and monitor's log goes back from the
// quiet level it kept for the caller's terminal to the one asked for.
import { isDetachedChild } from "../daemon/report.ts";
import type { Feature, FeatureContext, FeatureModule } from "../engine/feature.ts";
import { UsageError } from "../errors.ts";
import { type CapturedSource, type LogSink, OutputCapture } from "./capture.ts";
import { OUTPUT_OPTIONS, type OutputConfig, parseOutputOptions } from "./options.ts";

export const outputFeature: FeatureModule = {
  options: OUTPUT_OPTIONS,
  create(options) {
    const config = parseOutputOptions(options);
    if (config?.tee && options.has("daemon")) throw new UsageError("--tee: not with --daemon (a detached monitor has no terminal to copy to)");
    return config && createOutputFeature(config, options.has("daemon"));
  },
};

function createOutputFeature(config: OutputConfig, daemon: boolean): Feature {
  let ctx: FeatureContext | undefined;
  let capture: OutputCapture | undefined;
  let sink: LogSink | undefined;
  let out: CapturedSource | undefined;
  let err: CapturedSource | undefined;
  let releaseStdio: (() => void) | undefined;

  const adoptMonitorStdio = () => {
    if (!capture || !sink || !ctx) return;
    releaseStdio = capture.adoptMonitorStdio(capture.addSource({ name: "monitor", sink }));
    ctx.log.level = ctx.config.logLevel;
  };

  return {
    name: "output",
    setup(c) {
      ctx = c;
      capture = new OutputCapture({ notice: (n) => c.log[n.level](n.message) });
      try {
        sink = capture.openLog(config.file);
      } catch (e) {
        void capture.close();
        throw new UsageError(`--log-file: cannot open '${config.file.path}': ${(e as { code?: string }).code ?? e}`);
      }
      const source = (name: string, fd: number) => capture!.addSource({ name, sink, timestamps: config.timestamps, tee: config.tee ? fd : null });
      out = source("stdout", 1);
      err = source("stderr", 2);
    },
    spawnOptions(o) {
      if (!out || !err) return o;
      const fds = new Map(o.fds ?? []);
      fds.set(1, out.writeFd);
      fds.set(2, err.writeFd);
      return { ...o, fds };
    },
    onState() {
      if (daemon && !releaseStdio && !isDetachedChild()) adoptMonitorStdio();
    },
    onExit() {
      void capture?.flush();
    },
    outputPipes() {
      return [out?.pipeInode, err?.pipeInode].filter((i): i is number => i !== undefined);
    },
    async teardown() {
      releaseStdio?.();
      await capture?.close();
    },
  };
}
