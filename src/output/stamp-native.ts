// --log-timestamps at memcpy's pace: stampLines (timestamp.ts) as a few lines
// of C compiled in memory when the capture thread starts (Bun's TinyCC, as
// native-forward.ts), with glibc's memchr and memcpy doing the per-line work.
// The JS loop stamps at about 2.8 GB/s; this one at several times that, so
// stamping costs little beside the write(2) of the stamped lines. Same
// contract and results as stampLines (a property test holds them equal);
// where the runtime cannot compile it, the capture thread stamps in JS.
import { compileC } from "../sys/libc.ts";
import { STAMP_LENGTH, type Stamp, type Stamped } from "./timestamp.ts";

const SOURCE = `
typedef unsigned long size_t;
void *memcpy(void *d, const void *s, size_t n);
void *memchr(const void *s, int c, size_t n);
/* mem[start, end) to mem[out_start, out_end) with the stamp before each line start; returns the read offset, *written the output's end. */
int stamp_lines(unsigned char *mem, int start, int end, int at_line_start, const unsigned char *stamp, int out_start, int out_end, int *written) {
  int i = start, o = out_start, line_start = at_line_start, take;
  unsigned char *nl;
  while (i < end) {
    if (line_start) {
      if (o + ${STAMP_LENGTH} >= out_end) break;
      memcpy(mem + o, stamp, ${STAMP_LENGTH});
      o += ${STAMP_LENGTH};
    }
    nl = memchr(mem + i, 10, end - i);
    take = (nl ? (int)(nl - mem) + 1 : end) - i;
    if (take > out_end - o) take = out_end - o;
    if (take <= 0) break;
    memcpy(mem + o, mem + i, take);
    o += take;
    i += take;
    line_start = mem[i - 1] == 10;
  }
  *written = o;
  return i;
}
`;

const DEFS = {
  stamp_lines: { args: ["ptr", "i32", "i32", "i32", "ptr", "i32", "i32", "ptr"], returns: "i32" },
} as const;

export type StampLines = (mem: Uint8Array, view: DataView, start: number, end: number, atLineStart: boolean, stamp: Stamp, outStart: number, outEnd: number) => Stamped;

/** The compiled stampLines, or null where the runtime cannot compile it. */
export function nativeStampLines(): StampLines | null {
  let fn: (...a: unknown[]) => number;
  try {
    fn = compileC("monitor-stamp.c", SOURCE, DEFS).stamp_lines as never;
  } catch {
    return null;
  }
  const written = new Int32Array(1);
  return (mem, _view, start, end, atLineStart, stamp, outStart, outEnd) => {
    // `| 0` on each int: in optimized code an int can reach the call in another encoding, which
    // it converted wrongly (end taken as 0, seen in the property test after many runs).
    const read = fn(mem, start | 0, end | 0, atLineStart ? 1 : 0, stamp.bytes, outStart | 0, outEnd | 0, written);
    return { read, written: written[0]! };
  };
}
