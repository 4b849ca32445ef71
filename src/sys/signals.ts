// Which signals monitor catches and forwards: tini's set, that is every
// catchable signal except SIGCHLD (monitor's own business) and the
// synchronous or terminal-control ones a process raises against itself
// (FPE ILL SEGV BUS ABRT TRAP SYS TTIN TTOU).
import { constants } from "node:os";

const S = constants.signals;

const NOT_FORWARDED = new Set<number>([
  S.SIGKILL, S.SIGSTOP, S.SIGCHLD,
  S.SIGFPE, S.SIGILL, S.SIGSEGV, S.SIGBUS, S.SIGABRT, S.SIGTRAP, S.SIGSYS,
  S.SIGTTIN, S.SIGTTOU,
]);

/** Signal names Bun lets a process handle, minus those never forwarded. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = (Object.keys(S) as NodeJS.Signals[]).filter(
  (name) => !NOT_FORWARDED.has(S[name]) && name !== "SIGIOT" && name !== "SIGPOLL" && name !== "SIGUNUSED" as string,
);

/** Signals that mean "shut down" when they reach monitor. */
export const SHUTDOWN_SIGNALS = new Set<number>([S.SIGTERM, S.SIGINT, S.SIGQUIT]);

export function signalNumber(name: NodeJS.Signals): number {
  return S[name];
}

export const SIGNALS = S;
