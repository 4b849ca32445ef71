// monitor's extension keys for [program:x], end to end through `monitor
// serve`: depends_on, environment_file, stdout_logfile_timestamps,
// backoff_max/backoff_factor with startretries=-1, healthcheck*, essential,
// and a depends_on cycle refused as a config error. The keys that need no
// exit of monitor share one server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, fixture, pollUntil, runMonitor } from "../helpers/monitor.ts";
import { baseConfig, rpc, startServer, statusOf, waitForState, type Server } from "../helpers/serve.ts";

const PROGRAMS = `
[program:db]
command=${fixture("ready-fd.sh")} 3 1
ready=fd:3
priority=900

[program:web]
command=${fixture("sleeper.sh")}
depends_on=db
startsecs=0
priority=1

[program:cache]
command=${fixture("sleeper.sh")}
autostart=false
startsecs=0

[program:api]
command=${fixture("sleeper.sh")}
autostart=false
depends_on=cache
startsecs=0

[program:envy]
command=${fixture("show-setup.sh")}
environment_file=app.env
environment=SHARED="from the config"
stdout_logfile=%(here)s/envy.log
stdout_logfile_timestamps=true
startsecs=0
autorestart=false

[program:flaky]
command=/bin/sh -c "exit 1"
startretries=-1
backoff_factor=2
backoff_max=1500ms

[program:sick]
command=${fixture("sleeper.sh")}
healthcheck=test -e %(here)s/healthy && echo ok >> %(here)s/probes
healthcheck_interval=200ms
healthcheck_retries=2
startsecs=0
`;

const spawnTimes = (log: string, name: string) =>
  [...log.matchAll(new RegExp(`^(\\d+)-(\\d+)-(\\d+) (\\d+):(\\d+):(\\d+),(\\d+) INFO spawned: '${name}'`, "gm"))].map(
    (m) => new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!).getTime(),
  );

let s: Server;

describe("extension keys, one server", () => {
  beforeAll(async () => {
    s = await startServer("monitor", baseConfig() + PROGRAMS, { files: { "app.env": "# dotenv\nFROM_FILE=dotenv value\nexport SHARED='from the file'\n" } });
  });
  afterAll(async () => {
    await s?.[Symbol.asyncDispose]();
  });

  test("depends_on: web is spawned only after db is RUNNING, which is when db said it was ready", async () => {
    await waitForState(s, "web", /RUNNING/);
    const log = s.mainLog();
    const dbReady = log.indexOf("success: db entered RUNNING state, process is ready");
    const webSpawned = log.indexOf("spawned: 'web'");
    expect(dbReady).toBeGreaterThan(-1);
    expect(webSpawned).toBeGreaterThan(dbReady);
    // db signals readiness one second after it starts: web waited for it.
    expect(spawnTimes(log, "web")[0]! - spawnTimes(log, "db")[0]!).toBeGreaterThanOrEqual(900);
  });

  test("depends_on: supervisorctl start of a program starts what it depends on first, even with autostart=false", async () => {
    expect((await statusOf(s, "cache")).state).toBe("STOPPED");
    const r = await s.ctl("start", "api");
    expect([r.stdout, r.status]).toEqual(["api: started\n", 0]);
    expect((await statusOf(s, "cache")).state).toBe("RUNNING");
    const log = s.mainLog();
    expect(log.indexOf("spawned: 'api'")).toBeGreaterThan(log.indexOf("spawned: 'cache'"));
    // Stopping the dependency by hand stops it alone.
    expect((await s.ctl("stop", "cache")).stdout).toBe("cache: stopped\n");
    expect((await statusOf(s, "api")).state).toBe("RUNNING");
  });

  test("environment_file is read as dotenv, environment= wins over it, and stdout lines carry timestamps", async () => {
    await waitForState(s, "envy", /EXITED/);
    const lines = readFileSync(join(s.dir, "envy.log"), "utf8").trimEnd().split("\n");
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
    const env = lines.map((l) => l.slice(25));
    expect(env).toContain("env:FROM_FILE=dotenv value");
    expect(env).toContain("env:SHARED=from the config");
    expect(env).toContain("env:SUPERVISOR_PROCESS_NAME=envy");
    expect(env).toContain("env:SUPERVISOR_ENABLED=1");
  });

  test("startretries=-1 keeps retrying with growing, capped delays instead of going FATAL", async () => {
    // supervisord would be FATAL after 4 spawns (startretries=3); here the 5th comes.
    const times = await pollUntil(() => {
      const t = spawnTimes(s.mainLog(), "flaky");
      return t.length >= 5 ? t : undefined;
    }, 20_000, "five spawns of flaky");
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(900); // 1 s
    expect(gaps[1]).toBeGreaterThanOrEqual(1400); // 2 s capped at 1.5 s
    expect(gaps[2]).toBeGreaterThanOrEqual(1400);
    expect(gaps[2]).toBeLessThan(5000);
    expect((await statusOf(s, "flaky")).state).toMatch(/^(BACKOFF|STARTING)$/);
    expect(s.mainLog()).not.toContain("gave up: flaky");
  });

  test("healthcheck: two failed probes in a row restart the program; once healthy it stays", async () => {
    // The first child never passes: after two failed probes it is stopped and a second one spawned.
    const pids = await pollUntil(() => {
      const p = [...s.mainLog().matchAll(/spawned: 'sick' with pid (\d+)/g)].map((m) => Number(m[1]));
      return p.length >= 2 ? p : undefined;
    }, 10_000, "a second spawn of sick");
    expect(s.mainLog()).toMatch(/health: sick failed \(2 of 2\): exit status 1; stopping it\n.*stopped: sick \(terminated by SIGTERM\)/);
    expect(alive(pids[0]!)).toBe(false);
    writeFileSync(join(s.dir, "healthy"), "");
    // Never healthy, it went on failing its starts; a start request begins again.
    if ((await statusOf(s, "sick")).state === "FATAL") await rpc(s, "supervisor.startProcess", "sick", false);
    const healthy = await waitForState(s, "sick", /RUNNING/);
    // Each passing probe appends a line: six of them, and still the same child.
    const probes = () => (existsSync(join(s.dir, "probes")) ? readFileSync(join(s.dir, "probes"), "utf8").split("\n").length - 1 : 0);
    await pollUntil(() => probes() >= 6, 10_000, "six passing probes");
    expect(await statusOf(s, "sick")).toMatchObject({ state: "RUNNING", pid: healthy.pid });
  });
});

describe("essential and depends_on checks", () => {
  test("essential=true: an unexpected exit stops everything and monitor exits with the program's status", async () => {
    const conf = `
[program:main]
command=${fixture("exit-with.sh")} 5 2
essential=true

[program:other]
command=${fixture("sleeper.sh")}
startsecs=0
`;
    await using s = await startServer("monitor", baseConfig() + conf);
    const other = await waitForState(s, "other", /RUNNING/);
    expect(await s.exited(20_000)).toBe(5);
    expect(alive(other.pid)).toBe(false);
    expect(s.mainLog()).toContain("essential: main is EXITED; shutting everything down");
    expect(s.mainLog()).not.toMatch(/exited: main[^\n]*\n(.*\n)*.*spawned: 'main'/);
  });

  test("a depends_on cycle is one line naming file:line, exit 2, and nothing starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-serve-cycle-"));
    try {
      const marker = join(dir, "started");
      const conf = join(dir, "supervisord.conf");
      writeFileSync(conf, `${baseConfig()}
[program:a]
command=/bin/sh -c "touch ${marker}; exec sleep 100"
depends_on=b

[program:b]
command=/bin/sh -c "touch ${marker}; exec sleep 100"
depends_on=a
`);
      await using run = runMonitor(["serve", "-c", conf], { cwd: dir });
      expect(await run.exited()).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(new RegExp(`^monitor: ${conf}:\\d+: depends_on forms a cycle: (a -> b -> a|b -> a -> b)$`));
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(join(dir, "sock"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
