// supervisord's rotation, kept pure: the renames of one rollover, and where
// a write is cut so that every file ends at a line's end.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { rotatedFiles, rotationCut, rotationRenames } from "../../../src/output/rotation.ts";
import { concat, longestLine, stream } from "./arbitraries.ts";

const NEWLINE = 10;

/** Write `chunks` (whole lines each) to simulated files with the cut rule; files[0] is the oldest. */
function simulate(chunks: Uint8Array[], maxBytes: number): Uint8Array[][] {
  const files: Uint8Array[][] = [[]];
  let size = 0;
  for (const chunk of chunks) {
    let start = 0;
    while (start < chunk.length) {
      const cut = rotationCut(chunk, start, chunk.length, size, maxBytes);
      const stop = cut < 0 ? chunk.length : cut;
      files.at(-1)!.push(chunk.subarray(start, stop));
      size += stop - start;
      start = stop;
      if (cut >= 0) {
        files.push([]);
        size = 0;
      }
    }
  }
  return files;
}

describe("rotation", () => {
  test("one rollover renames from the oldest backup down, then PATH to PATH.1; with no backups nothing is renamed", () => {
    expect(rotationRenames("/l/x.log", 3)).toEqual([
      ["/l/x.log.2", "/l/x.log.3"],
      ["/l/x.log.1", "/l/x.log.2"],
      ["/l/x.log", "/l/x.log.1"],
    ]);
    expect(rotationRenames("/l/x.log", 1)).toEqual([["/l/x.log", "/l/x.log.1"]]);
    expect(rotationRenames("/l/x.log", 0)).toEqual([]);
    expect(rotatedFiles("/l/x.log", 2)).toEqual(["/l/x.log.2", "/l/x.log.1", "/l/x.log"]);
  });

  test("maxBytes 0 never rotates; a file already over the limit rotates after its next line", () => {
    const lines = new TextEncoder().encode("aa\nbb\n");
    expect(rotationCut(lines, 0, 6, 1e9, 0)).toBe(-1);
    expect(rotationCut(lines, 0, 6, 100, 10)).toBe(3);
    expect(rotationCut(lines, 0, 6, 0, 4)).toBe(6); // 'aa\n' is 3 bytes, under 4: the second line reaches it
    expect(rotationCut(lines, 0, 6, 0, 7)).toBe(-1);
    expect(rotationCut(lines, 0, 6, 0, 6)).toBe(6);
  });

  test("over any whole-line writes, each rotated file ends at a line's end, holds at least maxBytes and less than maxBytes plus its last line, and nothing is lost", () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 120 }), fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 20 }), (raw, maxBytes, sizes) => {
        const bytes = raw.length && raw[raw.length - 1] !== NEWLINE ? new Uint8Array([...raw, NEWLINE]) : raw;
        // Cut into writes of whole lines.
        const lines: Uint8Array[] = [];
        for (let s = 0, i = bytes.indexOf(NEWLINE); i >= 0; s = i + 1, i = bytes.indexOf(NEWLINE, s)) lines.push(bytes.subarray(s, i + 1));
        const chunks: Uint8Array[] = [];
        for (let i = 0, k = 0; i < lines.length; k++) {
          const n = sizes[k % Math.max(1, sizes.length)] ?? 1;
          chunks.push(concat(lines.slice(i, i + n)));
          i += n;
        }
        const files = simulate(chunks, maxBytes).map(concat);
        expect([...concat(files)]).toEqual([...bytes]);
        const longest = longestLine(bytes);
        for (const f of files.slice(0, -1)) {
          expect(f[f.length - 1]).toBe(NEWLINE);
          expect(f.length).toBeGreaterThanOrEqual(maxBytes);
          expect(f.length).toBeLessThan(maxBytes + longest);
        }
        // The current file is below the limit: reaching it rotates at once.
        expect(files.at(-1)!.length).toBeLessThan(maxBytes);
      }),
      { numRuns: 400 },
    );
  });
});
