import { describe, expect, test } from "bun:test";
import { readOnlyMappings } from "../../../src/sys/page-out.ts";

const MAPS = `00200000-00400000 r--p 00000000 fd:01 1234                       /opt/monitor
00400000-02000000 r-xp 00200000 fd:01 1234                       /opt/monitor
02000000-02100000 rw-p 01e00000 fd:01 1234                       /opt/monitor
02100000-02200000 r--p 00000000 fd:01 99                         /opt/monitor-other
7f0000000000-7f0000021000 r-xp 00000000 fd:01 77                 /usr/lib/x86_64-linux-gnu/libc.so.6
7f0000100000-7f0000200000 rw-p 00000000 00:00 0                  [heap]`;

describe("page-out mappings", () => {
  test("only the read-only mappings of the executable itself are chosen, writable ones and other files never", () => {
    expect(readOnlyMappings(MAPS, "/opt/monitor")).toEqual([
      [0x200000n, 0x400000n],
      [0x400000n, 0x2000000n],
    ]);
  });

  test("a path with spaces is matched whole", () => {
    const maps = "00200000-00400000 r-xp 00000000 fd:01 1 /opt/my monitor\n00400000-00500000 r-xp 00000000 fd:01 1 /opt/my";
    expect(readOnlyMappings(maps, "/opt/my monitor")).toEqual([[0x200000n, 0x400000n]]);
    expect(readOnlyMappings(maps, "/opt/my")).toEqual([[0x400000n, 0x500000n]]);
  });
});
