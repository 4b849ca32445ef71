// Test helper: fold events through the machine, keeping every action.
import { initialState, step } from "../../../src/policy/machine.ts";
import type { Action, Event, MachineState, PolicyConfig } from "../../../src/policy/types.ts";
import { resolvePolicyConfig } from "../../../src/policy/config.ts";

export type Step = (config: PolicyConfig, state: MachineState, event: Event) => { state: MachineState; actions: readonly Action[] };

export function policy(given: Partial<PolicyConfig> = {}): PolicyConfig {
  return resolvePolicyConfig({ startSecsMs: 1000, backoffMs: 100, backoffFactor: 2, backoffMaxMs: 1000, stopTimeoutMs: 5000, ...given });
}

export interface Run {
  state: MachineState;
  actions: Action[];
  /** Actions of the last event only. */
  last: readonly Action[];
}

export function drive(config: PolicyConfig, events: readonly Event[], from?: MachineState, machine: Step = step): Run {
  let state = from ?? initialState(config);
  const actions: Action[] = [];
  let last: readonly Action[] = [];
  for (const event of events) {
    const r = machine(config, state, event);
    state = r.state;
    last = r.actions;
    actions.push(...r.actions);
  }
  return { state, actions, last };
}

/** The `to` of every state action, in order. */
export function path(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => (a.type === "state" ? [a.to] : []));
}

export const t0 = 1_000_000;
export const start: Event = { type: "start" };
export const stop: Event = { type: "stop" };
export const spawned = (at: number, pid = 100): Event => ({ type: "spawned", pid, at });
export const exited = (at: number, code = 1): Event => ({ type: "exited", status: { code }, at });
export const killed = (at: number, signal: number): Event => ({ type: "exited", status: { signal }, at });
export const fire = (timer: "start-secs" | "backoff" | "stop-timeout"): Event => ({ type: "timer", timer });
