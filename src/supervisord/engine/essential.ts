// essential=true (monitor extension), pure: when an essential process goes
// FATAL or exits unexpectedly, everything is shut down and monitor exits
// with that program's status (its exit code, 128+N for signal N, 1 when
// that would be 0). Its machine never restarts it (policy-of.ts), so an
// expected exit under autorestart=true is restarted here instead.
import type { ExitStatus } from "../../sys/wait-status.ts";
import type { ProcessStateName } from "../backend.ts";
import type { ProcessSpec } from "../config.ts";

export type EssentialVerdict = { readonly kind: "shutdown"; readonly status: number } | { readonly kind: "restart" } | null;

export function essentialVerdict(
  spec: Pick<ProcessSpec, "essential" | "autorestart">,
  to: ProcessStateName,
  expected: boolean,
  last: ExitStatus | null,
): EssentialVerdict {
  if (!spec.essential || (to !== "FATAL" && to !== "EXITED")) return null;
  if (to === "FATAL" || !expected) {
    const code = last === null ? 1 : "code" in last ? last.code : 128 + last.signal;
    return { kind: "shutdown", status: code === 0 ? 1 : code };
  }
  return spec.autorestart === "always" ? { kind: "restart" } : null;
}
