// A config in the shape of supervisord's documented sample (our own text), and
// the defaults supervisord 4 gives every key that is left out.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { constants } from "node:os";
import { configDir, SUPERVISORD } from "./config-dir.ts";

const SIG = constants.signals;

const SAMPLE = `; monitor test sample, laid out like supervisord's own example file
[unix_http_server]
file=%(here)s/run/supervisor.sock   ; socket next to this file
chmod=0770                          ; group may connect
chown=www:staff

[inet_http_server]
port=127.0.0.1:9001
username=ops
password={SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d

[supervisord]
logfile=%(here)s/supervisord.log
logfile_maxbytes=10MB
logfile_backups=3
loglevel=debug
pidfile=%(here)s/supervisord.pid
nodaemon=true
minfds=2048
umask=002
identifier=edge
environment=DEPLOY="blue",REGION=eu

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/run/supervisor.sock
prompt=edge

[program:api]
command=/usr/bin/api --port 80%(process_num)02d --region %(ENV_REGION)s
process_name=%(program_name)s-%(process_num)d
numprocs=2
numprocs_start=1
priority=100
autorestart=true
startsecs=5
startretries=10
stopsignal=QUIT
stopwaitsecs=30
stopasgroup=true
user=www
directory=/srv/api
environment=PORT="80%(process_num)02d",DEPLOY="green"
stdout_logfile=%(here)s/api-%(process_num)d.log
stdout_logfile_maxbytes=1MB
stdout_logfile_backups=2
redirect_stderr=true

[program:cron]
command=/usr/sbin/cron -f
autorestart=false
exitcodes=0,2
umask=077

[group:jobs]
programs=cron
priority=500

[eventlistener:alerts]
command=/usr/bin/alert-listener
events=PROCESS_STATE_FATAL,process_state_exited
buffer_size=20
`;

describe("the sample config", () => {
  test("servers, client settings and [supervisord] read as written", () => {
    using dir = configDir();
    dir.write("run/.keep", "");
    const c = dir.load(SAMPLE);
    expect(c.unixServers).toEqual([
      { name: null, file: `${dir.path}/run/supervisor.sock`, chmod: 0o770, chown: { uid: 33, gid: 50 }, auth: null, source: { file: c.file, line: 2 } },
    ]);
    expect(c.inetServers).toEqual([
      { name: null, host: "127.0.0.1", port: 9001, auth: { username: "ops", password: "{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d" }, source: { file: c.file, line: 7 } },
    ]);
    expect(c.serverUrl).toBe(`unix://${dir.path}/run/supervisor.sock`);
    expect(c.rpcInterface).toBe(true);
    expect(c.ctl).toEqual({ serverurl: `unix://${dir.path}/run/supervisor.sock`, username: null, password: null, prompt: "edge", historyFile: null });
    expect(c.supervisord).toMatchObject({
      logfile: `${dir.path}/supervisord.log`,
      logfileMaxBytes: 10 * 1024 * 1024,
      logfileBackups: 3,
      loglevel: "debug",
      nodaemon: true,
      minfds: 2048,
      minprocs: 200,
      umask: 0o002,
      identifier: "edge",
      environment: { DEPLOY: "blue", REGION: "eu" },
    });
    expect(c.warnings).toEqual([]);
  });

  test("groups come in supervisord's start order: priority, then name", () => {
    using dir = configDir();
    const c = dir.load(SAMPLE);
    expect(c.groups.map((g) => [g.kind, g.name, g.priority])).toEqual([
      ["eventlistener", "alerts", -1],
      ["program", "api", 100],
      ["group", "jobs", 500],
    ]);
    expect(c.groups[0]!.listener).toEqual({ events: ["PROCESS_STATE_FATAL", "PROCESS_STATE_EXITED"], bufferSize: 20 });
    expect(c.processes.map((p) => p.namespec)).toEqual(["alerts", "api:api-1", "api:api-2", "jobs:cron"]);
  });

  test("numprocs gives one spec per process with process_num expanded everywhere", () => {
    using dir = configDir();
    const c = dir.load(SAMPLE);
    const api = c.processes.filter((p) => p.program === "api");
    expect(api.map((p) => [p.name, p.processNum, p.argv.join(" "), p.environment.PORT, p.stdout.logfile])).toEqual([
      ["api-1", 1, "/usr/bin/api --port 8001 --region eu", "8001", { kind: "file", path: `${dir.path}/api-1.log` }],
      ["api-2", 2, "/usr/bin/api --port 8002 --region eu", "8002", { kind: "file", path: `${dir.path}/api-2.log` }],
    ]);
  });

  test("policy fields arrive in engine units", () => {
    using dir = configDir();
    const api = dir.load(SAMPLE).processes.find((p) => p.name === "api-1")!;
    expect(api).toMatchObject({
      group: "api",
      priority: 100,
      autostart: true,
      autorestart: "always",
      startSecsMs: 5000,
      startRetries: 10,
      stopSignal: SIG.SIGQUIT,
      stopWaitMs: 30_000,
      stopAsGroup: true,
      killAsGroup: true,
      user: { name: "www", uid: 33, gid: 33, home: "/var/www" },
      directory: "/srv/api",
      redirectStderr: true,
      backoff: { kind: "linear", stepMs: 1000 },
    });
    // The program's own DEPLOY wins over [supervisord]'s; REGION is inherited.
    expect(api.environment).toEqual({ DEPLOY: "green", REGION: "eu", PORT: "8001" });
    expect(api.stdout).toMatchObject({ maxBytes: 1024 * 1024, backups: 2 });
    expect(api.stderr.logfile).toEqual({ kind: "none" });
  });

  test("a program inside [group:x] belongs to that group and no longer forms its own", () => {
    using dir = configDir();
    const c = dir.load(SAMPLE);
    const cron = c.processes.find((p) => p.program === "cron")!;
    expect(cron).toMatchObject({ group: "jobs", name: "cron", namespec: "jobs:cron", autorestart: "never", exitCodes: [0, 2], umask: 0o077 });
    expect(c.groups.some((g) => g.name === "cron")).toBe(false);
  });
});

describe("supervisord 4 defaults", () => {
  test("a program with only a command gets every documented default", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:solo]\ncommand=/bin/sleep 60\n`);
    expect(c.groups.map((g) => [g.kind, g.name, g.priority])).toEqual([["program", "solo", 999]]);
    const { source, ...p } = c.processes[0]!;
    expect(source).toEqual({ file: c.file, line: 4 });
    const channel = { logfile: { kind: "auto" as const }, maxBytes: 50 * 1024 * 1024, backups: 10, captureMaxBytes: 0, eventsEnabled: false, syslog: false, timestamps: false };
    expect(p).toEqual({
      kind: "program", name: "solo", group: "solo", namespec: "solo", program: "solo", processNum: 0,
      command: "/bin/sleep 60", argv: ["/bin/sleep", "60"],
      priority: 999, autostart: true, autorestart: "on-failure", exitCodes: [0], startSecsMs: 1000, startRetries: 3,
      backoff: { kind: "linear", stepMs: 1000 }, stopSignal: SIG.SIGTERM, stopWaitMs: 10_000, stopAsGroup: false, killAsGroup: false,
      user: null, directory: null, umask: null, serverUrl: null, environment: {}, redirectStderr: false,
      stdout: channel, stderr: channel,
      dependsOn: [], essential: false, environmentFile: null, healthcheck: null, listen: [], ready: null,
    });
  });

  test("[supervisord] left empty gets supervisord's defaults relative to the current directory", () => {
    using dir = configDir();
    const c = dir.load("[supervisord]\n");
    expect(c.supervisord).toEqual({
      minfds: 1024, minprocs: 200, directory: null, user: null, umask: 0o022,
      logfile: `${dir.path}/supervisord.log`, logfileMaxBytes: 50 * 1024 * 1024, logfileBackups: 10, loglevel: "info",
      pidfile: `${dir.path}/supervisord.pid`, identifier: "supervisor", nodaemon: false, silent: false,
      childlogdir: "/tmp", nocleanup: false, stripAnsi: false, environment: {},
    });
    expect([c.unixServers, c.inetServers, c.ctl, c.rpcInterface, c.serverUrl, c.groups]).toEqual([[], [], null, false, null, []]);
  });

  test("an event listener defaults to priority -1 and buffer_size 10", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[eventlistener:l]\ncommand=cat\nevents=TICK_5\n`);
    expect(c.groups[0]).toMatchObject({ kind: "eventlistener", priority: -1, listener: { events: ["TICK_5"], bufferSize: 10 } });
    expect(c.processes[0]!.priority).toBe(999);
  });

  test("the unix socket defaults to mode 0700 and becomes the children's server URL", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[inet_http_server]\nport=9001\n[unix_http_server]\nfile=/tmp/x.sock\n`);
    expect(c.unixServers[0]!.chmod).toBe(0o700);
    expect(c.inetServers[0]).toMatchObject({ host: null, port: 9001, auth: null });
    expect(c.serverUrl).toBe("unix:///tmp/x.sock");
  });

  test("with only an inet server the children's URL uses localhost for a wildcard host", () => {
    using dir = configDir();
    expect(dir.load(`${SUPERVISORD}[inet_http_server]\nport=*:9011\n`).serverUrl).toBe("http://localhost:9011");
  });

  test.each([
    ["true", "always"], ["yes", "always"], ["on", "always"], ["1", "always"],
    ["false", "never"], ["No", "never"], ["OFF", "never"], ["0", "never"],
    ["unexpected", "on-failure"], ["Unexpected", "on-failure"],
  ])("autorestart=%s maps to %s", (value, policy) => {
    using dir = configDir();
    expect(dir.load(`${SUPERVISORD}[program:p]\ncommand=x\nautorestart=${value}\n`).processes[0]!.autorestart).toBe(policy as "always");
  });

  test("exitcodes= (empty) means no exit is expected, as supervisord reads it", () => {
    using dir = configDir();
    expect(dir.load(`${SUPERVISORD}[program:p]\ncommand=x\nexitcodes=\n`).processes[0]!.exitCodes).toEqual([]);
  });
});

describe("numprocs", () => {
  test("numprocs N from numprocs_start S gives processes S..S+N-1, each named by its own number", () => {
    using dir = configDir();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 120 }), fc.constantFrom("d", "02d", "03d"), (n, start, format) => {
        const c = dir.load(`${SUPERVISORD}[program:w]\ncommand=run %(process_num)${format}\nnumprocs=${n}\nnumprocs_start=${start}\nprocess_name=w_%(process_num)${format}\n`);
        const nums = Array.from({ length: n }, (_, i) => start + i);
        const pad = (k: number) => (format === "d" ? String(k) : String(k).padStart(Number(format[1]), "0"));
        // supervisord sorts a section's processes by name (w_10 before w_9).
        const expected = nums.map((k) => [k, `w_${pad(k)}`, `w:w_${pad(k)}`, pad(k)] as const).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
        expect(c.processes.map((p) => [p.processNum, p.name, p.namespec, p.argv[1]])).toEqual(expected.map((e) => [...e]));
        expect(c.groups.map((g) => [g.name, g.processes.length])).toEqual([["w", n]]);
      }),
      { numRuns: 40 },
    );
  });

  test("processes of one section are ordered by name, as supervisord sorts them", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:w]\ncommand=x\nnumprocs=11\nprocess_name=w%(process_num)d\n`);
    expect(c.processes.map((p) => p.name)).toEqual(["w0", "w1", "w10", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"]);
  });
});
