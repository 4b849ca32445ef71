// Checks a logger's files against what log-writer wrote: read oldest first
// as one stream (a line may straddle two files: supervisord rotates between
// writes, not lines), every line must be `prefix` bytes of timestamp, then
// line i's 100 bytes (its number in 12 digits), in order, none missing.
import { readFileSync } from "node:fs";

const NEWLINE = 10;
const LINE = 100;
const DIGITS = 12;

export interface Verification {
  ok: boolean;
  files: number;
  bytes: number;
  lines: number;
  /** The first thing wrong, when not ok. */
  problem?: string;
}

function numberAt(buf: Uint8Array, at: number): number {
  let n = 0;
  for (let i = at; i < at + DIGITS; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export function verifyLog(files: readonly string[], expectedLines: number, prefix: number): Verification {
  const width = prefix + LINE;
  let carry = new Uint8Array(0);
  let lines = 0;
  let bytes = 0;
  let problem: string | undefined;
  const fail = (why: string) => (problem ??= why);
  for (const file of files) {
    const data = readFileSync(file);
    bytes += data.byteLength;
    // A line cut by a rotation: join its two halves.
    let start = 0;
    if (carry.byteLength) {
      const nl = data.indexOf(NEWLINE);
      const joined = new Uint8Array(carry.byteLength + (nl < 0 ? data.byteLength : nl + 1));
      joined.set(carry, 0);
      joined.set(data.subarray(0, nl < 0 ? data.byteLength : nl + 1), carry.byteLength);
      if (nl < 0) {
        carry = joined;
        continue;
      }
      checkLine(joined, 0, joined.byteLength, file);
      start = nl + 1;
    }
    let nl = data.indexOf(NEWLINE, start);
    for (; nl >= 0 && problem === undefined; nl = data.indexOf(NEWLINE, start)) {
      checkLine(data, start, nl + 1 - start, file);
      start = nl + 1;
    }
    carry = data.slice(start);
    if (problem !== undefined) break;
  }
  function checkLine(buf: Uint8Array, at: number, length: number, file: string): void {
    if (length !== width) fail(`${file}: line ${lines} is ${length} bytes, expected ${width}`);
    const n = numberAt(buf, at + prefix);
    if (n !== lines) fail(`line ${lines} holds number ${n}${n > lines ? ` (${n - lines} lines lost)` : ""}`);
    lines++;
  }
  if (carry.byteLength) fail(`the log ends in the middle of a line (${carry.byteLength} bytes)`);
  if (problem === undefined && lines !== expectedLines) fail(`${lines} lines, expected ${expectedLines} (${expectedLines - lines} lost)`);
  return { ok: problem === undefined, files: files.length, bytes, lines, ...(problem === undefined ? {} : { problem }) };
}
