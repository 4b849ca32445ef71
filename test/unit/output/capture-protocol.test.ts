import { describe, expect, test } from "bun:test";
import { type Command, decodeCommands, encodeCommand } from "../../../src/output/capture-protocol.ts";

describe("capture control protocol", () => {
  test("commands split across reads come out whole and in order; the unfinished tail is kept", () => {
    const commands: Command[] = [
      { op: "flush", seq: 1, ids: null },
      { op: "open-log", id: 2, fd: 9, path: "/var/log/a b\n.log", maxBytes: 10, backups: 2 },
      { op: "close", seq: 3 },
    ];
    const wire = commands.map(encodeCommand).join("");
    for (let cut = 0; cut <= wire.length; cut++) {
      const out: Command[] = [];
      const tail = decodeCommands(wire.slice(0, cut), out);
      expect(decodeCommands(tail + wire.slice(cut), out)).toBe("");
      expect(out).toEqual(commands);
    }
  });
});
