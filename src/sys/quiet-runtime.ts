// An idle monitor must not wake up. Two of the runtime's threads do, unless
// told otherwise by the environment when the runtime starts:
// - Bun's GC timer threads tick about 14 times a second (BUN_GC_TIMER_DISABLE);
// - mimalloc's scavenger thread wakes every few seconds to return freed pages
//   to the kernel (MIMALLOC_PURGE_DELAY=-1: never purge, so no thread at all;
//   monitor's heap is a few MB and stays that size).
// So a long-running monitor re-executes itself once with them set (execve
// keeps the pid, which matters as PID 1). The marker names the variables that
// were ours, and the second run takes them out again, so the child's
// environment is exactly the user's.
import { blockSignals, cStringArray, cString, libc, unblockSignals } from "./libc.ts";
import { FORWARDED_SIGNALS, signalNumber } from "./signals.ts";
import { isCompiled } from "./self-command.ts";

const QUIET: Readonly<Record<string, string>> = {
  BUN_GC_TIMER_DISABLE: "1",
  MIMALLOC_PURGE_DELAY: "-1",
};
const MARKER = "MONITOR_REEXEC_QUIET";

export function ensureQuietRuntime(): void {
  const marker = process.env[MARKER];
  if (marker !== undefined) {
    // Second run: the marker and the variables it names were ours, not the user's.
    delete process.env[MARKER];
    for (const name of marker.split(",")) if (Object.hasOwn(QUIET, name)) delete process.env[name];
    return;
  }
  const added = Object.keys(QUIET).filter((name) => process.env[name] === undefined);
  if (!isCompiled() || added.length === 0) return;
  const env: Record<string, string | undefined> = { ...process.env, [MARKER]: added.join(",") };
  for (const name of added) env[name] = QUIET[name];
  const argv = cStringArray([process.argv0, ...process.argv.slice(2)]);
  const envp = cStringArray(Object.entries(env).map(([k, v]) => `${k}=${v}`));
  const path = cString(process.execPath);
  // Held until the new run has its handlers (releaseHeldSignals).
  const held = FORWARDED_SIGNALS.map(signalNumber);
  blockSignals(held);
  libc.execve(path, argv.array, envp.array);
  // execve returned: it failed (a vanished binary, say); run on as we are.
  unblockSignals(held);
}

/** Call once the signal handlers are installed: deliver what arrived meanwhile. */
export function releaseHeldSignals(): void {
  unblockSignals(FORWARDED_SIGNALS.map(signalNumber));
}
