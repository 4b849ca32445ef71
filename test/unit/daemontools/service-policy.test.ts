// The shared machine under SERVICE_POLICY against a model of daemontools
// 0.76's supervise.c (flagwant, flagwantup, pid): after any sequence of svc
// letters and service exits, once the pending 1 s restarts have happened, the
// service is up exactly when daemontools' would be. And while a service is
// up with nothing asked of it, no timer is armed: an idle supervise never
// wakes up. Compared is where each is heading: a service that was sent TERM
// counts as down unless it is wanted up again (it will exit and restart).
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { constants } from "node:os";
import { controlEventOf } from "../../../src/daemontools/control.ts";
import { outcomeOf } from "../../../src/daemontools/service-status.ts";
import { RESTART_DELAY_MS, SERVICE_POLICY } from "../../../src/daemontools/service-policy.ts";
import { initialState, step } from "../../../src/policy/machine.ts";
import type { Action, Event, MachineState } from "../../../src/policy/types.ts";
import { drive, exited, spawned, start, stop, t0 } from "../policy/drive.ts";

const S = constants.signals;

type Move = { k: "letter"; letter: "u" | "d" | "o" } | { k: "exit"; code: number } | { k: "settle" };

/** daemontools' supervise, with SPEC's 1 s delay after a service's own exit (postponed to the next settle). */
class ReferenceSupervise {
  up = false;
  stopping = false;
  want: "up" | "down" | "none" = "up";
  pendingStart = false;
  letter(l: "u" | "d" | "o"): void {
    if (l === "d") {
      this.want = "down";
      this.pendingStart = false;
      if (this.up) this.stopping = true; // kill(pid, SIGTERM)
      return;
    }
    this.want = l === "u" ? "up" : "none";
    if (!this.up) this.start();
  }
  exit(): void {
    const restartNow = this.stopping && this.want === "up"; // svc -d then -u: up again at once
    this.up = false;
    this.stopping = false;
    if (restartNow) this.start();
    else this.pendingStart = this.want === "up"; // SPEC 4: 1 s after an exit of its own
  }
  heading(): boolean {
    return this.up && (!this.stopping || this.want === "up");
  }
  settle(): void {
    if (this.pendingStart) this.start();
  }
  start(): void {
    this.up = true;
    this.stopping = false;
    this.pendingStart = false;
  }
}

/** The machine with a fake engine: spawns succeed at once, armed timers fire on settle. */
class Ours {
  state: MachineState = initialState(SERVICE_POLICY);
  now = t0;
  pid = 100;
  timerArmedWhileIdle = false;
  feed(e: Event): void {
    const r = step(SERVICE_POLICY, this.state, e);
    this.state = r.state;
    for (const a of r.actions) this.carryOut(a);
  }
  carryOut(a: Action): void {
    if (a.type === "spawn") this.pending.push({ type: "spawned", pid: ++this.pid, at: this.now });
  }
  pending: Event[] = [];
  flush(): void {
    while (this.pending.length) this.feed(this.pending.shift()!);
    if (this.state.phase === "RUNNING" && this.state.armed.length > 0) this.timerArmedWhileIdle = true;
  }
  settle(): void {
    for (const timer of [...this.state.armed]) this.feed({ type: "timer", timer });
    this.flush();
  }
  heading(): boolean {
    const { pid, phase, stopIntent } = this.state;
    return pid !== null && (phase !== "STOPPING" || stopIntent === "restart");
  }
}

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  fc.record({ k: fc.constant("letter" as const), letter: fc.constantFrom("u" as const, "d" as const, "o" as const) }),
  fc.record({ k: fc.constant("exit" as const), code: fc.integer({ min: 0, max: 255 }) }),
  fc.constant({ k: "settle" as const }),
);

describe("a service under the shared machine", () => {
  test("is up after the pending restarts exactly when daemontools' supervise would be up", () => {
    fc.assert(
      fc.property(fc.array(moveArb, { maxLength: 60 }), (moves) => {
        const ref = new ReferenceSupervise();
        const ours = new Ours();
        ref.start();
        ours.feed({ type: "start" });
        ours.flush();
        for (const m of moves) {
          ours.now += 10;
          if (m.k === "letter") {
            ref.letter(m.letter);
            ours.feed(outcomeOf(controlEventOf(m.letter)!).event!);
          } else if (m.k === "exit") {
            if (ours.state.pid === null) continue; // only a running service can exit
            ref.exit();
            ours.feed({ type: "exited", status: { code: m.code }, at: ours.now, pid: ours.state.pid });
          } else {
            ref.settle();
            ours.settle();
            expect(ours.heading()).toBe(ref.heading());
          }
          ours.flush();
        }
        ref.settle();
        ours.settle();
        expect(ours.heading()).toBe(ref.heading());
        expect(ours.timerArmedWhileIdle).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test("an exit, whatever its status, is followed by a start 1 s later", () => {
    for (const status of [{ code: 0 }, { code: 111 }, { signal: S.SIGKILL }]) {
      const r = drive(SERVICE_POLICY, [start, spawned(t0), { type: "exited", status, at: t0 + 5 }]);
      expect(r.state.phase).toBe("EXITED");
      expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: RESTART_DELAY_MS });
    }
  });

  test("a run that cannot be executed is tried again every second, for ever", () => {
    let r = drive(SERVICE_POLICY, [start]);
    for (let i = 0; i < 50; i++) {
      r = drive(SERVICE_POLICY, [{ type: "spawn-failed", status: 127, at: t0 + i }], r.state);
      expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: RESTART_DELAY_MS });
      r = drive(SERVICE_POLICY, [{ type: "timer", timer: "backoff" }], r.state);
      expect(r.last).toContainEqual({ type: "spawn" });
    }
  });

  test("svc -d sends TERM then CONT to the group and never escalates to KILL", () => {
    const r = drive(SERVICE_POLICY, [start, spawned(t0), stop]);
    expect(r.last.filter((a) => a.type === "signal" || a.type === "arm")).toEqual([
      { type: "signal", signal: S.SIGTERM, target: "group" },
      { type: "signal", signal: S.SIGCONT, target: "group" },
    ]);
    expect(r.state.armed).toEqual([]);
    const later = drive(SERVICE_POLICY, [exited(t0 + 60_000)], r.state);
    expect(later.state.phase).toBe("STOPPED");
  });
});
