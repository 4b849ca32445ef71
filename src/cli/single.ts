// `monitor [OPTIONS] [--] PROGRAM [ARGS...]`: split argv, build the config,
// and run single-program mode.
import { createLog } from "../log.ts";
import { ensureQuietRuntime } from "../sys/quiet-runtime.ts";
import { formatUsage, splitArgv } from "./argv.ts";
import { buildFeatures, buildSingleConfig, SINGLE_OPTIONS } from "./single-options.ts";
import { runSingle } from "../engine/single.ts";
import { childEnvironment } from "../child/child-options.ts";
import { version } from "./version.ts";
import { programInDirectory, resolveProgram } from "../sys/resolve.ts";
import { detach } from "../daemon/detach.ts";
import { isDetachedChild } from "../daemon/report.ts";
import { takeReportChannel } from "../daemon/report-channel.ts";

export async function run(argv: string[]): Promise<number> {
  const { options, operands } = splitArgv(argv, SINGLE_OPTIONS);
  if (options.has("help")) {
    process.stdout.write(formatUsage("monitor [OPTIONS] [--] PROGRAM [ARGS...]\n       monitor VERB ... (supervise, scan, svc, svstat, svok, pgrphack, fghack, serve, ctl)", SINGLE_OPTIONS));
    return 0;
  }
  if (options.has("version")) {
    process.stdout.write(`monitor ${version}\n`);
    return 0;
  }
  const config = buildSingleConfig(options, operands);
  const features = buildFeatures(options, config);
  // SPEC 2: PROGRAM not found / not executable at the first start is a usage
  // error (127 / 126, one line), whatever the restart policy.
  resolveProgram(programInDirectory(config.program, config.child.cwd), childEnvironment(config.child).PATH);
  // --daemon: the caller only waits for the detached monitor's report.
  if (options.has("daemon") && !isDetachedChild()) return detach(argv);
  ensureQuietRuntime();
  takeReportChannel();
  // Detached: until the first start is reported, stderr is still the caller's; only trouble is worth showing there.
  const level = isDetachedChild() && config.logLevel <= 3 ? 1 : config.logLevel;
  const log = createLog({ format: config.logFormat, level });
  return runSingle(config, features, log);
}
