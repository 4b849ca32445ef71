// One step's scratch copy of the state plus the actions it has emitted so far.
// Handlers mutate the draft; result() freezes it. A step that touched nothing
// returns the very state object it was given, so "ignored" is checkable.
import type { Action, ExitStatus, MachineState, PolicyConfig, ProcessState, StepResult, TimerName } from "./types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class StepDraft {
  private readonly s: Mutable<MachineState>;
  private readonly out: Action[] = [];
  private dirty = false;

  constructor(
    readonly config: PolicyConfig,
    private readonly original: MachineState,
  ) {
    this.s = { ...original, armed: [...original.armed] };
  }

  get state(): Readonly<MachineState> {
    return this.s;
  }

  /** Change fields without emitting anything. */
  set(patch: Partial<MachineState>): void {
    Object.assign(this.s, patch);
    this.dirty = true;
  }

  /** A transition; every one is reported as a `state` action. */
  go(to: ProcessState, reason: string): void {
    this.emit({ type: "state", from: this.s.phase, to, reason });
    this.s.phase = to;
  }

  emit(action: Action): void {
    this.out.push(action);
    this.dirty = true;
  }

  isArmed(timer: TimerName): boolean {
    return this.s.armed.includes(timer);
  }

  arm(timer: TimerName, ms: number): void {
    this.emit({ type: "arm", timer, ms });
    if (!this.isArmed(timer)) this.s.armed = [...this.s.armed, timer];
  }

  /** Cancel the timer if the machine holds it armed; a no-op otherwise. */
  cancel(timer: TimerName): void {
    if (!this.isArmed(timer)) return;
    this.emit({ type: "cancel", timer });
    this.s.armed = this.s.armed.filter((t) => t !== timer);
  }

  /** A timer fired: it is no longer armed. */
  disarm(timer: TimerName): void {
    this.set({ armed: this.s.armed.filter((t) => t !== timer) });
  }

  cancelAll(): void {
    for (const timer of [...this.s.armed]) this.cancel(timer);
  }

  done(status: ExitStatus): void {
    this.emit({ type: "done", status });
  }

  result(): StepResult {
    if (!this.dirty) return { state: this.original, actions: [] };
    return { state: { ...this.s, armed: [...this.s.armed] }, actions: this.out };
  }
}
