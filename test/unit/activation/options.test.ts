import { describe, expect, test } from "bun:test";
import { readNotifyReport, unpackNotify } from "../../../src/activation/notify-message.ts";
import { DEFAULT_READY_TIMEOUT_MS, parseActivationOptions } from "../../../src/activation/options.ts";
import { parseReadySpec } from "../../../src/activation/ready.ts";
import { UsageError } from "../../../src/errors.ts";

const opts = (o: Record<string, string | string[]>) => new Map(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

describe("--ready and friends", () => {
  test("--ready values", () => {
    expect(parseReadySpec("notify")).toEqual({ kind: "notify" });
    expect(parseReadySpec("fd:5")).toEqual({ kind: "fd", fd: 5 });
    expect(parseReadySpec("250ms")).toEqual({ kind: "delay", ms: 250 });
    expect(parseReadySpec("2")).toEqual({ kind: "delay", ms: 2000 });
    for (const bad of ["fd:2", "fd:x", "fd:", "Notify", "", "soon"]) expect(() => parseReadySpec(bad)).toThrow(UsageError);
  });

  test("defaults: a 90 s ready timeout for notify and fd:N, none for a duration; nothing at all without the options", () => {
    expect(parseActivationOptions(new Map())).toBeUndefined();
    expect(parseActivationOptions(opts({ ready: "notify" }))?.readyTimeoutMs).toBe(DEFAULT_READY_TIMEOUT_MS);
    expect(parseActivationOptions(opts({ ready: "3s" }))?.readyTimeoutMs).toBeUndefined();
    expect(parseActivationOptions(opts({ ready: "fd:4", "ready-timeout": "5s" }))?.readyTimeoutMs).toBe(5000);
    expect(parseActivationOptions(opts({ "reload-signal": "usr2" }))?.reloadSignal).toBe(12);
  });

  test("combinations that cannot work are refused, naming the option", () => {
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ watchdog: "1s" }, "--watchdog needs --ready=notify"],
      [{ ready: "fd:5", watchdog: "1s" }, "--watchdog needs --ready=notify"],
      [{ ready: "notify", watchdog: "0" }, "--watchdog: '0' must be more than zero"],
      [{ ready: "1s", "ready-timeout": "5s" }, "--ready-timeout needs"],
      [{ listen: ["tcp://127.0.0.1:0", "tcp://127.0.0.1:0"], ready: "fd:4" }, "--ready: fd:4 is one of the --listen descriptors (3 to 4)"],
      [{ "reload-signal": "INT" }, "--reload-signal: SIGINT means shut down"],
      [{ "reload-signal": "KILL" }, "--reload-signal: SIGKILL cannot be caught"],
      [{ "reload-signal": "99" }, "--reload-signal: '99' is not a signal number"],
    ];
    for (const [o, message] of cases) expect(() => parseActivationOptions(opts(o))).toThrow(message);
    // Contrast: fd:5 beside two sockets (3, 4) is fine.
    expect(parseActivationOptions(opts({ listen: ["tcp://127.0.0.1:0", "tcp://127.0.0.1:0"], ready: "fd:5" }))?.ready).toEqual({ kind: "fd", fd: 5 });
  });
});

describe("sd_notify datagrams", () => {
  test("newline-separated assignments; lines without '=' are skipped and a later key wins", () => {
    const f = unpackNotify("READY=1\nSTATUS=warming up\ngarbage\n=x\nSTATUS=serving");
    expect([...f]).toEqual([["READY", "1"], ["STATUS", "serving"]]);
    expect(readNotifyReport(f)).toEqual({ ready: true, stopping: false, ping: false, trigger: false, status: "serving" });
    expect(readNotifyReport(unpackNotify("WATCHDOG=1\nSTOPPING=1"))).toMatchObject({ ping: true, stopping: true, ready: false });
    expect(readNotifyReport(unpackNotify("WATCHDOG=trigger"))).toMatchObject({ ping: false, trigger: true });
    // READY must be exactly 1, as systemd reads it.
    expect(readNotifyReport(unpackNotify("READY=yes")).ready).toBe(false);
  });
});
