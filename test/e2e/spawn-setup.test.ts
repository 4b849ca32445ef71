// What every child starts with, on both spawn paths: posix_spawn (single
// mode) and the compiled spawn (monitor serve, native-spawn.ts). The child is
// `sleep`, which changes nothing of what it was given, read from /proc: no
// blocked and no ignored signal, though monitor was started with SIGTTOU
// ignored (as under a shell's nohup-like wrapper) and keeps it so, a process
// group of its own, and only the descriptors it was meant to have, however
// many monitor holds.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { descendantsOf } from "../../src/sys/proc-tree.ts";
import { pollUntil, runMonitor, statField } from "../helpers/monitor.ts";
import { baseConfig, startServer, statusOf, waitForState } from "../helpers/serve.ts";

interface Given {
  blocked: bigint;
  ignored: bigint;
  pgid: number | undefined;
  fds: number[];
}

function given(pid: number): Given {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s+([0-9a-f]+)`, "m").exec(status)![1]}`);
  const fds = readdirSync(`/proc/${pid}/fd`).map(Number).sort((a, b) => a - b);
  return { blocked: mask("SigBlk"), ignored: mask("SigIgn"), pgid: statField(pid, 2), fds };
}

/** What monitor itself ignores: the contrast that makes a leak visible. */
function ignoredBy(pid: number): bigint {
  return BigInt(`0x${/^SigIgn:\s+([0-9a-f]+)/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"))![1]}`);
}

const SIGTTOU_BIT = 1n << 21n;
/** monitor started with SIGTTOU ignored, which it inherits and does not catch. */
const IGNORING_TTOU = ["/bin/sh", "-c", 'trap "" TTOU; exec "$@"', "sh"];

describe("what a child is given", () => {
  test("single mode (posix_spawn): no blocked or ignored signal, its own group, stdio only, also with a log file open", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "monitor-spawn-")), "child.log");
    await using run = runMonitor([`--log-file=${log}`, "--restart=never", "--", "/bin/sleep", "1000"], { prefix: IGNORING_TTOU });
    const pid = await pollUntil(() => descendantsOf(run.pid).find((p) => readFileSync(`/proc/${p}/cmdline`, "latin1").startsWith("/bin/sleep")), 5000, "the sleep child");
    run.track(pid);
    expect(ignoredBy(run.pid) & SIGTTOU_BIT).toBe(SIGTTOU_BIT);
    expect(given(pid)).toEqual({ blocked: 0n, ignored: 0n, pgid: pid, fds: [0, 1, 2] });
    // stdout and stderr are the capture's pipes, not the log file itself.
    for (const fd of [1, 2]) expect(readlinkSync(`/proc/${pid}/fd/${fd}`)).toStartWith("pipe:");
  });

  test("monitor serve (the compiled spawn): the same, though monitor holds three pipe ends for each of 40 programs", async () => {
    let config = baseConfig();
    for (let i = 0; i < 40; i++) config += `\n[program:p${i}]\ncommand=/bin/sleep 1000\nstartsecs=0\n`;
    const s = await startServer("monitor", config, { prefix: IGNORING_TTOU });
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => waitForState(s, `p${i}`, /RUNNING/)));
      expect(readdirSync(`/proc/${s.pid}/fd`).length).toBeGreaterThan(120);
      expect(ignoredBy(s.pid) & SIGTTOU_BIT).toBe(SIGTTOU_BIT);
      for (const name of ["p0", "p39"]) {
        const { pid } = await statusOf(s, name);
        const got = given(pid);
        expect(got).toEqual({ blocked: 0n, ignored: 0n, pgid: pid, fds: [0, 1, 2] });
        // stdin, stdout and stderr are the three pipes monitor holds the other ends of.
        for (const fd of got.fds) expect(readlinkSync(`/proc/${pid}/fd/${fd}`)).toStartWith("pipe:");
      }
    } finally {
      await s[Symbol.asyncDispose]();
    }
  });
});
