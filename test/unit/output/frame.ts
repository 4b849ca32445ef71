// Drives a LineFramer the way the capture thread does: each chunk is read into
// a buffer after the held tail, and what take() releases is one emission.
import { expect } from "bun:test";
import { LineFramer } from "../../../src/output/line-framing.ts";

export interface Emission {
  bytes: Uint8Array;
  startsMidLine: boolean;
}

export function frameChunks(chunks: readonly Uint8Array[], maxLine: number, finalFlush = true): Emission[] {
  const framer = new LineFramer(maxLine);
  const buf = new Uint8Array(maxLine + 1024);
  const out: Emission[] = [];
  for (const chunk of chunks) {
    const at = framer.prepare(buf);
    buf.set(chunk, at);
    const { length, startsMidLine } = framer.take(buf, at + chunk.byteLength);
    expect(framer.pending).toBeLessThan(maxLine);
    if (length > 0) out.push({ bytes: buf.slice(0, length), startsMidLine });
  }
  if (finalFlush) {
    const held = framer.drain();
    if (held) out.push({ bytes: new Uint8Array([...held.bytes, 10]), startsMidLine: held.startsMidLine });
  }
  return out;
}
