// sha256 of a file's content, read in 1 MiB chunks so a large agent binary is
// never held whole. A crash loop hashes the same file at every start: an
// entry keyed by device, inode, size, mtime and ctime (nanoseconds) is reused
// while none of them changed; a write in place moves mtime and ctime, and a
// rename over the path brings another inode.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 1 << 20;
const cache = new Map<string, { key: string; hash: string }>();

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Hex sha256 of the file at `path`; undefined when there is no such file. Throws on other errors (EACCES, EISDIR). */
export function hashFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: "EISDIR" });
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    const hit = cache.get(path);
    if (hit?.key === key) return hit.hash;
    const hasher = new Bun.CryptoHasher("sha256");
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      hasher.update(buf.subarray(0, n));
    }
    const hash = hasher.digest("hex");
    cache.set(path, { key, hash });
    return hash;
  } finally {
    closeSync(fd);
  }
}

/** The first 12 hex digits, for log lines. */
export function shortHash(hash: string | undefined): string {
  return hash === undefined ? "none" : hash.slice(0, 12);
}
