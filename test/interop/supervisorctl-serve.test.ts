// Debian's real supervisorctl against `monitor serve`, and the same commands
// against Debian's real supervisord on the same config: output and exit code
// must match (pids, uptimes and stop times normalized). One pair of servers
// is shared by the tests of this block; each test leaves the programs as it
// found them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { baseConfig, normalize, startServer, type Server } from "../helpers/serve.ts";

const PROGRAMS = `
[program:a]
command=/bin/sh -c "echo hello; echo oops >&2; exec sleep 3600"

[program:b]
command=/bin/sh -c "echo bye >&2; sleep 0.3; exit 3"
startretries=1

[program:c]
command=sleep 3600
numprocs=2
process_name=%(program_name)s_%(process_num)d

[program:d]
command=/nonexistent/cmd
startretries=0

[program:e]
command=sleep 3600
autostart=false

[group:g]
programs=e
`;

let ours: Server;
let theirs: Server;

/** A transcript's output lines sorted within each command: for `all`, where supervisord's own order depends on timing. */
function unordered(transcript: string): string {
  return transcript
    .split(/(?=^\$ )/m)
    .map((part) => {
      const [head, ...lines] = part.trimEnd().split("\n");
      return [head, ...lines.sort()].join("\n");
    })
    .join("\n");
}

/** Run each command on both servers; the transcripts must be equal. Returns ours. */
async function both(...commands: string[][]): Promise<string> {
  return compare(commands, (t) => t);
}

async function compare(commands: string[][], view: (t: string) => string): Promise<string> {
  const transcript = async (s: Server) => {
    let out = "";
    for (const args of commands) {
      const r = await s.ctl(...args);
      out += `$ ${args.join(" ")}\n${r.stdout}${r.stderr}rc=${r.status}\n`;
    }
    return normalize(out);
  };
  const [mine, reference] = await Promise.all([transcript(ours), transcript(theirs)]);
  expect(view(mine)).toBe(view(reference));
  return mine;
}

async function settled(s: Server): Promise<void> {
  // b gives up after two quick exits and d at once; a and c reach RUNNING after startsecs.
  for (let i = 0; i < 100; i++) {
    const r = await s.ctl("status");
    if (/b\s+FATAL/.test(r.stdout) && /a\s+RUNNING/.test(r.stdout) && (r.stdout.match(/RUNNING/g) ?? []).length === 3) return;
    await Bun.sleep(100);
  }
  throw new Error(`${s.kind} did not settle`);
}

describe("supervisorctl reads monitor serve as it reads supervisord", () => {
  beforeAll(async () => {
    [ours, theirs] = await Promise.all([startServer("monitor", baseConfig() + PROGRAMS), startServer("supervisord", baseConfig() + PROGRAMS)]);
    await Promise.all([settled(ours), settled(theirs)]);
  });
  afterAll(async () => {
    await Promise.all([ours?.[Symbol.asyncDispose](), theirs?.[Symbol.asyncDispose]()]);
  });

  test("status of everything, of names and of a group, with LSB status 3 when something is stopped", async () => {
    const out = await both(["status"], ["status", "a", "nosuch", "g:*"], ["status", "a", "c:*"]);
    expect(out).toContain("d                                FATAL     can't find command '/nonexistent/cmd'\n");
    expect(out).toContain("b                                FATAL     Exited too quickly (process log may have details)\n");
    expect(out).toContain("nosuch: ERROR (no such process)\n");
    expect(out).toMatch(/\$ status a c:\*\na +RUNNING +pid N, uptime T\nc:c_0 .*\nc:c_1 .*\nrc=0/);
  });

  test("start and stop answer each case with supervisorctl's words and exit codes", async () => {
    const out = await both(
      ["start", "a"],
      ["start", "nosuch"],
      ["start", "d"],
      ["start", "b"],
      ["start", "g:*"],
      ["stop", "g:e"],
      ["stop", "g:e"],
      ["restart", "a"],
    );
    expect(out).toContain("$ start d\nd: ERROR (no such file)\nrc=1\n");
    expect(out).toContain("$ start b\nb: ERROR (spawn error)\nrc=7\n");
    expect(out).toContain("$ restart a\na: stopped\na: started\nrc=0\n");
  });

  test("signal goes to running processes only, and a bad name is refused", async () => {
    const out = await both(["signal", "HUP", "c:c_0"], ["signal", "NOPE", "a"], ["signal", "USR1", "g:e"], ["signal", "HUP", "nosuch"]);
    expect(out).toContain("c:c_0: signalled\nrc=0\n");
    expect(out).toContain("a: ERROR (bad signal name)\nrc=1\n");
  });

  test("tail reads the stdout and stderr logs by bytes, pid names the processes", async () => {
    const out = await both(["tail", "a"], ["tail", "-3", "a"], ["tail", "a", "stderr"], ["tail", "d"], ["tail", "nosuch"], ["pid", "a"], ["pid", "g:e"], ["pid", "nosuch"]);
    expect(out).toMatch(/\$ tail a\n(hello\n)+\nrc=0/);
    expect(out).toContain("$ tail -3 a\nlo\n\nrc=0\n");
    expect(out).toContain("$ pid g:e\nN\nrc=7\n");
  });

  test("clear empties a process's logs; avail lists every configured process", async () => {
    const out = await both(["clear", "a"], ["tail", "a"], ["clear", "nosuch"], ["avail"]);
    expect(out).toContain("a: cleared\nrc=0\n$ tail a\n\nrc=0\n");
    expect(out).toContain("g:e                              in use    manual    999:999\n");
  });

  test("stop all and start all list each process, failures included", async () => {
    const out = await compare([["stop", "all"], ["start", "all"]], unordered);
    expect(out).toContain("d: ERROR (no such file)\n");
    expect(out).toMatch(/\$ start all\n[^$]*rc=7\n/);
  });
});
