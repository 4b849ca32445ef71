// What supervisord records and logs when a child is reaped (process.py
// Subprocess.finish), pure: a stopped child is `stopped:`; one that ran less
// than startsecs "exited too quickly" (spawnerr set, exitstatus reported as
// 0); any other exit is expected or not by exitcodes, with spawnerr
// `Bad exit code N` when not. A death by signal has exit status -1.
import { signalName } from "../../cli/values.ts";
import type { ExitStatus } from "../../sys/wait-status.ts";
import type { ProcessStateName } from "../backend.ts";
import type { ProcessSpec } from "../config.ts";

export interface ExitReport {
  readonly exitstatus: number;
  /** The new spawnerr, or undefined to leave it. */
  readonly spawnerr?: string;
  /** For an exit from RUNNING: whether it was expected (essential=true acts on it). */
  readonly expected?: boolean;
  readonly level: "info" | "warn";
  readonly line: string;
}

/** supervisord's decode_wait_status text: `exit status 1`, `terminated by SIGTERM`. */
export function exitText(s: ExitStatus): string {
  return "code" in s ? `exit status ${s.code}` : `terminated by ${signalName(s.signal)}`;
}

export function reportExit(spec: Pick<ProcessSpec, "name" | "exitCodes" | "startSecsMs">, phase: ProcessStateName, status: ExitStatus, ranSeconds: number): ExitReport {
  const es = "code" in status ? status.code : -1;
  const expected = "code" in status && spec.exitCodes.includes(status.code);
  const how = exitText(status);
  const level = expected ? "info" : "warn";
  if (phase === "STOPPING") return { exitstatus: es, level, line: `stopped: ${spec.name} (${how})` };
  if (phase === "STARTING" && ranSeconds < spec.startSecsMs / 1000) {
    return { exitstatus: 0, spawnerr: "Exited too quickly (process log may have details)", level: "warn", line: `exited: ${spec.name} (${how}; not expected)` };
  }
  return {
    exitstatus: es,
    expected,
    ...(!expected && { spawnerr: `Bad exit code ${es}` }),
    level,
    line: `exited: ${spec.name} (${how}; ${expected ? "expected" : "not expected"})`,
  };
}
