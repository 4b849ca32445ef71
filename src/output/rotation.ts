// Rotation as supervisord's RotatingFileHandler does it (supervisor/loggers.py),
// kept pure: once the file has reached maxBytes it is closed, PATH.(N-1) ->
// PATH.N ... PATH.1 -> PATH.2, PATH -> PATH.1, and a new empty PATH is
// opened; with 0 backups PATH is just truncated; with maxBytes 0 it never
// rotates. One difference: supervisord checks after each write of whatever
// the pipe gave it, so a line can straddle two files; monitor rotates right
// after the line that reaches maxBytes, so every file ends at a line's end
// (and holds at least maxBytes, at most maxBytes plus that line).
const NEWLINE = 10;

/** The renames of one rotation, in the order they are made. */
export function rotationRenames(path: string, backups: number): Array<[from: string, to: string]> {
  const out: Array<[string, string]> = [];
  if (backups <= 0) return out;
  for (let i = backups - 1; i >= 1; i--) out.push([`${path}.${i}`, `${path}.${i + 1}`]);
  out.push([path, `${path}.1`]);
  return out;
}

/**
 * Where to rotate while writing buf[start, end) to a file of `size` bytes:
 * the index just after the newline of the line that brings the file to
 * maxBytes, or -1 when the range does not get there (or maxBytes is 0).
 */
export function rotationCut(buf: Uint8Array, start: number, end: number, size: number, maxBytes: number): number {
  if (maxBytes <= 0) return -1;
  const need = Math.max(1, maxBytes - size);
  if (end - start < need) return -1;
  const nl = buf.indexOf(NEWLINE, start + need - 1);
  return nl < 0 || nl >= end ? -1 : nl + 1;
}

/** The files of one log, oldest first (what a reader concatenates). */
export function rotatedFiles(path: string, backups: number): string[] {
  const out: string[] = [];
  for (let i = backups; i >= 1; i--) out.push(`${path}.${i}`);
  out.push(path);
  return out;
}
