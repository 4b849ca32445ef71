// An idle monitor must not wake up. Bun's GC timer threads tick about 14
// times a second unless BUN_GC_TIMER_DISABLE is set when the runtime starts,
// so a long-running monitor re-executes itself once with it set (execve keeps
// the pid, which matters as PID 1). The marker lets the second run take both
// variables out again, so the child's environment is exactly the user's.
import { blockSignals, cStringArray, cString, libc, unblockSignals } from "./libc.ts";
import { FORWARDED_SIGNALS, signalNumber } from "./signals.ts";

const GC_VAR = "BUN_GC_TIMER_DISABLE";
const MARKER = "MONITOR_REEXEC_GC";

function isCompiled(): boolean {
  return Bun.main.startsWith("/$bunfs/");
}

export function ensureQuietRuntime(): void {
  if (process.env[MARKER] === "1") {
    // Second run: the variables were ours, not the user's.
    delete process.env[MARKER];
    delete process.env[GC_VAR];
    return;
  }
  if (!isCompiled() || process.env[GC_VAR] !== undefined) return;
  const env = { ...process.env, [GC_VAR]: "1", [MARKER]: "1" };
  const argv = cStringArray([process.argv0, ...process.argv.slice(2)]);
  const envp = cStringArray(Object.entries(env).map(([k, v]) => `${k}=${v}`));
  const path = cString(process.execPath);
  // Held until the new run has its handlers (releaseHeldSignals).
  const held = FORWARDED_SIGNALS.map(signalNumber);
  blockSignals(held);
  libc.execve(path, argv.array, envp.array);
  // execve returned: it failed (a vanished binary, say); run on with the timer.
  unblockSignals(held);
}

/** Call once the signal handlers are installed: deliver what arrived meanwhile. */
export function releaseHeldSignals(): void {
  unblockSignals(FORWARDED_SIGNALS.map(signalNumber));
}
