export { computeBackoffDelay, computeRestartDelay } from "./backoff.ts";
export { DEFAULT_POLICY, resolvePolicyConfig } from "./config.ts";
export { initialState, isSettled, step } from "./machine.ts";
export { isExpectedExit, shouldRestart } from "./restart-policy.ts";
export type * from "./types.ts";
