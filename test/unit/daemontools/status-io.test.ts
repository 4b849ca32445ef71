import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { packStatus, type ServiceStatus } from "../../../src/daemontools/status-file.ts";
import { readStatus, readStatusBytes, writeStatus } from "../../../src/daemontools/status-io.ts";

const root = mkdtempSync(`${tmpdir()}/monitor-status-`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function serviceDir(name: string): string {
  mkdirSync(`${root}/${name}/supervise`, { recursive: true });
  return `${root}/${name}`;
}

const status: ServiceStatus = { changedAt: { seconds: 1_700_000_000, nanoseconds: 1 }, pid: 42, paused: false, want: "up" };

describe("writing and reading supervise/status", () => {
  test("the file holds exactly the packed bytes and no status.new is left behind", () => {
    const dir = serviceDir("plain");
    writeStatus(dir, status);
    expect(readFileSync(`${dir}/supervise/status`).toString("hex")).toBe(Buffer.from(packStatus(status)).toString("hex"));
    expect(existsSync(`${dir}/supervise/status.new`)).toBe(false);
    expect(readStatus(dir)).toEqual(status);
  });
  test("each write replaces the file by rename (a new inode), never rewrites it in place", () => {
    const dir = serviceDir("rename");
    writeStatus(dir, status);
    const before = statSync(`${dir}/supervise/status`).ino;
    writeStatus(dir, { ...status, pid: 0 });
    expect(statSync(`${dir}/supervise/status`).ino).not.toBe(before);
    expect(readStatus(dir).pid).toBe(0);
  });
  test("the runit layout writes 20 bytes", () => {
    const dir = serviceDir("runit");
    writeStatus(dir, status, "runit");
    expect(readFileSync(`${dir}/supervise/status`).byteLength).toBe(20);
    expect(readStatus(dir).runit).toEqual({ termSent: false, state: "run" });
  });
  test("a missing file fails at open, a directory in its place fails at read", () => {
    const dir = serviceDir("missing");
    expect(readStatusBytes(dir)).toEqual({ ok: false, failed: "open", code: "ENOENT" });
    mkdirSync(`${dir}/supervise/status`);
    expect(readStatusBytes(dir)).toEqual({ ok: false, failed: "read", code: "EISDIR" });
  });
  test("a short file is read as it is; the codec is what calls it bad format", () => {
    const dir = serviceDir("short");
    writeFileSync(`${dir}/supervise/status`, "abc");
    const read = readStatusBytes(dir);
    expect(read.ok && read.bytes.byteLength).toBe(3);
    expect(() => readStatus(dir)).toThrow(/bad format/);
  });
});
