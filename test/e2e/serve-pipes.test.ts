// The pipes of `monitor serve`'s programs: what monitor holds between starts
// (three descriptors per program, as supervisord: stdin's write end and the
// read ends of stdout and stderr), and that output goes on across restarts
// into the same pipe, every line of every start, also while a grandchild of
// an earlier start still holds the pipe open.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { pollUntil } from "../helpers/monitor.ts";
import { baseConfig, startServer, waitForState, type Server } from "../helpers/serve.ts";

const QUIET = 20;
// Five starts (startsecs=0, autorestart): each writes 50 numbered lines and a
// tail without a newline, then exits; the second leaves a grandchild holding
// stdout; the fifth stays.
const RESTARTER = `/bin/sh -c 'echo x >> %(here)s/runs; n=$(wc -l < %(here)s/runs); i=1; while [ $i -le 50 ]; do echo "run $n line $i"; i=$((i+1)); done; [ $n = 2 ] && sleep 1000 & printf "tail of run $n"; [ $n -ge 5 ] && exec sleep 1000; exit 0'`;

function config(): string {
  let text = baseConfig();
  for (let i = 0; i < QUIET; i++) text += `\n[program:quiet${i}]\ncommand=sleep 1000\n`;
  return `${text}\n[program:restarter]\ncommand=${RESTARTER}\nstartsecs=0\nautorestart=true\nstdout_logfile=%(here)s/restarter.log\n`;
}

/** What kind of file each of a process's descriptors is: "pipe", "socket", a path... */
function fdKinds(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/:\[\d+\]$/, "")];
    } catch {
      return [];
    }
  });
}

let s: Server;

describe("serve: pipes between starts", () => {
  beforeAll(async () => {
    s = await startServer("monitor", config());
  });
  afterAll(async () => {
    await s?.[Symbol.asyncDispose]();
  });

  test("every line of every start reaches the log in order, a start's unterminated tail ends with a newline at its exit, and a grandchild holding the pipe changes nothing", async () => {
    const log = () => (existsSync(join(s.dir, "restarter.log")) ? readFileSync(join(s.dir, "restarter.log"), "utf8") : "");
    await pollUntil(() => log().includes("run 5 line 50\n"), 15_000, "the fifth start's lines");
    const expected = [1, 2, 3, 4, 5].flatMap((n) => [...Array.from({ length: 50 }, (_, i) => `run ${n} line ${i + 1}`), ...(n < 5 ? [`tail of run ${n}`] : [])]);
    expect(log()).toBe(`${expected.join("\n")}\n`);
  });

  test("monitor holds three pipe ends per program, as supervisord does, not the write ends of the log pipes", async () => {
    await Promise.all(Array.from({ length: QUIET }, (_, i) => waitForState(s, `quiet${i}`, /RUNNING/)));
    const pipes = fdKinds(s.pid).filter((k) => k === "pipe").length;
    // 3 per program, plus the main log's pipe and the capture thread's control pipe (2 ends each).
    expect(pipes).toBeGreaterThanOrEqual(3 * (QUIET + 1));
    expect(pipes).toBeLessThanOrEqual(3 * (QUIET + 1) + 6);
  });
});
