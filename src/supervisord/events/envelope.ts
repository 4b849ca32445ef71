// The header line supervisord writes before each event on a listener's stdin
// (process.py EventListenerPool._eventEnvelope), and its reading as
// childutils.get_headers does. `len` counts the payload's characters, as
// Python's len(str) does, not its bytes: childutils reads the payload from a
// text stream, so that is what it waits for.

export interface Envelope {
  /** [supervisord] identifier. */
  readonly server: string;
  /** Global event serial (shared by every pool). */
  readonly serial: number;
  readonly pool: string;
  /** This pool's own serial for the event. */
  readonly poolSerial: number;
  readonly eventName: string;
  readonly payload: string;
}

/** Python's len(str): code points. */
export function pyLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function packEnvelope(e: Envelope): string {
  return `ver:3.0 server:${e.server} serial:${e.serial} pool:${e.pool} poolserial:${e.poolSerial} eventname:${e.eventName} len:${pyLength(e.payload)}\n${e.payload}`;
}

/** childutils.get_headers: `key:value` words of the header line. */
export function readHeaders(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of line.split(/\s+/).filter(Boolean)) {
    const colon = word.indexOf(":");
    if (colon === -1) throw new Error(`header word '${word}' has no colon`);
    out[word.slice(0, colon)] = word.slice(colon + 1);
  }
  return out;
}

/** One envelope from the text at its start: the headers, the payload and what follows; null when incomplete. */
export function unpackEnvelope(text: string): { envelope: Envelope; rest: string } | null {
  const nl = text.indexOf("\n");
  if (nl === -1) return null;
  const h = readHeaders(text.slice(0, nl));
  const len = Number(h.len);
  if (h.ver !== "3.0" || !Number.isSafeInteger(len) || len < 0) throw new Error(`not an event header: ${text.slice(0, nl)}`);
  const chars = [...text.slice(nl + 1)];
  if (chars.length < len) return null;
  const payload = chars.slice(0, len).join("");
  return {
    envelope: { server: h.server!, serial: Number(h.serial), pool: h.pool!, poolSerial: Number(h.poolserial), eventName: h.eventname!, payload },
    rest: chars.slice(len).join(""),
  };
}
