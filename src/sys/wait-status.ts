// Pure decoding of the status word wait4(2) fills in, as <sys/wait.h> macros
// do on Linux, and the exit status monitor derives from it.

export type WaitStatus =
  | { kind: "exited"; code: number }
  | { kind: "signaled"; signal: number; core: boolean }
  | { kind: "stopped"; signal: number }
  | { kind: "continued" };

/** A finished process: its exit code, or the signal that killed it. */
export type ExitStatus = { code: number } | { signal: number };

export function decodeWaitStatus(status: number): WaitStatus {
  const low = status & 0x7f;
  if (status === 0xffff) return { kind: "continued" }; // WIFCONTINUED
  if ((status & 0xff) === 0x7f) return { kind: "stopped", signal: (status >> 8) & 0xff }; // WIFSTOPPED
  if (low === 0) return { kind: "exited", code: (status >> 8) & 0xff }; // WIFEXITED
  return { kind: "signaled", signal: low, core: (status & 0x80) !== 0 }; // WIFSIGNALED
}

/** The inverse, for tests and fakes. */
export function encodeWaitStatus(w: WaitStatus): number {
  switch (w.kind) {
    case "exited":
      return (w.code & 0xff) << 8;
    case "signaled":
      return (w.signal & 0x7f) | (w.core ? 0x80 : 0);
    case "stopped":
      return ((w.signal & 0xff) << 8) | 0x7f;
    case "continued":
      return 0xffff;
  }
}

/** Shell convention (and tini's): the code, or 128 + the signal. */
export function shellStatus(s: ExitStatus): number {
  return "code" in s ? s.code : 128 + s.signal;
}

export function describeExit(s: ExitStatus): string {
  return "code" in s ? `exit status ${s.code}` : `signal ${s.signal}`;
}
