// The rotating log file against real files in a temp directory (no
// processes): rotation on disk, supervisord's 0-backups and 0-maxBytes cases,
// appending to what is there, reopen and clear, and a device that is always
// full (/dev/full) dropping lines with one warning.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Notice, RotatingLogFile } from "../../../src/output/logfile.ts";

function setup(maxBytes: number, backups: number) {
  const dir = mkdtempSync(join(tmpdir(), "monitor-logfile-"));
  const path = join(dir, "app.log");
  const notices: Notice[] = [];
  const file = () => new RotatingLogFile({ path, maxBytes, backups }, (n) => notices.push(n));
  return { dir, path, notices, file };
}

const text = (s: string) => new TextEncoder().encode(s);
const read = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : null);
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `line-${String(from + i).padStart(3, "0")}\n`).join("");

describe("rotating log file", () => {
  test("rotates into PATH.1 ... PATH.N, keeps N backups, and each file ends at a line's end", () => {
    const { path, dir, notices, file } = setup(40, 2);
    const f = file();
    // 9-byte lines, written 3 at a time: 5 lines reach 40 bytes.
    for (let i = 0; i < 20; i += 3) f.write(text(lines(3, i)), 0, 27);
    f.close();
    expect(readdirSync(dir).sort()).toEqual(["app.log", "app.log.1", "app.log.2"]);
    // 21 lines in all: files of 5 lines (45 bytes), the oldest one gone.
    expect(read(path)).toBe(lines(1, 20));
    expect(read(`${path}.1`)).toBe(lines(5, 15));
    expect(read(`${path}.2`)).toBe(lines(5, 10));
    expect(notices).toEqual([]);
  });

  test("with 0 backups the file is truncated; with maxBytes 0 it never rotates", () => {
    {
      const { path, dir, file } = setup(20, 0);
      const f = file();
      f.write(text(lines(5)), 0, 45);
      f.close();
      expect(readdirSync(dir)).toEqual(["app.log"]);
      expect(read(path)).toBe(lines(2, 3));
    }
    {
      const { path, dir, file } = setup(0, 5);
      const f = file();
      for (let i = 0; i < 10; i++) f.write(text(lines(10, i * 10)), 0, 90);
      f.close();
      expect(readdirSync(dir)).toEqual(["app.log"]);
      expect(read(path)).toBe(lines(100));
    }
  });

  test("appends to what the file holds and counts it towards the limit", () => {
    const { path, file } = setup(30, 3);
    writeFileSync(path, lines(3));
    const f = file();
    expect(f.currentSize).toBe(27);
    f.write(text(lines(2, 3)), 0, 18);
    f.close();
    expect(read(`${path}.1`)).toBe(lines(4));
    expect(read(path)).toBe(lines(1, 4));
  });

  test("reopen follows a file moved away (logrotate), clear removes PATH but keeps the backups", () => {
    const { path, file } = setup(1000, 3);
    const f = file();
    f.write(text("one\n"), 0, 4);
    renameSync(path, `${path}.moved`);
    f.reopen();
    f.write(text("two\n"), 0, 4);
    expect(read(`${path}.moved`)).toBe("one\n");
    expect(read(path)).toBe("two\n");
    writeFileSync(`${path}.1`, "backup\n");
    f.clear();
    f.write(text("three\n"), 0, 6);
    f.close();
    expect(read(path)).toBe("three\n");
    expect(read(`${path}.1`)).toBe("backup\n");
  });

  test("a device that is always full drops every batch with one warning, however many batches come", () => {
    const notices: Notice[] = [];
    const f = new RotatingLogFile({ path: "/dev/full", maxBytes: 0, backups: 0 }, (n) => notices.push(n));
    for (let i = 0; i < 50; i++) f.write(text(lines(4)), 0, 36);
    f.close();
    expect(notices).toEqual([{ level: "warn", message: "/dev/full: cannot write (ENOSPC); dropping output lines until it can be written again" }]);
  });
});

describe("a lazy log file (fd -1)", () => {
  test("holds no descriptor and creates nothing until its first write, then appends as an opened one does", () => {
    const dir = mkdtempSync(join(tmpdir(), "lazy-log-"));
    try {
      const path = `${dir}/out.log`;
      const notices: string[] = [];
      const f = new RotatingLogFile({ path, maxBytes: 0, backups: 0 }, (n) => notices.push(n.message), -1);
      expect(existsSync(path)).toBe(false);
      f.reopen();
      expect(existsSync(path)).toBe(false);
      const line = new TextEncoder().encode("first line\n");
      f.write(line, 0, line.length);
      f.write(line, 0, line.length);
      f.close();
      expect(readFileSync(path, "utf8")).toBe("first line\nfirst line\n");
      expect(notices).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
