// The vocabulary of the pure supervision machine: what it knows (MachineState),
// what it is told (Event) and what it asks for (Action). No clock, no process,
// no I/O: the engine feeds events to step() and carries out the actions in order.
//
// Contract with the engine:
// - `spawn` is answered by exactly one `spawned` or `spawn-failed`.
// - `arm` (re)starts the named timer; when it fires the engine feeds
//   `{type:"timer", timer}`. `cancel` stops it. A timer event for a timer the
//   machine does not hold armed (a fire that raced a cancel) is ignored.
// - `exited` is fed once per spawned child, after wait4 reaped it; its `at`
//   decides whether the run lasted startSecs (so a start-secs fire that loses
//   the race against the exit does not turn a good run into a failed one).
// - `rollback` is answered by `rollback-done` or `rollback-refused`.
// - `done` means: nothing will be started again unless a new `start` arrives.
// - `replaced` comes from an engine that started a second child and saw it
//   ready; the machine follows the new pid, so the old child's `exited`
//   (fed with its pid, as every exit) no longer matches and is ignored.

/** supervisord's process states, with supervisord's meanings. */
export type ProcessState =
  | "STOPPED" // never started, or stopped on request (or by the deadline)
  | "STARTING" // spawned (or being spawned), not yet up for startSecs / ready
  | "RUNNING" // up for startSecs (or said ready)
  | "BACKOFF" // a start failed; waiting to retry (or for a rollback reply)
  | "STOPPING" // stop signal sent to the group, waiting for the child's exit
  | "EXITED" // exited from RUNNING; a restart may be pending (timer "backoff")
  | "FATAL"; // consecutive failed starts reached maxRetries

/** How a child ended, decoded from wait4: exit code or terminating signal. */
export type ExitStatus = { readonly code: number } | { readonly signal: number };

/** The timers the engine arms and cancels on the machine's behalf. */
export type TimerName = "start-secs" | "backoff" | "stop-timeout" | "ready-timeout";

export type RestartPolicy = "on-failure" | "always" | "never";

/** Times are milliseconds. Build one with resolvePolicyConfig() (config.ts) for defaults and checks. */
export interface PolicyConfig {
  /** supervisord autorestart: unexpected = on-failure, true = always, false = never. */
  readonly restart: RestartPolicy;
  /** Exit codes that are expected under on-failure. An exit by signal is never expected. */
  readonly exitCodes: readonly number[];
  /** A run shorter than this is a failed start; 0 = RUNNING as soon as spawned. */
  readonly startSecsMs: number;
  /** Delay before the first retry after a failed start. */
  readonly backoffMs: number;
  /** Each further consecutive failed start multiplies the delay (1 = constant). */
  readonly backoffFactor: number;
  /** "linear" ignores the factor: backoff * n, supervisord's 1 s, 2 s, 3 s... Default "exponential". */
  readonly backoffGrowth?: "exponential" | "linear";
  /** No back-off delay exceeds this. */
  readonly backoffMaxMs: number;
  /** Consecutive failed starts before giving up (FATAL or rollback). Infinity = never. */
  readonly maxRetries: number;
  /** Signal sent to the group to ask it to stop. */
  readonly stopSignal: number;
  /** After this, SIGKILL to the group. Infinity = never escalate. */
  readonly stopTimeoutMs: number;
  /** Consecutive failed health results (while RUNNING) before stopping the group; 0/undefined = no health. */
  readonly healthRetries?: number;
  /** A backup binary is configured: when retries are spent, ask for a rollback before FATAL. */
  readonly rollback: boolean;
  /** STARTING -> RUNNING on a `ready` event instead of after startSecs (SPEC section 6). */
  readonly needsReady?: boolean;
  /** With needsReady: a child not ready this long after its spawn is stopped, and that counts as a failed
   *  start (systemd's TimeoutStartSec). Undefined = wait for `ready` as long as it takes. */
  readonly readyTimeoutMs?: number;
  /** Delay before restarting after a run that reached RUNNING; default backoffMs. supervisord mode: 0. */
  readonly restartDelayMs?: number;
  /** Retry a failed start even when the policy would not restart that exit
   *  (supervisord: startsecs/startretries override autorestart). Default false. */
  readonly retryFailedStarts?: boolean;
  /** A spawn-failed before any child was ever spawned is FATAL at once (SPEC 2: exit 126/127 at first start). */
  readonly giveUpOnFirstExecFailure?: boolean;
}

/** Why a STOPPING state was entered: decides what follows the child's exit. */
export type StopIntent =
  | "stop" // a stop request: STOPPED, done
  | "restart" // a start arrived while stopping: STOPPED, then STARTING
  | "unhealthy" // healthRetries failures: a failed start (BACKOFF | FATAL), EXITED when policy is never
  | "unresponsive" // an `unresponsive` report (watchdog): as unhealthy
  | "not-ready" // readyTimeoutMs passed in STARTING: a failed start (BACKOFF | FATAL | EXITED)
  | "deadline"; // job --timeout: STOPPED, done 124

export interface MachineState {
  readonly phase: ProcessState;
  /** The child, from `spawned` until its `exited`; null otherwise (also while a spawn is pending). */
  readonly pid: number | null;
  /** A spawn action was emitted and no spawned/spawn-failed came back yet. */
  readonly spawnPending: boolean;
  /** `at` of the last `spawned`. */
  readonly startedAt: number | null;
  /** Consecutive failed starts (unhealthy stops included) since the last good run, start request or
   *  rollback. A good run: RUNNING, or with healthRetries a passed check or an exit from RUNNING. */
  readonly failures: number;
  /** Status of the last child (or 126/127 of the last failed exec). */
  readonly lastStatus: ExitStatus | null;
  /** Timers the machine asked for and has not seen fire or cancelled. */
  readonly armed: readonly TimerName[];
  /** Consecutive failed health results while RUNNING. */
  readonly healthFailures: number;
  readonly stopIntent: StopIntent | null;
  /** Started by `{type:"start", once:true}` (daemontools `svc -o`): do not restart. */
  readonly once: boolean;
  /** The child was seen stopped (SIGSTOP) and not yet continued. */
  readonly paused: boolean;
  /** A rollback action is out, waiting for rollback-done / rollback-refused. */
  readonly awaitingRollback: boolean;
  /** Some spawn ever succeeded. */
  readonly hasRun: boolean;
}

export type Event =
  | { readonly type: "start"; readonly once?: boolean } // start request
  | { readonly type: "stop" } // graceful stop request
  | { readonly type: "spawned"; readonly pid: number; readonly at: number }
  | { readonly type: "spawn-failed"; readonly status: 126 | 127; readonly at: number }
  | { readonly type: "exited"; readonly status: ExitStatus; readonly at: number; readonly pid?: number }
  | { readonly type: "timer"; readonly timer: TimerName }
  | { readonly type: "health"; readonly ok: boolean }
  // The child said it is ready (needsReady). `pid` names the child; a report about another one is ignored.
  | { readonly type: "ready"; readonly pid?: number }
  // The engine judged the RUNNING child hung (no watchdog ping in time): stop it, restart per policy.
  | { readonly type: "unresponsive"; readonly reason: string; readonly pid?: number }
  // Zero-downtime reload: a second child, already ready, takes over; the old one's exit no longer counts.
  | { readonly type: "replaced"; readonly pid: number; readonly at: number }
  | { readonly type: "deadline" } // job --timeout: stop, never restart, done 124
  | { readonly type: "rollback-done" }
  | { readonly type: "rollback-refused" }
  | { readonly type: "child-stopped" } // SIGSTOP seen via WUNTRACED: not an exit
  | { readonly type: "child-continued" }; // SIGCONT seen via WCONTINUED

export type Action =
  | { readonly type: "spawn" }
  | { readonly type: "signal"; readonly signal: number; readonly target: "group" }
  | { readonly type: "kill-group" } // SIGKILL to the group after stopTimeout
  | { readonly type: "arm"; readonly timer: TimerName; readonly ms: number }
  | { readonly type: "cancel"; readonly timer: TimerName }
  | { readonly type: "rollback" }
  | { readonly type: "done"; readonly status: ExitStatus }
  | { readonly type: "state"; readonly from: ProcessState; readonly to: ProcessState; readonly reason: string };

export interface StepResult {
  readonly state: MachineState;
  readonly actions: readonly Action[];
}
