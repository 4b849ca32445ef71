import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { constants } from "node:os";
import { decideForward, fixedRoutes, type ForwardConfig, type ForwardMode } from "../../../src/engine/forward.ts";
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

describe("fixed routes for the native handler", () => {
  const signals = FORWARDED_SIGNALS.map(signalNumber);
  const arbMode = fc.constantFrom<ForwardMode>("group", "child", "none");
  const arbMap = fc.array(fc.tuple(fc.constantFrom(...signals), fc.constantFrom(0, ...signals)), { maxLength: 6 });

  test("every route says what decideForward says, and no shutdown or excluded signal gets one", () => {
    fc.assert(
      fc.property(arbMode, arbMap, (mode, map) => {
        const c = cfg(mode, map);
        const routes = fixedRoutes(signals, c, new Set([S.SIGPWR]));
        expect(routes.has(S.SIGPWR)).toBe(false);
        for (const n of signals) {
          const d = decideForward(n, c);
          const r = routes.get(n);
          if (n === S.SIGPWR || d.kind === "shutdown") expect(r).toBeUndefined();
          else if (d.kind === "drop") expect(r).toEqual({ as: 0, group: false });
          else expect(r).toEqual({ as: d.signal, group: d.target === "group" });
        }
      }),
    );
  });

  test("TERM, INT and QUIT stay with the event loop (they run the stop sequence); TERM mapped to 0 is a plain drop", () => {
    const routes = fixedRoutes(signals, cfg("group"), new Set());
    for (const n of [S.SIGTERM, S.SIGINT, S.SIGQUIT]) expect(routes.has(n)).toBe(false);
    expect(routes.get(S.SIGUSR1)).toEqual({ as: S.SIGUSR1, group: true });
    expect(fixedRoutes(signals, cfg("child", [[S.SIGTERM, 0]]), new Set()).get(S.SIGTERM)).toEqual({ as: 0, group: false });
  });
});
