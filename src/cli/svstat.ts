// `monitor svstat DIR...`: daemontools' svstat, one line per DIR on stdout,
// e.g. `DIR: up (pid 123) 45 seconds, normally down`. Problems with a DIR are
// reported on its own line, in daemontools' words; the exit status is 0.
import { closeSync, writeSync } from "node:fs";
import { describeErrorCode, errorCodeOf } from "../daemontools/error-text.ts";
import { openFifoWriter } from "../daemontools/fifo.ts";
import { chdirErrorCode, probeNormallyUp, supervisePath } from "../daemontools/service-dir.ts";
import { DAEMONTOOLS_STATUS_BYTES, unpackStatus } from "../daemontools/status-file.ts";
import { readStatusBytes } from "../daemontools/status-io.ts";
import { describeStatus } from "../daemontools/status-text.ts";

export async function run(argv: string[]): Promise<number> {
  // Like daemontools' svstat: no options, every argument is a directory.
  const lines = argv.map((dir) => `${dir}: ${describeDir(dir, Date.now() / 1000)}\n`);
  if (lines.length > 0) writeSync(1, lines.join(""));
  return 0;
}

/** The text after `DIR: `, checked in the order daemontools' svstat checks. */
export function describeDir(dir: string, nowSeconds: number): string {
  const chdirError = chdirErrorCode(dir);
  if (chdirError) return `unable to chdir: ${describeErrorCode(chdirError)}`;
  const down = probeNormallyUp(dir);
  if (down.errorCode) return `unable to stat down: ${describeErrorCode(down.errorCode)}`;
  try {
    closeSync(openFifoWriter(supervisePath(dir, "ok")));
  } catch (e) {
    const code = errorCodeOf(e);
    if (code === "ENXIO") return "supervise not running";
    return `unable to open supervise/ok: ${describeErrorCode(code)}`;
  }
  const read = readStatusBytes(dir);
  if (!read.ok) return `unable to ${read.failed} supervise/status: ${describeErrorCode(read.code)}`;
  if (read.bytes.byteLength < DAEMONTOOLS_STATUS_BYTES) return "unable to read supervise/status: bad format";
  return describeStatus(unpackStatus(read.bytes), down.normallyUp, nowSeconds);
}
