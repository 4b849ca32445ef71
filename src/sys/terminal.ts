// Job control, as tini does it: when monitor owns the controlling terminal
// (its group is the foreground group), each child's group is made the
// foreground group so Ctrl-C, Ctrl-Z and reads from the terminal reach it.
import { SIGNALS } from "./signals.ts";
import { ignoreSignal, isTty, libc } from "./libc.ts";

const TTY_FD = 0;

/** The fd to hand the terminal through, or undefined when monitor is not in the foreground. */
export function claimTerminal(): number | undefined {
  if (!isTty(TTY_FD)) return undefined;
  if (libc.tcgetpgrp(TTY_FD) !== libc.getpgrp()) return undefined;
  // Once the child's group owns the terminal, monitor is a background
  // process: tcsetpgrp from there raises SIGTTOU unless it is ignored.
  ignoreSignal(SIGNALS.SIGTTOU);
  ignoreSignal(SIGNALS.SIGTTIN);
  return TTY_FD;
}

/** Parent-side fallback where the libc cannot do it in the child. */
export function giveTerminal(fd: number, pgid: number): void {
  libc.tcsetpgrp(fd, pgid);
}
