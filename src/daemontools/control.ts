// The letters `svc` writes into supervise/control, as events for the
// supervision machine. Meanings are daemontools 0.76 supervise's:
//   u  want up: start the service if down, and restart it whenever it exits
//   d  want down: TERM then CONT to the service; do not restart it
//   o  once: start it if down, but do not restart it
//   p  pause: STOP the service and set the paused flag in supervise/status
//   c  continue: CONT the service and clear the paused flag
//   h a i t k  send HUP, ALRM, INT, TERM, KILL (only when the service is up)
//   x  exit: supervise leaves once the service is down (it does not stop it)
// supervise silently ignores any other byte, and so does unpackControl.
import { constants } from "node:os";

const S = constants.signals;

export type ControlEvent =
  | { type: "up" }
  | { type: "down" }
  | { type: "once" }
  | { type: "pause"; signal: number } // SIGSTOP
  | { type: "continue"; signal: number } // SIGCONT
  | { type: "signal"; signal: number }
  | { type: "exit" };

export type ControlLetter = "u" | "d" | "o" | "p" | "c" | "h" | "a" | "i" | "t" | "k" | "x";

/** In the order svc's usage line lists them. */
export const CONTROL_LETTERS: readonly ControlLetter[] = ["u", "d", "o", "x", "p", "c", "h", "a", "i", "t", "k"];

const EVENTS: Record<ControlLetter, ControlEvent> = {
  u: { type: "up" },
  d: { type: "down" },
  o: { type: "once" },
  p: { type: "pause", signal: S.SIGSTOP },
  c: { type: "continue", signal: S.SIGCONT },
  h: { type: "signal", signal: S.SIGHUP },
  a: { type: "signal", signal: S.SIGALRM },
  i: { type: "signal", signal: S.SIGINT },
  t: { type: "signal", signal: S.SIGTERM },
  k: { type: "signal", signal: S.SIGKILL },
  x: { type: "exit" },
};

export function isControlLetter(ch: string): ch is ControlLetter {
  return Object.hasOwn(EVENTS, ch);
}

/** The event for one letter, or undefined for a byte supervise ignores. */
export function controlEventOf(letter: string): ControlEvent | undefined {
  return isControlLetter(letter) ? { ...EVENTS[letter] } : undefined;
}

/** The letter that asks for `event`; undefined for a signal no letter sends (e.g. USR1). */
export function controlLetterOf(event: ControlEvent): ControlLetter | undefined {
  return CONTROL_LETTERS.find((letter) => {
    const known = EVENTS[letter];
    return known.type === event.type && (!("signal" in known) || known.signal === (event as { signal: number }).signal);
  });
}

/** Bytes read from the FIFO to events, in order, skipping bytes supervise ignores. */
export function unpackControl(bytes: Uint8Array): ControlEvent[] {
  const events: ControlEvent[] = [];
  for (const byte of bytes) {
    const event = controlEventOf(String.fromCharCode(byte));
    if (event) events.push(event);
  }
  return events;
}

/** Events to the bytes svc would write; throws for an event no letter expresses. */
export function packControl(events: readonly ControlEvent[]): Uint8Array {
  const letters = events.map((event) => {
    const letter = controlLetterOf(event);
    if (!letter) throw new RangeError(`control: no svc letter sends ${JSON.stringify(event)}`);
    return letter;
  });
  return new TextEncoder().encode(letters.join(""));
}
