// The forwarding decision, pure: what happens when signal S reaches monitor.
// `--map-signal` rewrites it (TO = 0 drops it); SIGTERM, SIGINT and SIGQUIT
// mean shut down; with `--forward=none` a shutdown still asks the group to
// stop with the stop signal.

export type ForwardMode = "group" | "child" | "none";

export interface ForwardConfig {
  mode: ForwardMode;
  /** FROM -> TO; TO = 0 drops the signal. */
  map: ReadonlyMap<number, number>;
  stopSignal: number;
  shutdownSignals: ReadonlySet<number>;
}

export type ForwardDecision =
  | { kind: "drop" }
  | { kind: "deliver"; signal: number; target: "group" | "child" }
  | { kind: "shutdown"; signal: number; target: "group" | "child" };

export function decideForward(received: number, c: ForwardConfig): ForwardDecision {
  const mapped = c.map.has(received) ? c.map.get(received)! : received;
  if (mapped === 0) return { kind: "drop" };
  if (c.shutdownSignals.has(received)) {
    if (c.mode === "none") return { kind: "shutdown", signal: c.stopSignal, target: "group" };
    return { kind: "shutdown", signal: mapped, target: c.mode };
  }
  if (c.mode === "none") return { kind: "drop" };
  return { kind: "deliver", signal: mapped, target: c.mode };
}

/** Signals whose decision never changes at delivery time (not shutdown ones), as native handler routes:
 *  the signal to send (0 = drop) and whether to the group. */
export function fixedRoutes(signals: readonly number[], c: ForwardConfig, exclude: ReadonlySet<number>): Map<number, { as: number; group: boolean }> {
  const out = new Map<number, { as: number; group: boolean }>();
  for (const signal of signals) {
    if (exclude.has(signal)) continue;
    const d = decideForward(signal, c);
    if (d.kind === "shutdown") continue;
    out.set(signal, d.kind === "deliver" ? { as: d.signal, group: d.target === "group" } : { as: 0, group: false });
  }
  return out;
}
