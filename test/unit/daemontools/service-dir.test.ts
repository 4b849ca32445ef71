import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describeErrorCode, errorCodeOf } from "../../../src/daemontools/error-text.ts";
import { chdirErrorCode, probeNormallyUp, supervisePath } from "../../../src/daemontools/service-dir.ts";

const root = mkdtempSync(`${tmpdir()}/monitor-svcdir-`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What chdir(2) itself says, for comparison (the cwd is restored at once). */
function realChdirError(path: string): string | undefined {
  const here = process.cwd();
  try {
    process.chdir(path);
    return undefined;
  } catch (e) {
    return errorCodeOf(e);
  } finally {
    process.chdir(here);
  }
}

describe("predicting chdir's errno without changing directory", () => {
  mkdirSync(`${root}/svc/sub`, { recursive: true });
  writeFileSync(`${root}/file`, "");
  symlinkSync(`${root}/svc`, `${root}/link-to-dir`);
  symlinkSync(`${root}/nowhere`, `${root}/dangling`);
  symlinkSync(`${root}/loop`, `${root}/loop`);
  const cases = [
    `${root}/svc`, `${root}/svc/sub`, `${root}/svc/sub/..`, `${root}/link-to-dir`, `${root}/link-to-dir/sub`,
    `${root}/missing`, `${root}/missing/..`, `${root}/file`, `${root}/file/x`, `${root}/dangling`, `${root}/loop`,
    `${root}/${"n".repeat(300)}`,
  ];
  test.each(cases.map((c) => [c.replace(root, "ROOT").slice(0, 60), c]))("%s", (_label, path) => {
    expect(chdirErrorCode(path)).toBe(realChdirError(path));
  });
  test("an empty path fails with ENOENT, as Debian's svstat reports for ''", () => {
    expect(chdirErrorCode("")).toBe("ENOENT");
  });
  test("the cases cover success and four different errors", () => {
    expect(new Set(cases.map(realChdirError))).toEqual(new Set([undefined, "ENOENT", "ENOTDIR", "ELOOP", "ENAMETOOLONG"]));
  });
});

describe("the down file and supervise paths", () => {
  test("normally up exactly when DIR/down does not exist", () => {
    mkdirSync(`${root}/a`);
    expect(probeNormallyUp(`${root}/a`)).toEqual({ normallyUp: true });
    writeFileSync(`${root}/a/down`, "");
    expect(probeNormallyUp(`${root}/a`)).toEqual({ normallyUp: false });
  });
  test("a down path that cannot be examined is reported, not taken as absent", () => {
    writeFileSync(`${root}/plainfile`, "");
    expect(probeNormallyUp(`${root}/plainfile`)).toEqual({ normallyUp: false, errorCode: "ENOTDIR" });
  });
  test("paths are joined as text so the kernel resolves DIR as chdir would", () => {
    expect(supervisePath("a/../b/", "ok")).toBe("a/../b//supervise/ok");
  });
  test("mode bits do not stop root, as they do not stop root's chdir", () => {
    if (process.getuid?.() !== 0) return;
    mkdirSync(`${root}/closed`);
    chmodSync(`${root}/closed`, 0);
    expect(chdirErrorCode(`${root}/closed`)).toBe(realChdirError(`${root}/closed`));
  });
});

describe("djb's error texts", () => {
  test.each([
    ["ENOENT", "file does not exist"],
    ["ENXIO", "device not configured"],
    ["EACCES", "access denied"],
    ["EPERM", "permission denied"],
    ["ENOTDIR", "not a directory"],
    ["EAGAIN", "temporary failure"],
    ["EWOULDBLOCK", "temporary failure"],
    ["ELOOP", "symbolic link loop"],
  ])("%s reads %s", (code, text) => {
    expect(describeErrorCode(code)).toBe(text);
  });
  test("anything else is 'unknown error', as djb's error_str ends", () => {
    expect(describeErrorCode("EWHATEVER")).toBe("unknown error");
    expect(describeErrorCode(undefined)).toBe("unknown error");
    expect(describeErrorCode("toString")).toBe("unknown error");
  });
});
