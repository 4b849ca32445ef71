// monitor's extension keys (SPEC section 5): accepted in program sections,
// parsed into engine units, and refused with file:line when malformed.
import { describe, expect, test } from "bun:test";
import { configDir, SUPERVISORD } from "./config-dir.ts";

const prog = (name: string, extra: string) => `[program:${name}]\ncommand=/bin/${name}\n${extra}`;

describe("depends_on and essential", () => {
  test("names of other programs, in order; essential as a boolean", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}${prog("db", "")}${prog("cache", "")}${prog("app", "depends_on = db, cache\nessential=yes\n")}`);
    const app = c.processes.find((p) => p.program === "app")!;
    expect([app.dependsOn, app.essential]).toEqual([["db", "cache"], true]);
    expect(c.processes.find((p) => p.program === "db")!.essential).toBe(false);
  });

  test.each([
    ["an unknown program", `${prog("app", "depends_on=db ; <-\n")}`, "[program:app] depends_on: no program named 'db'"],
    ["itself", `${prog("app", "depends_on=app ; <-\n")}`, "[program:app] depends_on: a program cannot depend on itself"],
    ["a cycle", `${prog("a", "depends_on=b\n")}${prog("b", "depends_on=c\n")}${prog("c", "depends_on=a ; <-\n")}`, "depends_on forms a cycle: a -> b -> c -> a"],
    ["a bad name", `${prog("app", "depends_on=x y ; <-\n")}`, "[program:app] depends_on: 'x y' is not a valid name"],
    ["essential not a boolean", `${prog("app", "essential=very ; <-\n")}`, "[program:app] essential: 'very' is not a boolean"],
  ])("depending on %s is refused at the marked line", (_what, body, fragment) => {
    using dir = configDir();
    const text = SUPERVISORD + body;
    const e = dir.fail(text);
    expect(e.line).toBe(text.split("\n").findIndex((l) => l.includes("; <-")) + 1);
    expect(e.message).toContain(fragment);
  });
});

describe("environment_file", () => {
  test("read relative to the config file; [supervisord] env < file < program env", () => {
    using dir = configDir();
    dir.write("env/app.env", "# comment\nexport A=from-file\nB='single # kept'\nC=\"line\\nbreak\"\nD=plain # comment\nE=file\n");
    const c = dir.load(`[supervisord]\nlogfile=%(here)s/s.log\nenvironment=A=global,G=global\n${prog("app", "environment_file=env/app.env\nenvironment=E=program\n")}`);
    const app = c.processes[0]!;
    expect(app.environmentFile).toBe(`${dir.path}/env/app.env`);
    expect(app.environment).toEqual({ A: "from-file", G: "global", B: "single # kept", C: "line\nbreak", D: "plain", E: "program" });
  });

  test("a missing file is an error at the environment_file line", () => {
    using dir = configDir();
    const e = dir.fail(`${SUPERVISORD}${prog("app", "environment_file=nope.env\n")}`);
    expect([e.line, e.message]).toEqual([6, `${dir.path}/supervisord.conf:6: [program:app] environment_file: cannot read '${dir.path}/nope.env' (ENOENT)`]);
  });

  test("a malformed line is an error at that line of the env file", () => {
    using dir = configDir();
    const env = dir.write("bad.env", "A=1\nnot a pair\n");
    const e = dir.fail(`${SUPERVISORD}${prog("app", "environment_file=bad.env\n")}`);
    expect([e.file, e.line, e.message]).toEqual([env, 2, `${env}:2: 'not a pair' is not KEY=value`]);
  });
});

describe("back-off, health checks, sockets, readiness", () => {
  test("without extension keys the back-off is supervisord's linear one", () => {
    using dir = configDir();
    expect(dir.load(`${SUPERVISORD}${prog("a", "")}`).processes[0]!.backoff).toEqual({ kind: "linear", stepMs: 1000 });
  });

  test("startretries=-1 alone retries forever with exponential back-off from 1 s to 60 s", () => {
    using dir = configDir();
    const p = dir.load(`${SUPERVISORD}${prog("a", "startretries=-1\n")}`).processes[0]!;
    expect([p.startRetries, p.backoff]).toEqual([-1, { kind: "exponential", firstMs: 1000, factor: 2, maxMs: 60_000 }]);
  });

  test("backoff_factor and backoff_max shape the back-off", () => {
    using dir = configDir();
    const p = dir.load(`${SUPERVISORD}${prog("a", "backoff_factor=1.5\nbackoff_max=5m\n")}`).processes[0]!;
    expect(p.backoff).toEqual({ kind: "exponential", firstMs: 1000, factor: 1.5, maxMs: 300_000 });
  });

  test("healthcheck is a shell command or an http URL, with interval and retries", () => {
    using dir = configDir();
    const c = dir.load(
      `${SUPERVISORD}${prog("a", "healthcheck=pg_isready -q\nhealthcheck_interval=10s\nhealthcheck_retries=5\n")}` +
        prog("b", "healthcheck=http://127.0.0.1:80%(process_num)02d/health\n"),
    );
    expect(c.processes.map((p) => p.healthcheck)).toEqual([
      { kind: "command", command: "pg_isready -q", intervalMs: 10_000, retries: 5, timeoutMs: 5000 },
      { kind: "http", url: "http://127.0.0.1:8000/health", intervalMs: 30_000, retries: 3, timeoutMs: 5000 },
    ]);
  });

  test("healthcheck_interval without healthcheck is a warning", () => {
    using dir = configDir();
    expect(dir.load(`${SUPERVISORD}${prog("a", "healthcheck_interval=5s\n")}`).warnings.map((w) => [w.line, w.message])).toEqual([
      [6, "[program:a] healthcheck_* has no effect without healthcheck="],
    ]);
  });

  test("listen takes tcp://HOST:PORT and unix:PATH addresses, expanded per process", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}${prog("a", "numprocs=2\nprocess_name=a%(process_num)d\nlisten=tcp://0.0.0.0:80%(process_num)02d, unix:/run/a%(process_num)d.sock, tcp://[::1]:9000\n")}`);
    expect(c.processes.map((p) => p.listen)).toEqual([0, 1].map((n) => [
      { kind: "tcp", host: "0.0.0.0", port: 8000 + n, text: `tcp://0.0.0.0:800${n}` },
      { kind: "unix", path: `/run/a${n}.sock`, text: `unix:/run/a${n}.sock` },
      { kind: "tcp", host: "::1", port: 9000, text: "tcp://[::1]:9000" },
    ]));
  });

  test.each([
    ["notify", { kind: "notify" }],
    ["fd:3", { kind: "fd", fd: 3 }],
    ["2s", { kind: "delay", ms: 2000 }],
    ["500ms", { kind: "delay", ms: 500 }],
  ])("ready=%s", (value, readiness) => {
    using dir = configDir();
    expect(dir.load(`${SUPERVISORD}${prog("a", `ready=${value}\n`)}`).processes[0]!.ready).toEqual(readiness as never);
  });

  test("stdout_logfile_timestamps turns on timestamps for stdout only", () => {
    using dir = configDir();
    const p = dir.load(`${SUPERVISORD}${prog("a", "stdout_logfile_timestamps=true\n")}`).processes[0]!;
    expect([p.stdout.timestamps, p.stderr.timestamps]).toEqual([true, false]);
  });

  test("extension keys are accepted in event listeners, not in groups", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[eventlistener:l]\ncommand=cat\nevents=TICK_5\nessential=true\n`);
    expect(c.processes[0]!.essential).toBe(true);
    expect(dir.fail(`${SUPERVISORD}${prog("a", "")}[group:g]\nprograms=a\nessential=true\n`).message).toContain("[group:g] essential: unknown key");
  });

  test.each([
    ["backoff_factor=0.5", "[program:a] backoff_factor: '0.5' is not a number >= 1"],
    ["backoff_max=forever", "[program:a] backoff_max: 'forever' is not a duration"],
    ["healthcheck=", "[program:a] healthcheck: empty"],
    ["healthcheck_retries=0", "[program:a] healthcheck_retries: '0' is out of range (expected at least 1)"],
    ["listen=http://x:1", "[program:a] listen: 'http://x:1' is not a listen address"],
    ["listen=tcp://x:0", "[program:a] listen port: '0' is out of range"],
    ["ready=fd:1", "[program:a] ready fd: '1' is out of range (expected 3-1023)"],
    ["ready=whenever", "[program:a] ready: 'whenever' is not a readiness mode"],
  ])("%s is refused at its line", (line, fragment) => {
    using dir = configDir();
    const e = dir.fail(`${SUPERVISORD}${prog("a", `${line}\n`)}`);
    expect([e.line, e.message.slice(e.message.indexOf(": ") + 2)]).toEqual([6, expect.stringContaining(fragment)]);
  });
});
