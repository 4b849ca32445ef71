// Whether an exit is expected and whether it is restarted: supervisord's
// autorestart (unexpected / true / false) and exitcodes, as monitor names them.
import type { ExitStatus, PolicyConfig } from "./types.ts";

/** An exit code listed in exitCodes; an exit by signal never is. */
export function isExpectedExit(config: PolicyConfig, status: ExitStatus): boolean {
  return "code" in status && config.exitCodes.includes(status.code);
}

/** Whether the policy starts the program again after this exit (`once` = daemontools `svc -o`). */
export function shouldRestart(config: PolicyConfig, status: ExitStatus, once: boolean): boolean {
  if (once) return false;
  switch (config.restart) {
    case "always":
      return true;
    case "never":
      return false;
    case "on-failure":
      return !isExpectedExit(config, status);
  }
}
