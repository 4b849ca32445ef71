// Reading and writing supervise/status beside the pure codec. The writer
// does what daemontools' supervise does so a reader never sees a half-written
// file: write supervise/status.new (mode 0644 before umask), then rename it
// over supervise/status, which is atomic within one directory.
import { closeSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { describeErrorCode, errorCodeOf } from "./error-text.ts";
import { supervisePath } from "./service-dir.ts";
import { packStatus, RUNIT_STATUS_BYTES, unpackStatus, type ServiceStatus, type StatusLayout } from "./status-file.ts";

export function writeStatus(serviceDir: string, status: ServiceStatus, layout: StatusLayout = "daemontools"): void {
  const bytes = packStatus(status, layout);
  const fresh = supervisePath(serviceDir, "status.new");
  const fd = openSync(fresh, "w", 0o644);
  try {
    const written = writeSync(fd, bytes);
    if (written !== bytes.byteLength) throw new Error(`${fresh}: partial write (${written} of ${bytes.byteLength} bytes)`);
  } finally {
    closeSync(fd);
  }
  renameSync(fresh, supervisePath(serviceDir, "status"));
}

export type StatusBytes =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; failed: "open" | "read"; code: string | undefined };

/**
 * The raw bytes as svstat gets them: one read of at most 20 bytes (runit's
 * size; daemontools' svstat asks for 18). Says which call failed, since
 * svstat words the two failures differently.
 */
export function readStatusBytes(serviceDir: string): StatusBytes {
  let fd: number;
  try {
    fd = openSync(supervisePath(serviceDir, "status"), "r");
  } catch (e) {
    return { ok: false, failed: "open", code: errorCodeOf(e) };
  }
  try {
    const bytes = new Uint8Array(RUNIT_STATUS_BYTES);
    return { ok: true, bytes: bytes.subarray(0, readSync(fd, bytes, 0, bytes.byteLength, null)) };
  } catch (e) {
    return { ok: false, failed: "read", code: errorCodeOf(e) };
  } finally {
    closeSync(fd);
  }
}

/** readStatusBytes then unpackStatus; throws on a failed call or a short file ("bad format"). */
export function readStatus(serviceDir: string): ServiceStatus {
  const read = readStatusBytes(serviceDir);
  if (!read.ok) throw new Error(`unable to ${read.failed} ${supervisePath(serviceDir, "status")}: ${describeErrorCode(read.code)}`);
  return unpackStatus(read.bytes);
}
