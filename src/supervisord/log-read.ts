// Reading a log file by byte offsets as supervisord's readFile and tailFile do
// (supervisor/options.py): what supervisor.readProcessStdoutLog, readLog and
// tailProcessStdoutLog answer, and what `supervisorctl tail` prints. Offsets
// are bytes; the text is decoded as UTF-8 with U+FFFD for a cut character
// (where supervisord would fail the whole call).
import { open } from "node:fs/promises";
import { Faults, RpcFault } from "./faults.ts";

const decoder = new TextDecoder("utf-8");

async function readAt(path: string, at: (size: number) => { pos: number; count: number | null }): Promise<{ text: string; size: number }> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const { pos, count } = at(size);
    const want = Math.max(0, Math.min(count ?? size, size - pos));
    const buf = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await file.read(buf, got, want - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { text: decoder.decode(buf.subarray(0, got)), size };
  } finally {
    await file.close();
  }
}

/**
 * readFile(offset, length): a negative offset means that many bytes from the
 * end (length must then be 0); length 0 means to the end. Throws RpcFault
 * BAD_ARGUMENTS for the forbidden sign combinations, FAILED when the file
 * cannot be read.
 */
export async function readLogRange(path: string, offset: number, length: number): Promise<string> {
  if ((offset < 0 && length !== 0) || (offset >= 0 && length < 0)) throw new RpcFault(Faults.BAD_ARGUMENTS);
  try {
    const { text } = await readAt(path, (size) =>
      offset < 0 ? { pos: Math.max(0, size + offset), count: -offset } : { pos: offset, count: length === 0 ? null : length },
    );
    return text;
  } catch {
    throw new RpcFault(Faults.FAILED);
  }
}

/**
 * tailFile(offset, length): at most `length` bytes ending at the end of the
 * file; overflow is true when more than that was written since `offset`. The
 * returned offset is the file size. A file that cannot be read gives
 * ["", offset, false].
 */
export async function tailLogRange(path: string, offset: number, length: number): Promise<[string, number, boolean]> {
  let overflow = false;
  try {
    const { text, size } = await readAt(path, (size) => {
      let [o, n] = [offset, length];
      if (size > o + n) {
        overflow = true;
        o = size - 1;
      }
      if (o + n > size) {
        if (o > size - 1) n = 0;
        o = size - n;
      }
      return { pos: Math.max(0, o), count: Math.max(0, n) };
    });
    return [text, size, overflow];
  } catch {
    return ["", offset, false];
  }
}
