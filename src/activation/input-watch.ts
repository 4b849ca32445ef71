// Waiting for a child to speak on a notify socket or a readiness pipe without
// a poll, a timer or a thread: the kernel announces input with a signal
// (fcntl F_SETOWN + F_SETSIG + O_ASYNC, fcntl(2)), and the handler drains
// every watched fd until EAGAIN. An idle monitor is not woken at all.
//
// The signal is SIGCHLD: monitor handles it already (the reaper) and never
// forwards it. A SIGCHLD that is really a child's exit makes each watcher try
// one read that finds nothing; a datagram's SIGCHLD makes the reaper try one
// wait4(WNOHANG) that finds nothing. Signals coalesce, which is why each
// handler drains to EAGAIN: one signal may stand for many messages.
import { signalOnInput } from "../sys/libc.ts";
import { SIGNALS } from "../sys/signals.ts";

const watchers = new Map<number, () => void>();
let listening = false;

function drainAll(): void {
  for (const onInput of [...watchers.values()]) onInput();
}

/** Call `onInput` whenever `fd` may have input (it must read until EAGAIN). Returns the unwatch function. */
export function watchInput(fd: number, onInput: () => void): () => void {
  if (!listening) {
    listening = true;
    process.on("SIGCHLD", drainAll);
  }
  watchers.set(fd, onInput);
  signalOnInput(fd, SIGNALS.SIGCHLD);
  // Input queued before O_ASYNC was set raised no signal.
  queueMicrotask(() => watchers.get(fd) === onInput && onInput());
  return () => {
    if (watchers.get(fd) === onInput) watchers.delete(fd);
  };
}
