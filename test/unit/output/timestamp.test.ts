// Stamping: SPEC 2's exact format, one stamp per line over any chunking and
// any output-region size (the stamping resumes where the region filled up).
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { formatStamp, Stamp, STAMP_LENGTH, stampLines } from "../../../src/output/timestamp.ts";
import { nativeStampLines } from "../../../src/output/stamp-native.ts";
import { chunked, concat, longestLine, stream } from "./arbitraries.ts";
import { frameChunks } from "./frame.ts";

const NEWLINE = 10;
const MS = Date.UTC(2026, 10, 22, 10, 51, 0, 123);
const decode = (b: Uint8Array) => new TextDecoder("latin1").decode(b);

/** Stamp `data` as the capture thread does: data and output regions of one buffer, output `room` bytes at a time. */
function stampAll(data: Uint8Array, atLineStart: boolean, stamp: Stamp, room: number): Uint8Array {
  const mem = new Uint8Array(data.length + 3 + room);
  const view = new DataView(mem.buffer);
  mem.set(data, 0);
  const outStart = data.length + 3; // unaligned on purpose
  const parts: Uint8Array[] = [];
  let from = 0;
  while (from < data.length) {
    const r = stampLines(mem, view, from, data.length, atLineStart, stamp, outStart, outStart + room);
    expect(r.read).toBeGreaterThan(from);
    atLineStart = mem[r.read - 1] === NEWLINE;
    from = r.read;
    parts.push(mem.slice(outStart, r.written));
  }
  return concat(parts);
}

describe("timestamps", () => {
  test("the stamp is UTC ISO-8601 with milliseconds and one space, 25 bytes", () => {
    expect(formatStamp(MS)).toBe("2026-11-22T10:51:00.123Z ");
    expect(formatStamp(0)).toBe("1970-01-01T00:00:00.000Z ");
    expect(formatStamp(Date.UTC(2026, 0, 2, 3, 4, 5, 6)).length).toBe(STAMP_LENGTH);
  });

  test("the stamp written before a line is the one of the millisecond asked for", () => {
    const stamp = new Stamp();
    const line = new TextEncoder().encode("x\n");
    expect(decode(stampAll(line, true, stamp.at(MS), 64))).toBe("2026-11-22T10:51:00.123Z x\n");
    expect(decode(stampAll(line, true, stamp.at(MS + 1), 64))).toBe("2026-11-22T10:51:00.124Z x\n");
    expect(decode(stampAll(line, true, stamp.at(MS + 1), 64))).toBe("2026-11-22T10:51:00.124Z x\n");
  });

  test("framed and stamped over any chunking and output size, every line carries exactly one stamp and nothing else changes", () => {
    const stamp = new Stamp().at(MS);
    fc.assert(
      fc.property(chunked, fc.integer({ min: 1, max: 80 }), ({ bytes, chunks }, extra) => {
        const maxLine = longestLine(bytes) + 1;
        const room = STAMP_LENGTH + extra;
        const stamped = frameChunks(chunks, maxLine).map((e) => stampAll(e.bytes, !e.startsMidLine, stamp, room));
        const text = decode(concat(stamped));
        const lines = decode(bytes).split("\n");
        if (lines.at(-1) === "") lines.pop();
        expect(text).toBe(lines.map((l) => `${formatStamp(MS)}${l}\n`).join(""));
      }),
      { numRuns: 400 },
    );
  });

  test("a piece that continues a line gets no stamp; a region too small for a stamp and a byte makes no progress in that pass", () => {
    const stamp = new Stamp().at(MS);
    const data = new TextEncoder().encode("tail\nnext\n");
    expect(decode(stampAll(data, false, stamp, 64))).toBe(`tail\n${formatStamp(MS)}next\n`);
    const mem = new Uint8Array(10 + 26);
    mem.set(data, 0);
    const view = new DataView(mem.buffer);
    expect(stampLines(mem, view, 0, 10, true, stamp, 10, 35)).toEqual({ read: 0, written: 10 });
    // Contrast: with room for the stamp and one byte, it moves on.
    expect(stampLines(mem, view, 0, 10, true, stamp, 10, 36)).toEqual({ read: 1, written: 36 });
    expect(decode(mem.subarray(10, 36))).toBe(`${formatStamp(MS)}t`);
  });

  test("the compiled stamper (the capture thread's) gives what stampLines gives, byte for byte, for any data, start, output room and line state", () => {
    const native = nativeStampLines();
    expect(native).not.toBeNull(); // TinyCC is in this runtime: the thread uses the compiled one
    const stamp = new Stamp().at(MS);
    fc.assert(
      fc.property(stream, fc.nat(), fc.integer({ min: 0, max: 200 }), fc.boolean(), (data, from, room, atLineStart) => {
        const start = data.length === 0 ? 0 : from % data.length;
        const run = (f: typeof stampLines) => {
          const mem = new Uint8Array(data.length + 5 + room).fill(0xee);
          mem.set(data, 0);
          const r = f(mem, new DataView(mem.buffer), start, data.length, atLineStart, stamp, data.length + 5, data.length + 5 + room);
          return { r, mem };
        };
        const [js, c] = [run(stampLines), run(native!)];
        expect(c.r).toEqual(js.r);
        expect(c.mem).toEqual(js.mem);
      }),
      { numRuns: 1000 },
    );
  });
});
