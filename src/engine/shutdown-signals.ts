// Signals for the verbs that supervise service directories (supervise,
// scan). There is no one child to forward to: TERM, INT, HUP and QUIT mean
// "stop every service and exit"; every other signal monitor would forward is
// ignored, because its default action would kill monitor and leave the
// services running with nobody supervising them.
import type { Log } from "../log.ts";
import { releaseHeldSignals } from "../sys/quiet-runtime.ts";
import { FORWARDED_SIGNALS, signalNumber } from "../sys/signals.ts";

const STOP_ON: ReadonlySet<NodeJS.Signals> = new Set(["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT"]);

/** Install the handlers, then let signals held across the quiet re-exec in. Returns the uninstaller. */
export function handleShutdownSignals(onShutdown: (signal: NodeJS.Signals) => void, log: Log): () => void {
  const handlers = FORWARDED_SIGNALS.map((name) => {
    const h = STOP_ON.has(name)
      ? () => onShutdown(name)
      : () => log.debug(`ignoring ${name} (${signalNumber(name)})`);
    process.on(name, h);
    return [name, h] as const;
  });
  releaseHeldSignals();
  return () => {
    for (const [name, h] of handlers) process.off(name, h);
  };
}
