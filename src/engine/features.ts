// The feature modules of single-program mode, in the order their hooks run.
import type { FeatureModule } from "./feature.ts";
import { healthFeature } from "../health/feature.ts";
import { rollbackFeature } from "./rollback.ts";
import { userFeature } from "../child/user-feature.ts";
import { metricsFeature } from "../metrics/feature.ts";
import { activationFeature } from "../activation/feature.ts";
import { daemonFeature } from "../daemon/feature.ts";
import { outputFeature } from "../output/feature.ts";

export const FEATURE_MODULES: readonly FeatureModule[] = [
  // First: the pid file is taken (or refused) before sockets are bound, and
  // a detached monitor's /dev/null stdio is what later features build on.
  daemonFeature,
  healthFeature,
  rollbackFeature,
  activationFeature,
  userFeature,
  metricsFeature,
  // After the daemon: its /dev/null for the child's fds 1 and 2 gives way to
  // the capture pipes, and it has sent its report before monitor's own stdio
  // moves onto the log file.
  outputFeature,
];
