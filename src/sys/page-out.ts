// Giving back the pages start-up touched. monitor is one ~100 MB file (the
// Bun runtime inside); starting it reads some 28 MB of that file's code and
// data into memory, and those pages stay mapped, counted in RSS, long after
// the start-up code has run. An idle supervisor needs a few of them. Once the
// program runs, monitor asks the kernel to reclaim the clean pages of its own
// executable (madvise MADV_PAGEOUT, Linux >= 5.4): they go back to the page
// cache and come back on a page fault only if that code runs again. Writable
// mappings are left alone (their pages may be dirty). Nothing changes on a
// kernel that refuses it.
import { readFileSync } from "node:fs";
import { pageOutRange } from "./libc.ts";

const MAPPING = /^([0-9a-f]+)-([0-9a-f]+) (r[-w][-x]p) [0-9a-f]+ \S+ \d+\s+(.+)$/;

/** Clean, read-only mappings of `file` in /proc/self/maps text, as [start, end) pairs. */
export function readOnlyMappings(maps: string, file: string): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (const line of maps.split("\n")) {
    const m = MAPPING.exec(line);
    if (!m || m[4] !== file || m[3]![1] === "w") continue;
    out.push([BigInt(`0x${m[1]}`), BigInt(`0x${m[2]}`)]);
  }
  return out;
}

/** Page out monitor's own read-only executable mappings; the number of bytes advised. */
export function pageOutExecutable(): number {
  let maps: string;
  try {
    maps = readFileSync("/proc/self/maps", "latin1");
  } catch {
    return 0; // no /proc in this image
  }
  let bytes = 0;
  for (const [start, end] of readOnlyMappings(maps, process.execPath)) {
    if (pageOutRange(start, end)) bytes += Number(end - start);
  }
  return bytes;
}
