// supervise/status, the file svstat reads, as daemontools 0.76 lays it out
// (18 bytes):
//   0..11  TAI64N of the last change of pid (see tai64n.ts)
//   12..15 pid, little-endian; 0 means the service is down
//   16     paused flag (svstat prints ", paused" for any non-zero byte)
//   17     want: 'u', 'd', or 0 when `svc -o` asked for one run only
// runit's runsv appends two bytes (20 in all), and runit's `sv` refuses a
// file shorter than 20 ("bad format") while daemontools' svstat reads only
// the first 18, so the 20-byte layout satisfies both readers:
//   18     1 when runsv has sent TERM and waits for the service to go down
//   19     state: 0 down, 1 run, 2 finish (runit's ./finish is running)
import { packTai64n, TAI64N_BYTES, unpackTai64n, type Tai64n } from "./tai64n.ts";

export const DAEMONTOOLS_STATUS_BYTES = 18;
export const RUNIT_STATUS_BYTES = 20;

export type Want = "up" | "down" | "none";
export type RunitState = "down" | "run" | "finish";

export interface ServiceStatus {
  /** When pid last changed (a start or an exit). */
  changedAt: Tai64n;
  /** The service's pid, 0 when down. */
  pid: number;
  paused: boolean;
  want: Want;
  /** runit's two extra bytes; absent in an 18-byte file. */
  runit?: { termSent: boolean; state: RunitState };
}

export type StatusLayout = "daemontools" | "runit";

const WANT_BYTES: Record<Want, number> = { up: 0x75, down: 0x64, none: 0 };
const RUNIT_STATES: readonly RunitState[] = ["down", "run", "finish"];

export function packStatus(status: ServiceStatus, layout: StatusLayout = "daemontools"): Uint8Array {
  if (!Number.isInteger(status.pid) || status.pid < 0 || status.pid > 0xffff_ffff) {
    throw new RangeError(`status: pid ${status.pid} does not fit in 32 bits`);
  }
  const bytes = new Uint8Array(layout === "runit" ? RUNIT_STATUS_BYTES : DAEMONTOOLS_STATUS_BYTES);
  packTai64n(status.changedAt, bytes, 0);
  new DataView(bytes.buffer).setUint32(TAI64N_BYTES, status.pid, true);
  bytes[16] = status.paused ? 1 : 0;
  bytes[17] = WANT_BYTES[status.want];
  if (layout === "runit") {
    // runsv derives both from its own state; without it, a live pid means "run".
    const extra = status.runit ?? { termSent: false, state: status.pid ? "run" : "down" };
    bytes[18] = extra.termSent ? 1 : 0;
    bytes[19] = RUNIT_STATES.indexOf(extra.state);
  }
  return bytes;
}

/** Reads an 18-byte (daemontools) or 20-byte (runit) file; throws on anything shorter than 18. */
export function unpackStatus(bytes: Uint8Array): ServiceStatus {
  if (bytes.byteLength < DAEMONTOOLS_STATUS_BYTES) {
    throw new RangeError(`status: ${bytes.byteLength} bytes, need ${DAEMONTOOLS_STATUS_BYTES} (bad format)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const status: ServiceStatus = {
    changedAt: unpackTai64n(bytes, 0),
    pid: view.getUint32(TAI64N_BYTES, true),
    paused: bytes[16] !== 0,
    // svstat compares with 'u' and 'd' only; any other byte wants nothing.
    want: bytes[17] === WANT_BYTES.up ? "up" : bytes[17] === WANT_BYTES.down ? "down" : "none",
  };
  if (bytes.byteLength >= RUNIT_STATUS_BYTES) {
    status.runit = { termSent: bytes[18] !== 0, state: RUNIT_STATES[bytes[19]!] ?? "down" };
  }
  return status;
}
