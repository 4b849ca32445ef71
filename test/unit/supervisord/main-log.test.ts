import { describe, expect, test } from "bun:test";
import { formatLine, supervisordTime } from "../../../src/supervisord/main-log.ts";
import { autoLogPattern } from "../../../src/supervisord/serve/childlog-cleanup.ts";
import { autoLogName } from "../../../src/supervisord/engine/child-output.ts";

describe("supervisord's own log format", () => {
  test("local time with a comma before the milliseconds, supervisord's four-letter level, the message", () => {
    const date = new Date(2026, 10, 2, 9, 5, 7, 42);
    expect(supervisordTime(date)).toBe("2026-11-02 09:05:07,042");
    const line = (type: string, ...args: unknown[]) => formatLine({ date, type: type as never, args });
    expect(line("info", "spawned: 'web' with pid 42")).toBe("2026-11-02 09:05:07,042 INFO spawned: 'web' with pid 42\n");
    expect([line("error", "x"), line("warn", "x"), line("debug", "x"), line("trace", "x"), line("fatal", "x")].map((l) => l.split(" ")[2])).toEqual(["ERRO", "WARN", "DEBG", "TRAC", "CRIT"]);
  });
});

describe("AUTO child logs", () => {
  test("are named NAME-CHANNEL---IDENTIFIER-XXXXXXXX.log in childlogdir, and the start-up cleanup matches them and their backups only", () => {
    const name = autoLogName({ childlogdir: "/var/log/sv", identifier: "supervisor" }, "web", "stdout");
    expect(name).toMatch(/^\/var\/log\/sv\/web-stdout---supervisor-[a-z0-9_]{8}\.log$/);
    const re = autoLogPattern("supervisor");
    const base = name.slice("/var/log/sv/".length);
    expect([base, `${base}.1`, `${base}.10`].every((n) => re.test(n))).toBe(true);
    expect(["web.log", "web-stdout---other-abcdefgh.log", "supervisord.log", "notes.txt"].some((n) => re.test(n))).toBe(false);
    // The identifier is matched literally.
    expect(autoLogPattern("a.b").test("x---a.b-12345678.log")).toBe(true);
    expect(autoLogPattern("a.b").test("x---aXb-12345678.log")).toBe(false);
  });
});
