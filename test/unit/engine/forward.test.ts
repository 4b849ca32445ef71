import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { constants } from "node:os";
import { decideForward, type ForwardConfig, type ForwardMode } from "../../../src/engine/forward.ts";
import { FORWARDED_SIGNALS, SHUTDOWN_SIGNALS, signalNumber } from "../../../src/sys/signals.ts";

const S = constants.signals;
const cfg = (mode: ForwardMode, map: [number, number][] = []): ForwardConfig => ({
  mode, map: new Map(map), stopSignal: S.SIGTERM, shutdownSignals: SHUTDOWN_SIGNALS,
});

describe("the forwarding decision", () => {
  test("tini's set: everything catchable but CHLD and the synchronous / tty-control signals", () => {
    const nums = new Set(FORWARDED_SIGNALS.map(signalNumber));
    for (const n of [S.SIGCHLD, S.SIGFPE, S.SIGILL, S.SIGSEGV, S.SIGBUS, S.SIGABRT, S.SIGTRAP, S.SIGSYS, S.SIGTTIN, S.SIGTTOU, S.SIGKILL, S.SIGSTOP]) {
      expect(nums.has(n)).toBe(false);
    }
    for (const n of [S.SIGHUP, S.SIGINT, S.SIGQUIT, S.SIGUSR1, S.SIGUSR2, S.SIGTERM, S.SIGWINCH, S.SIGCONT, S.SIGTSTP, S.SIGALRM, S.SIGPIPE]) {
      expect(nums.has(n)).toBe(true);
    }
  });
  test("an ordinary signal goes where --forward says, or nowhere with none", () => {
    expect(decideForward(S.SIGHUP, cfg("group"))).toEqual({ kind: "deliver", signal: S.SIGHUP, target: "group" });
    expect(decideForward(S.SIGHUP, cfg("child"))).toEqual({ kind: "deliver", signal: S.SIGHUP, target: "child" });
    expect(decideForward(S.SIGHUP, cfg("none"))).toEqual({ kind: "drop" });
  });
  test("TERM, INT and QUIT shut down; with none the stop signal goes to the group", () => {
    for (const n of [S.SIGTERM, S.SIGINT, S.SIGQUIT]) {
      expect(decideForward(n, cfg("child"))).toEqual({ kind: "shutdown", signal: n, target: "child" });
      expect(decideForward(n, cfg("none"))).toEqual({ kind: "shutdown", signal: S.SIGTERM, target: "group" });
    }
  });
  test("--map-signal rewrites, and TO=0 drops even a shutdown signal", () => {
    expect(decideForward(S.SIGTERM, cfg("group", [[S.SIGTERM, S.SIGQUIT]]))).toEqual({ kind: "shutdown", signal: S.SIGQUIT, target: "group" });
    expect(decideForward(S.SIGTERM, cfg("group", [[S.SIGTERM, 0]]))).toEqual({ kind: "drop" });
    expect(decideForward(S.SIGUSR1, cfg("group", [[S.SIGUSR1, S.SIGHUP]]))).toEqual({ kind: "deliver", signal: S.SIGHUP, target: "group" });
  });
  test("property: a delivered signal is the mapped one, and unmapped signals pass unchanged", () => {
    const sig = fc.constantFrom(...FORWARDED_SIGNALS.map(signalNumber));
    fc.assert(fc.property(sig, sig, fc.constantFrom<ForwardMode>("group", "child"), (from, to, mode) => {
      const d = decideForward(from, cfg(mode, [[from, to]]));
      expect(d.kind === "drop" ? 0 : d.signal).toBe(to);
      const other = decideForward(from === S.SIGHUP ? S.SIGUSR2 : S.SIGHUP, cfg(mode, [[from, to]]));
      expect(other.kind).toBe("deliver");
    }));
  });
});
