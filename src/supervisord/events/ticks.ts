// TICK_5, TICK_60 and TICK_3600 as supervisord sends them: when the clock
// crosses into a new multiple of the period, one event whose `when` is that
// multiple (supervisord.py tick/timeslice); none at start-up. One timer,
// armed for the next boundary only while someone listens to ticks.
import type { SupervisorEvent } from "./events.ts";

const PERIODS = [5, 60, 3600] as const;

export function timeslice(period: number, whenSeconds: number): number {
  return Math.trunc(whenSeconds - (whenSeconds % period));
}

/** Emits ticks through `emit`; returns the stop function. `now` is seconds since the epoch. */
export function startTicks(emit: (e: SupervisorEvent) => void, now: () => number = () => Date.now() / 1000): () => void {
  const last = new Map<number, number>(PERIODS.map((p) => [p, timeslice(p, now())]));
  let timer: Timer | undefined;
  const arm = () => {
    const t = now();
    const next = timeslice(5, t) + 5; // every period is a multiple of 5
    timer = setTimeout(fire, Math.max(1, (next - t) * 1000 + 5));
  };
  const fire = () => {
    const t = now();
    for (const period of PERIODS) {
      const slice = timeslice(period, t);
      if (slice !== last.get(period)) {
        last.set(period, slice);
        emit({ kind: "tick", period, when: slice });
      }
    }
    arm();
  };
  arm();
  return () => clearTimeout(timer);
}
