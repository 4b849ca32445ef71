// The one place that says how tests invoke monitor: the compiled dist/monitor
// when it has been built (npm test builds it first), otherwise the sources run
// by the Bun running the tests. MONITOR_FROM_SOURCE=1 forces the sources, for
// working on code newer than the last build.
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");
const BINARY = resolve(ROOT, "dist/monitor");

export const MONITOR_COMMAND: readonly string[] =
  existsSync(BINARY) && process.env.MONITOR_FROM_SOURCE !== "1"
    ? [BINARY]
    : [process.execPath, resolve(ROOT, "src/main.ts")];
