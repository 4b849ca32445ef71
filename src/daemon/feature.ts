// --daemon and --pidfile as a single-mode feature. Detaching itself happens
// before anything else (cli/single.ts calls detach); in the detached monitor
// this feature gives every start /dev/null for stdio (monitor's own stderr is
// still the caller's until the report) and reports the first start's outcome:
// RUNNING is `running`, a failed first start (or the end before one) its status.
// --pidfile is taken before the first start and removed when monitor exits.
import type { Feature, FeatureModule } from "../engine/feature.ts";
import type { ProgramRunner } from "../engine/program.ts";
import { closeSync, openSync } from "node:fs";
import { UsageError } from "../errors.ts";
import { shellStatus } from "../sys/wait-status.ts";
import { takePidfile, type HeldPidfile } from "./pidfile.ts";
import { isDetachedChild, reportStart } from "./report.ts";
import { silenceStderr } from "./report-channel.ts";

export const daemonFeature: FeatureModule = {
  options: [
    { name: "daemon", summary: "detach (new session, stdio to /dev/null) and return once the program runs" },
    { name: "pidfile", value: true, arg: "PATH", summary: "write monitor's pid to PATH; refuse to start while a live monitor holds it" },
  ],
  create(options) {
    const pidfile = options.get("pidfile")?.[0];
    if (pidfile === "") throw new UsageError("--pidfile: empty path");
    const detached = options.has("daemon") && isDetachedChild();
    if (pidfile === undefined && !detached) return undefined;
    return createDaemonFeature(pidfile, detached);
  },
};

function firstOutcome(runner: ProgramRunner, to: string): number | "running" | undefined {
  if (to === "RUNNING") return "running";
  // STARTING -> BACKOFF | EXITED | FATAL before any RUNNING: the first start failed.
  if (to === "BACKOFF" || to === "EXITED" || to === "FATAL" || to === "STOPPED") {
    const last = runner.state.lastStatus;
    return last ? shellStatus(last) & 0xff : 1;
  }
  return undefined;
}

function createDaemonFeature(pidfilePath: string | undefined, detached: boolean): Feature {
  let held: HeldPidfile | undefined;
  let runner: ProgramRunner | undefined;
  let devNull: number | undefined;
  return {
    name: "daemon",
    setup(ctx) {
      runner = ctx.runner;
      if (detached) devNull = openSync("/dev/null", "r+");
      if (pidfilePath !== undefined) {
        held = takePidfile(pidfilePath);
        if (held.stalePid !== undefined) ctx.log.info(`--pidfile: ${pidfilePath} named pid ${held.stalePid}, which holds it no more; taken over`);
      }
    },
    spawnOptions(o) {
      if (devNull === undefined) return o;
      return { ...o, fds: new Map([[0, devNull], [1, devNull], [2, devNull], ...(o.fds ?? [])]) };
    },
    onState(_from, to) {
      if (!detached || !runner) return;
      const outcome = firstOutcome(runner, to);
      if (outcome === undefined) return;
      if (reportStart(outcome === "running" ? { kind: "running" } : { kind: "exit", status: outcome })) silenceStderr();
    },
    teardown() {
      held?.release();
      if (devNull !== undefined) closeSync(devNull);
      devNull = undefined;
    },
  };
}
