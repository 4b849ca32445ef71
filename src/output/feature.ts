// --log-file and friends as a single-mode feature: one capture thread, one
// log file, two sources (stdout and stderr keep their own partial lines, and
// --tee copies each to monitor's own fd of the same number). The pipes are
// made once and given to every start; after each exit the held partial lines
// are written, and at the end what is in the pipes is drained.
import type { Feature, FeatureModule } from "../engine/feature.ts";
import { UsageError } from "../errors.ts";
import { type CapturedSource, OutputCapture } from "./capture.ts";
import { OUTPUT_OPTIONS, type OutputConfig, parseOutputOptions } from "./options.ts";

export const outputFeature: FeatureModule = {
  options: OUTPUT_OPTIONS,
  create(options) {
    const config = parseOutputOptions(options);
    return config && createOutputFeature(config);
  },
};

function createOutputFeature(config: OutputConfig): Feature {
  let capture: OutputCapture | undefined;
  let out: CapturedSource | undefined;
  let err: CapturedSource | undefined;
  return {
    name: "output",
    setup({ log }) {
      capture = new OutputCapture({ notice: (n) => log[n.level](n.message) });
      let sink;
      try {
        sink = capture.openLog(config.file);
      } catch (e) {
        void capture.close();
        throw new UsageError(`--log-file: cannot open '${config.file.path}': ${(e as { code?: string }).code ?? e}`);
      }
      const source = (name: string, fd: number) =>
        capture!.addSource({ name, sink, timestamps: config.timestamps, tee: config.tee ? fd : null });
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
    onExit() {
      void capture?.flush();
    },
    outputPipes() {
      return [out?.pipeInode, err?.pipeInode].filter((i): i is number => i !== undefined);
    },
    async teardown() {
      await capture?.close();
    },
  };
}
