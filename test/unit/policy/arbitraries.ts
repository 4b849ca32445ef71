// Random configs and move sequences for the property tests, weighted so that
// runs are long and reach the interesting states (FATAL, rollback, health).
import fc from "fast-check";
import type { ExitStatus, PolicyConfig, TimerName } from "../../../src/policy/types.ts";
import type { Move } from "./world.ts";

const TIMERS: TimerName[] = ["start-secs", "backoff", "stop-timeout", "ready-timeout"];

/** true about one time in five. */
const rarely = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const status = fc.oneof(
  fc.record({ code: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ signal: fc.constantFrom(9, 15) }),
) as fc.Arbitrary<ExitStatus>;

/** Moves weighted so that spawns get answered and children exit often, mostly too soon. */
export function moveArb(withHealth = true): fc.Arbitrary<Move> {
  const after = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }) });
  const arbs: fc.WeightedArbitrary<Move>[] = [
    // stop and deadline end a run, so they are rare; spawn replies, exits and fires are common.
    { weight: 4, arbitrary: fc.record({ k: fc.constant("start"), once: rarely }) as fc.Arbitrary<Move> },
    { weight: 2, arbitrary: fc.constant({ k: "stop" } as Move) },
    { weight: 1, arbitrary: fc.constant({ k: "deadline" } as Move) },
    { weight: 30, arbitrary: fc.record({ k: fc.constant("spawn-reply"), fail: fc.constant(false), code: fc.constantFrom(126, 127) }) as fc.Arbitrary<Move> },
    { weight: 8, arbitrary: fc.record({ k: fc.constant("spawn-reply"), fail: fc.constant(true), code: fc.constantFrom(126, 127) }) as fc.Arbitrary<Move> },
    { weight: 25, arbitrary: fc.record({ k: fc.constant("exit"), after, status }) as fc.Arbitrary<Move> },
    { weight: 25, arbitrary: fc.record({ k: fc.constant("fire"), pick: fc.nat(5) }) as fc.Arbitrary<Move> },
    { weight: 2, arbitrary: fc.record({ k: fc.constant("stale"), timer: fc.constantFrom(...TIMERS) }) as fc.Arbitrary<Move> },
    { weight: 4, arbitrary: fc.record({ k: fc.constant("ready"), stale: rarely }) as fc.Arbitrary<Move> },
    { weight: 3, arbitrary: fc.constant({ k: "replace" } as Move) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant("old-exit"), status }) as fc.Arbitrary<Move> },
    { weight: 4, arbitrary: fc.record({ k: fc.constant("pause"), stopped: fc.boolean() }) as fc.Arbitrary<Move> },
    { weight: 6, arbitrary: fc.record({ k: fc.constant("rollback-reply"), ok: fc.boolean() }) as fc.Arbitrary<Move> },
  ];
  // Judgements of a RUNNING child, which a paused child is spared (so left out where pauses are inserted).
  if (withHealth) {
    arbs.push({ weight: 8, arbitrary: fc.record({ k: fc.constant("health"), ok: fc.boolean() }) as fc.Arbitrary<Move> });
    arbs.push({ weight: 2, arbitrary: fc.record({ k: fc.constant("unresponsive"), stale: rarely }) as fc.Arbitrary<Move> });
  }
  return fc.oneof(...arbs);
}

/** Sequences start with a start request, as every front-end's do. */
export function movesArb(withHealth = true): fc.Arbitrary<Move[]> {
  return fc.array(moveArb(withHealth), { minLength: 5, maxLength: 80, size: "medium" }).map((ms) => [{ k: "start", once: false } as Move, ...ms]);
}

export const configArb: fc.Arbitrary<PolicyConfig> = fc.record({
  restart: fc.constantFrom("on-failure", "always", "never"),
  exitCodes: fc.subarray([0, 1, 2, 3]),
  startSecsMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 })),
  backoffMs: fc.integer({ min: 0, max: 500 }),
  backoffFactor: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 4, noNaN: true })),
  backoffGrowth: fc.constantFrom("exponential", "linear", undefined),
  backoffMaxMs: fc.integer({ min: 0, max: 2000 }),
  maxRetries: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constant(Infinity) }),
  stopSignal: fc.constantFrom(15, 2, 9),
  stopTimeoutMs: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(Infinity)),
  healthRetries: fc.integer({ min: 0, max: 3 }),
  rollback: fc.boolean(),
  needsReady: rarely,
  readyTimeoutMs: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  restartDelayMs: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  retryFailedStarts: rarely,
  giveUpOnFirstExecFailure: rarely,
});
