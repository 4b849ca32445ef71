// listen= and ready= (monitor extensions) for a supervisord process: the
// shared ProgramActivation of SPEC section 6, from the process's settings.
// Sockets are bound here, once; a start is RUNNING when the child says it is
// ready (notify, fd:N) or after the delay, bounded by the default ready timeout.
import { parseListenAddress } from "../../activation/address.ts";
import { DEFAULT_READY_TIMEOUT_MS } from "../../activation/options.ts";
import { ProgramActivation, readinessPolicy } from "../../activation/program-activation.ts";
import type { ProgramRunner } from "../../engine/program.ts";
import type { Log } from "../../log.ts";
import type { PolicyConfig } from "../../policy/types.ts";
import type { ProcessSpec } from "../config.ts";

function readyTimeoutOf(spec: ProcessSpec): number | undefined {
  return spec.ready && spec.ready.kind !== "delay" ? DEFAULT_READY_TIMEOUT_MS : undefined;
}

/** The policy with STARTING -> RUNNING on readiness when ready= is set. */
export function withReadiness(policy: PolicyConfig, spec: ProcessSpec): PolicyConfig {
  return readinessPolicy(policy, spec.ready ?? undefined, readyTimeoutOf(spec));
}

/** null without listen= or ready=. Throws SysError (nothing stays open) when a socket cannot be bound. */
export function activationFor(spec: ProcessSpec, runner: ProgramRunner, log: Log): ProgramActivation | null {
  if (!spec.listen.length && !spec.ready) return null;
  return new ProgramActivation(
    {
      name: spec.name,
      log,
      listen: spec.listen.map((a) => parseListenAddress(a.text, `[program:${spec.program}] listen`)),
      ready: spec.ready ?? undefined,
      readyTimeoutMs: readyTimeoutOf(spec),
      watchdogMs: undefined,
      startSecsMs: spec.startSecsMs,
      stopSignal: spec.stopSignal,
      stopTimeoutMs: spec.stopWaitMs,
    },
    runner,
  );
}
