import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { constants } from "node:os";
import {
  CONTROL_LETTERS,
  controlEventOf,
  controlLetterOf,
  packControl,
  unpackControl,
  type ControlEvent,
} from "../../../src/daemontools/control.ts";

const S = constants.signals;

describe("control letters as events", () => {
  test.each([
    ["u", { type: "up" }],
    ["d", { type: "down" }],
    ["o", { type: "once" }],
    ["p", { type: "pause", signal: S.SIGSTOP }],
    ["c", { type: "continue", signal: S.SIGCONT }],
    ["h", { type: "signal", signal: S.SIGHUP }],
    ["a", { type: "signal", signal: S.SIGALRM }],
    ["i", { type: "signal", signal: S.SIGINT }],
    ["t", { type: "signal", signal: S.SIGTERM }],
    ["k", { type: "signal", signal: S.SIGKILL }],
    ["x", { type: "exit" }],
  ] as const)("%s is %o", (letter, event) => {
    expect(controlEventOf(letter)).toEqual(event);
    expect(controlLetterOf(event as ControlEvent)).toBe(letter);
  });

  test("of all 256 bytes exactly the eleven letters mean something; the rest are ignored like supervise does", () => {
    const meaningful: string[] = [];
    for (let byte = 0; byte < 256; byte++) {
      const events = unpackControl(Uint8Array.of(byte));
      expect(events.length).toBeLessThanOrEqual(1);
      if (events.length) meaningful.push(String.fromCharCode(byte));
    }
    expect(meaningful.sort()).toEqual([...CONTROL_LETTERS].sort());
    expect(meaningful).not.toContain("U");
  });

  test("bytes keep their order and unknown bytes between them are skipped", () => {
    expect(unpackControl(new TextEncoder().encode("d\nzu\0x")).map((e) => e.type)).toEqual(["down", "up", "exit"]);
  });

  test("pack then unpack gives any sequence of events back", () => {
    const arbEvent = fc.constantFrom(...CONTROL_LETTERS).map((l) => controlEventOf(l)!);
    fc.assert(fc.property(fc.array(arbEvent, { maxLength: 40 }), (events) => {
      expect(unpackControl(packControl(events))).toEqual(events);
    }));
  });

  test("an event no letter sends cannot be packed", () => {
    expect(controlLetterOf({ type: "signal", signal: S.SIGUSR1 })).toBeUndefined();
    expect(() => packControl([{ type: "signal", signal: S.SIGUSR1 }])).toThrow(/no svc letter/);
    expect(() => packControl([{ type: "pause", signal: S.SIGTSTP }])).toThrow(/no svc letter/);
  });

  test("the events handed out are copies: a consumer cannot corrupt the table", () => {
    const e = controlEventOf("t") as { type: "signal"; signal: number };
    e.signal = 0;
    expect(controlEventOf("t")).toEqual({ type: "signal", signal: S.SIGTERM });
  });
});
