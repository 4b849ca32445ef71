// supervisord's process settings under `monitor serve`, one server for all:
// stopasgroup / killasgroup, user=, directory / umask / environment,
// redirect_stderr, and stdout log rotation at maxbytes with backups.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { alive, fixture, pollUntil } from "../helpers/monitor.ts";
import { baseConfig, rpc, startServer, waitForState, type Server } from "../helpers/serve.ts";

const isRoot = process.getuid?.() === 0;

// A shell with a background child in its group; `stay` is that child's pid.
const withChild = (extra = "") => `/bin/sh -c '${extra}sleep 1000 & echo "stay pid=$!"; while :; do sleep 1; done'`;

const PROGRAMS = `
[program:plain]
command=${withChild()}
stdout_logfile=%(here)s/plain.log

[program:grouped]
command=${withChild()}
stdout_logfile=%(here)s/grouped.log
stopasgroup=true

[program:stubborn]
command=${withChild("trap \"\" TERM; ")}
stdout_logfile=%(here)s/stubborn.log
killasgroup=true
stopwaitsecs=1

[program:setup]
command=${fixture("show-setup.sh")}
directory=%(here)s/work
umask=027
environment=GREETING="hello world",EMPTY=""
stdout_logfile=%(here)s/setup.log
startsecs=0
startretries=0
autorestart=false

[program:mixed]
command=/bin/sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 1000'
redirect_stderr=true
stdout_logfile=%(here)s/mixed.log

[program:echoer]
command=/bin/sh -c 'while read -r l; do echo "got $l"; done'
stdout_logfile=%(here)s/echoer.log
startsecs=0

[program:flood]
command=/bin/sh -c 'i=0; while [ $i -lt 300 ]; do echo "line $i of the flood, padded to be long enough"; i=$((i+1)); [ $((i %% 20)) = 0 ] && sleep 0.05; done; exec sleep 1000'
stdout_logfile=%(here)s/flood.log
stdout_logfile_maxbytes=2KB
stdout_logfile_backups=2
${isRoot ? `
[program:nobody]
command=/bin/sh -c 'echo "uid=$(id -u) gid=$(id -g)"; exec sleep 1000'
user=nobody
stdout_logfile=%(here)s/nobody.log
` : ""}`;

let s: Server;
const logOf = (name: string) => (existsSync(join(s.dir, `${name}.log`)) ? readFileSync(join(s.dir, `${name}.log`), "utf8") : "");
const stayPid = (name: string) => pollUntil(() => Number(/stay pid=(\d+)/.exec(logOf(name))?.[1]), 10_000, `${name}'s stay line`);

describe("process settings, one server", () => {
  beforeAll(async () => {
    s = await startServer("monitor", baseConfig() + PROGRAMS, { waitReady: true });
    mkdirSync(join(s.dir, "work"), { recursive: true });
    // setup ran before work/ existed: its first start failed with supervisord's spawnerr; now it can run.
    await pollUntil(async () => (await rpc(s, "supervisor.getProcessInfo", "setup") as Record<string, unknown>).statename === "FATAL", 15_000, "setup to give up");
    await rpc(s, "supervisor.startProcess", "setup", false);
  });
  afterAll(async () => {
    await s?.[Symbol.asyncDispose]();
  });

  test("stop signals the process alone by default, its whole group with stopasgroup, and SIGKILLs the group with killasgroup", async () => {
    const [plain, grouped, stubborn] = await Promise.all([stayPid("plain"), stayPid("grouped"), stayPid("stubborn")]);
    await Promise.all(["plain", "grouped", "stubborn"].map((n) => waitForState(s, n, /RUNNING/)));
    const r = await s.ctl("stop", "plain", "grouped", "stubborn");
    expect(r.stdout).toBe("plain: stopped\ngrouped: stopped\nstubborn: stopped\n");
    expect(alive(plain)).toBe(true); // supervisord leaves it (monitor stops it at shutdown)
    await pollUntil(() => !alive(grouped), 5000, "grouped's child to get the TERM");
    await pollUntil(() => !alive(stubborn), 5000, "stubborn's child to get the SIGKILL");
    expect(s.mainLog()).toContain("killing 'stubborn' (");
    expect(s.mainLog()).toMatch(/stopped: stubborn \(terminated by SIGKILL\)/);
  });

  test("directory, umask and environment reach the child; a missing directory is supervisord's spawnerr", async () => {
    expect(s.mainLog()).toContain("spawnerr: couldn't chdir to ");
    await pollUntil(() => logOf("setup").includes("umask="), 10_000, "setup's output");
    const out = logOf("setup").split("\n");
    expect(out).toContain(`cwd=${join(s.dir, "work")}`);
    expect(out).toContain("umask=0027");
    expect(out).toContain("env:GREETING=hello world");
    expect(out).toContain("env:EMPTY=");
    expect(out).toContain("env:SUPERVISOR_GROUP_NAME=setup");
    expect(out).toContain(`env:SUPERVISOR_SERVER_URL=unix://${join(s.dir, "sock")}`);
  });

  test("redirect_stderr sends stderr into the stdout log, and the stderr log is then none", async () => {
    await pollUntil(() => logOf("mixed").includes("to-stderr"), 10_000, "mixed's output");
    expect(logOf("mixed")).toBe("to-stdout\nto-stderr\n");
    const r = await s.ctl("tail", "mixed", "stderr");
    expect([r.stdout, r.status]).toEqual(["mixed: ERROR (no log file)\n", 1]);
  });

  test("sendProcessStdin writes to the child's stdin, a pipe that stays open between writes", async () => {
    await waitForState(s, "echoer", /RUNNING/);
    expect(await rpc(s, "supervisor.sendProcessStdin", "echoer", "hello\n")).toBe(true);
    expect(await rpc(s, "supervisor.sendProcessStdin", "echoer", "world\n")).toBe(true);
    await pollUntil(() => logOf("echoer").includes("got world"), 10_000, "echoer's answers");
    expect(logOf("echoer")).toBe("got hello\ngot world\n");
    await expect(rpc(s, "supervisor.sendProcessStdin", "setup", "x")).rejects.toThrow("NOT_RUNNING: setup");
  });

  test("the stdout log rotates at maxbytes and keeps `backups` old files", async () => {
    const files = [0, 1, 2, 3].map((i) => join(s.dir, i ? `flood.log.${i}` : "flood.log"));
    const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
    // Oldest first: backups .2 and .1, then the current file.
    const kept = () => read(files[2]!) + read(files[1]!) + read(files[0]!);
    await pollUntil(() => kept().includes("line 299 "), 10_000, "the last flood line");
    expect(files.map((f) => existsSync(f))).toEqual([true, true, true, false]);
    for (const f of files.slice(0, 3)) expect(statSync(f).size).toBeLessThan(2048 + 4096);
    // What is kept is the end of the output, nothing lost across the rotations.
    const numbers = [...kept().matchAll(/line (\d+) /g)].map((m) => Number(m[1]));
    expect(numbers[0]).toBeGreaterThan(0);
    expect(numbers.at(-1)).toBe(299);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  });

  test.skipIf(!isRoot)("user= runs the program as that user, with its group", async () => {
    await pollUntil(() => logOf("nobody").includes("uid="), 10_000, "nobody's output");
    const { execFileSync } = await import("node:child_process");
    const uid = execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "nobody"], { encoding: "utf8" }).trim();
    expect(logOf("nobody")).toBe(`uid=${uid} gid=${gid}\n`);
  });
});
