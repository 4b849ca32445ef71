// Following a log file as supervisord's tail_f_producer does: every 100 ms
// while someone follows, what was appended since; a new file under the name
// (rotation) is followed from its start, a file that got shorter (cleared)
// says "==> File truncated <==" and goes on from the start. Nothing polls
// while nobody follows.
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

const POLL_MS = 100;
const TRUNCATED = new TextEncoder().encode("==> File truncated <==\n");

/** Call `onData` with what is written to `path` after `from` (a byte offset); returns the stop function. */
export function followFile(path: string, from: number, onData: (chunk: Uint8Array) => void): () => void {
  let fd: number | null = null;
  let ino = -1;
  let pos = from;
  const open = (start: number) => {
    if (fd !== null) closeSync(fd);
    fd = null;
    try {
      fd = openSync(path, "r");
      ino = fstatSync(fd).ino;
      pos = start;
    } catch {
      // not there (between a rotation's rename and the new file): try next time
    }
  };
  const poll = () => {
    try {
      if (fd === null || statSync(path).ino !== ino) open(fd === null && ino === -1 ? pos : 0);
    } catch {
      return; // unlinked for now
    }
    if (fd === null) return;
    const size = fstatSync(fd).size;
    if (size < pos) {
      onData(TRUNCATED);
      pos = 0;
    }
    while (pos < size) {
      const buf = new Uint8Array(Math.min(size - pos, 64 * 1024));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      onData(buf.subarray(0, n));
    }
  };
  open(from);
  const timer = setInterval(poll, POLL_MS);
  return () => {
    clearInterval(timer);
    if (fd !== null) closeSync(fd);
    fd = null;
  };
}
