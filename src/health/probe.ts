// What a health probe gives back, whichever kind it is: a result that always
// resolves (a probe never throws into the event loop) and a way to cancel it.

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly why: string };

export interface RunningProbe {
  readonly result: Promise<ProbeResult>;
  /** Stop the probe now (the program left RUNNING, or monitor is exiting); its result no longer matters. */
  cancel(): void;
}

export const HEALTHY: ProbeResult = { ok: true };

export function unhealthy(why: string): ProbeResult {
  return { ok: false, why };
}

/** `5s`, `1.5s`, `250ms`: how long a probe was given, for the log. */
export function describeTimeout(ms: number): string {
  return ms >= 1000 ? `timeout after ${ms / 1000}s` : `timeout after ${ms}ms`;
}
