import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import { decodeWaitStatus, encodeWaitStatus, shellStatus } from "../../../src/sys/wait-status.ts";
import { finalStatus } from "../../../src/engine/exit-status.ts";

const CATCHABLE = Object.entries(constants.signals).filter(([n]) => !["SIGKILL", "SIGSTOP", "SIGIOT", "SIGPOLL"].includes(n));

describe("wait status and exit status", () => {
  test("all 256 exit codes decode and become monitor's status unchanged", () => {
    for (let code = 0; code < 256; code++) {
      const w = decodeWaitStatus(code << 8);
      expect(w).toEqual({ kind: "exited", code });
      expect(finalStatus({ code }, new Map())).toBe(code);
    }
  });
  test("every signal death is 128 + signal, with or without a core dump", () => {
    for (const [, n] of Object.entries(constants.signals)) {
      if (n === constants.signals.SIGSTOP) continue; // 0x7f is the stopped marker, never a death
      for (const core of [false, true]) {
        const w = decodeWaitStatus(n | (core ? 0x80 : 0));
        expect(w).toEqual({ kind: "signaled", signal: n, core });
        expect(finalStatus({ signal: n }, new Map())).toBe(128 + n);
      }
    }
  });
  test("stopped and continued are never exits", () => {
    for (const [, n] of CATCHABLE) expect(decodeWaitStatus((n << 8) | 0x7f)).toEqual({ kind: "stopped", signal: n });
    expect(decodeWaitStatus(0xffff)).toEqual({ kind: "continued" });
  });
  test("encode is decode's inverse over the whole space of statuses", () => {
    for (let s = 0; s < 0x10000; s++) {
      const w = decodeWaitStatus(s);
      if (w.kind === "exited" && (s & 0xff) !== 0) continue; // not produced by the kernel
      const again = decodeWaitStatus(encodeWaitStatus(w));
      expect(again).toEqual(w);
    }
  });
  test("--remap-exit rewrites exactly the listed status", () => {
    const remap = new Map([[143, 0], [3, 9]]);
    for (let code = 0; code < 256; code++) {
      expect(finalStatus({ code }, remap)).toBe(code === 143 ? 0 : code === 3 ? 9 : code);
    }
    expect(finalStatus({ signal: 15 }, remap)).toBe(0);
    expect(shellStatus({ signal: 9 })).toBe(137);
  });
});
