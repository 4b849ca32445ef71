// Stamping: SPEC 2's exact format, one stamp per line over any chunking and
// any output-region size (the stamping resumes where the region filled up).
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { formatStamp, STAMP_LENGTH, StampSlot, stampLines } from "../../../src/output/timestamp.ts";
import { chunked, concat, longestLine } from "./arbitraries.ts";
import { frameChunks } from "./frame.ts";

const NEWLINE = 10;
const decode = (b: Uint8Array) => new TextDecoder("latin1").decode(b);

/** Stamp `data` as the capture thread does: data, stamp and output regions of one buffer, output `room` bytes at a time. */
function stampAll(data: Uint8Array, atLineStart: boolean, stamp: string, room: number): { out: Uint8Array; passes: number } {
  const mem = new Uint8Array(data.length + STAMP_LENGTH + room);
  mem.set(data, 0);
  const stampAt = data.length;
  mem.set(new TextEncoder().encode(stamp), stampAt);
  const outStart = stampAt + STAMP_LENGTH;
  const parts: Uint8Array[] = [];
  let from = 0;
  let passes = 0;
  while (from < data.length) {
    const r = stampLines(mem, from, data.length, atLineStart, stampAt, outStart, outStart + room);
    expect(r.read).toBeGreaterThan(from);
    atLineStart = mem[r.read - 1] === NEWLINE;
    from = r.read;
    parts.push(mem.slice(outStart, r.written));
    passes++;
  }
  return { out: concat(parts), passes };
}

describe("timestamps", () => {
  test("the stamp is UTC ISO-8601 with milliseconds and one space, 25 bytes", () => {
    expect(formatStamp(Date.UTC(2026, 10, 22, 10, 51, 0, 123))).toBe("2026-11-22T10:51:00.123Z ");
    expect(formatStamp(0)).toBe("1970-01-01T00:00:00.000Z ");
    expect(formatStamp(Date.UTC(2026, 0, 2, 3, 4, 5, 6)).length).toBe(STAMP_LENGTH);
  });

  test("the stamp slot is re-encoded when the millisecond changes, and only then", () => {
    const mem = new Uint8Array(40);
    const slot = new StampSlot(mem, 10);
    slot.set(Date.UTC(2026, 10, 22, 10, 51, 0, 123));
    expect(decode(mem.subarray(10, 35))).toBe("2026-11-22T10:51:00.123Z ");
    mem[10] = 0;
    slot.set(Date.UTC(2026, 10, 22, 10, 51, 0, 123));
    expect(mem[10]).toBe(0);
    slot.set(Date.UTC(2026, 10, 22, 10, 51, 0, 124));
    expect(decode(mem.subarray(10, 35))).toBe("2026-11-22T10:51:00.124Z ");
    expect(mem[9]).toBe(0);
    expect(mem[35]).toBe(0);
  });

  test("framed and stamped over any chunking and output size, every line carries exactly one stamp and nothing else changes", () => {
    const stamp = "2026-11-22T10:51:00.123Z ";
    fc.assert(
      fc.property(chunked, fc.integer({ min: 1, max: 80 }), ({ bytes, chunks }, extra) => {
        const maxLine = longestLine(bytes) + 1;
        const room = STAMP_LENGTH + extra;
        const stamped = frameChunks(chunks, maxLine).map((e) => stampAll(e.bytes, !e.startsMidLine, stamp, room).out);
        const text = decode(concat(stamped));
        const lines = decode(bytes).split("\n");
        if (lines.at(-1) === "") lines.pop();
        expect(text).toBe(lines.map((l) => `${stamp}${l}\n`).join(""));
      }),
      { numRuns: 400 },
    );
  });

  test("a piece that continues a line gets no stamp; a region too small for a stamp and a byte makes no progress in that pass", () => {
    const data = new TextEncoder().encode("tail\nnext\n");
    expect(decode(stampAll(data, false, "S".repeat(25), 64).out)).toBe(`tail\n${"S".repeat(25)}next\n`);
    const mem = new Uint8Array(10 + 25 + 25);
    mem.set(data, 0);
    expect(stampLines(mem, 0, 10, true, 10, 35, 60)).toEqual({ read: 0, written: 35 });
    // Contrast: with room for the stamp and one byte, it moves on.
    expect(stampLines(new Uint8Array([...mem, 0]), 0, 10, true, 10, 35, 61)).toEqual({ read: 1, written: 61 });
  });
});
