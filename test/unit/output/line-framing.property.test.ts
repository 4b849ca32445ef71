// Line framing over every way a pipe can cut a stream into reads: no byte is
// lost or added (but the newline that ends an unterminated last line), every
// emission is whole lines while lines fit in maxLine, and two sources that
// share one file never meet mid-line.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { chunked, concat, longestLine } from "./arbitraries.ts";
import { frameChunks } from "./frame.ts";

const NEWLINE = 10;

function completed(bytes: Uint8Array): Uint8Array {
  return bytes.length === 0 || bytes[bytes.length - 1] === NEWLINE ? bytes : new Uint8Array([...bytes, NEWLINE]);
}

describe("line framing", () => {
  test("over any chunking, the emissions put together are the input, ended with a newline if it lacked one", () => {
    fc.assert(
      fc.property(chunked, fc.integer({ min: 1, max: 64 }), ({ bytes, chunks }, maxLine) => {
        const out = concat(frameChunks(chunks, maxLine).map((e) => e.bytes));
        expect([...out]).toEqual([...completed(bytes)]);
      }),
      { numRuns: 500 },
    );
  });

  test("while every line fits in maxLine, each emission is whole lines, so no line is ever split", () => {
    fc.assert(
      fc.property(chunked, ({ bytes, chunks }) => {
        const maxLine = longestLine(bytes) + 1;
        for (const e of frameChunks(chunks, maxLine)) {
          expect(e.bytes[e.bytes.length - 1]).toBe(NEWLINE);
          expect(e.startsMidLine).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("a line longer than maxLine goes out in pieces, and only the pieces after the first say they start mid-line", () => {
    const line = new Uint8Array(100).fill(120);
    const chunks = [line.subarray(0, 30), line.subarray(30, 70), line.subarray(70), new Uint8Array([NEWLINE, 65, NEWLINE])];
    const out = frameChunks(chunks, 32);
    // 30 bytes are held; at 70 the tail reaches maxLine and goes; the last 30 wait for their newline.
    expect(out.map((e) => e.startsMidLine)).toEqual([false, true]);
    expect(out.map((e) => e.bytes.length)).toEqual([70, 33]);
    // Contrast: with room for the line, it is held and comes out whole.
    expect(frameChunks(chunks, 128).map((e) => e.bytes.length)).toEqual([103]);
  });

  test("two sources interleaved into one file keep every line whole and in its order", () => {
    fc.assert(
      fc.property(chunked, chunked, fc.array(fc.boolean(), { maxLength: 60 }), (a, b, order) => {
        const maxLine = Math.max(longestLine(a.bytes), longestLine(b.bytes)) + 1;
        // Tag the sources' bytes apart: A lines in upper case, B in lower case.
        const tag = (bytes: Uint8Array, base: number) => bytes.map((c) => (c === NEWLINE ? NEWLINE : base + (c % 26)));
        const ea = frameChunks(a.chunks.map((c) => tag(c, 65)), maxLine);
        const eb = frameChunks(b.chunks.map((c) => tag(c, 97)), maxLine);
        const file: Uint8Array[] = [];
        let i = 0, j = 0;
        for (const pickA of order) {
          if (pickA && i < ea.length) file.push(ea[i++]!.bytes);
          else if (j < eb.length) file.push(eb[j++]!.bytes);
        }
        while (i < ea.length) file.push(ea[i++]!.bytes);
        while (j < eb.length) file.push(eb[j++]!.bytes);
        const lines = new TextDecoder().decode(concat(file)).split("\n").slice(0, -1);
        for (const l of lines) expect(/^[A-Z]*$/.test(l) || /^[a-z]*$/.test(l)).toBe(true);
        const linesOf = (bytes: Uint8Array, re: RegExp) => new TextDecoder().decode(bytes).split("\n").filter((l) => re.test(l));
        expect(lines.filter((l) => /^[A-Z]+$/.test(l))).toEqual(linesOf(tag(a.bytes, 65), /^[A-Z]+$/));
        expect(lines.filter((l) => /^[a-z]+$/.test(l))).toEqual(linesOf(tag(b.bytes, 97), /^[a-z]+$/));
      }),
      { numRuns: 300 },
    );
  });
});
