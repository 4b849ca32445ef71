// Where a stop signal goes, as supervisord's kill(): the stop signal to the
// child alone, or its whole process group with stopasgroup; the SIGKILL after
// stopwaitsecs to the group with killasgroup (which stopasgroup implies).
// The machine follows the stop signal with SIGCONT (for a child stopped by
// SIGSTOP); supervisord sends none, so it goes out only to a paused child.
import { SIGNALS } from "../../sys/signals.ts";
import type { ProcessSpec } from "../config.ts";

export type StopTarget = "group" | "child" | "none";

export function stopTarget(spec: Pick<ProcessSpec, "stopSignal" | "stopAsGroup" | "killAsGroup">, signal: number, escalation: boolean, paused: boolean): StopTarget {
  if (escalation) return spec.killAsGroup ? "group" : "child";
  if (signal === SIGNALS.SIGCONT && spec.stopSignal !== SIGNALS.SIGCONT && !paused) return "none";
  return spec.stopAsGroup ? "group" : "child";
}
