// Which %(name)s each key sees, as supervisord builds the mapping per section
// kind and per process (results checked against supervisord 4.2.5 reading the
// same files).
import { describe, expect, test } from "bun:test";
import { configDir, ENV, SUPERVISORD } from "./config-dir.ts";

describe("expansion names", () => {
  test("a program's keys see here, program_name, group_name, host_node_name and ENV_X", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:web]\ncommand=echo %(here)s %(program_name)s %(group_name)s %(host_node_name)s %(ENV_HOME)s\n`);
    expect(c.processes[0]!.argv).toEqual(["echo", dir.path, "web", "web", "node1", "/home/tester"]);
  });

  test("inside [group:x], group_name is the group's name", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:web]\ncommand=echo %(group_name)s/%(program_name)s\n[group:front]\nprograms=web\n`);
    expect(c.processes[0]!.argv).toEqual(["echo", "front/web"]);
  });

  test("process_num and numprocs reach command, directory, log files and the environment", () => {
    using dir = configDir();
    const c = dir.load(
      `${SUPERVISORD}[program:w]\nnumprocs=2\nnumprocs_start=4\nprocess_name=w%(process_num)d\n` +
        `command=run --slot %(process_num)d/%(numprocs)d\ndirectory=/srv/%(process_num)d\n` +
        `stdout_logfile=%(here)s/w-%(process_num)02d.log\nenvironment=SLOT="%(process_num)d"\n`,
    );
    expect(c.processes.map((p) => [p.name, p.argv.at(-1), p.directory, p.environment.SLOT, p.stdout.logfile])).toEqual([
      ["w4", "4/2", "/srv/4", "4", { kind: "file", path: `${dir.path}/w-04.log` }],
      ["w5", "5/2", "/srv/5", "5", { kind: "file", path: `${dir.path}/w-05.log` }],
    ]);
  });

  test("[supervisord] environment becomes ENV_X for programs, overriding the process environment", () => {
    using dir = configDir();
    const c = dir.load(`[supervisord]\nlogfile=%(here)s/s.log\nenvironment=HOME="/srv/home",EXTRA=1\n[program:p]\ncommand=echo %(ENV_HOME)s %(ENV_EXTRA)s %(ENV_PATH)s\n`);
    expect(c.processes[0]!.argv).toEqual(["echo", "/srv/home", "1", ENV.PATH!]);
  });

  test("a program's own environment is ENV_X for its command and directory, not for its environment", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:p]\nenvironment=APP_DIR="/opt/app"\ncommand=%(ENV_APP_DIR)s/bin/run\ndirectory=%(ENV_APP_DIR)s\n`);
    expect([c.processes[0]!.argv, c.processes[0]!.directory]).toEqual([["/opt/app/bin/run"], "/opt/app"]);
    const e = dir.fail(`${SUPERVISORD}[program:p]\ncommand=x\nenvironment=A="1",B="%(ENV_A)s"\n`);
    expect(e.message).toContain("names %(ENV_A), which is not defined here");
  });

  test("[supervisord] keys see only here and ENV_X; its environment also sees host_node_name", () => {
    using dir = configDir();
    const c = dir.load(`[supervisord]\nlogfile=%(here)s/%(ENV_USER)s.log\n`, { ...ENV, USER: "svc" });
    expect(c.supervisord.logfile).toBe(`${dir.path}/svc.log`);
    // supervisor expands [supervisord] environment twice, the second time with host_node_name:
    // %%(host_node_name)s survives the first pass as %(host_node_name)s.
    const twice = dir.load(`[supervisord]\nlogfile=%(here)s/s.log\nenvironment=NODE="%%(host_node_name)s"\n`);
    expect(twice.supervisord.environment).toEqual({ NODE: "node1" });
  });

  test("stdout_logfile is expanded twice, as supervisord does, so %%%% gives one %", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:p]\ncommand=x\nstdout_logfile=%(here)s/100%%%%.log\n`);
    expect(c.processes[0]!.stdout.logfile).toEqual({ kind: "file", path: `${dir.path}/100%.log` });
  });

  test("process_name is checked before and after expansion", () => {
    using dir = configDir();
    const e = dir.fail(`${SUPERVISORD}[program:p]\ncommand=x\nprocess_name=%(ENV_NAME)s\n`, { ...ENV, NAME: "a b" });
    expect(e.message).toContain("[program:p] process_name: 'a b' is not a valid name (it contains ' ')");
  });

  test("[DEFAULT] values reach every section and are expanded there", () => {
    using dir = configDir();
    const c = dir.load(`[DEFAULT]\nautostart=false\nstdout_logfile=%(here)s/%(program_name)s.log\n${SUPERVISORD}[program:a]\ncommand=x\n[program:b]\ncommand=y\nautostart=true\n`);
    expect(c.processes.map((p) => [p.name, p.autostart, p.stdout.logfile])).toEqual([
      ["a", false, { kind: "file", path: `${dir.path}/a.log` }],
      ["b", true, { kind: "file", path: `${dir.path}/b.log` }],
    ]);
  });

  test("serverurl=AUTO means the server's own URL", () => {
    using dir = configDir();
    const c = dir.load(`${SUPERVISORD}[program:a]\ncommand=x\nserverurl=AUTO\n[program:b]\ncommand=x\nserverurl=http://127.0.0.1:9001\n`);
    expect(c.processes.map((p) => p.serverUrl)).toEqual([null, "http://127.0.0.1:9001"]);
  });

  test("[supervisorctl] sees only the process environment and here", () => {
    using dir = configDir();
    const c = dir.load(`[supervisord]\nlogfile=%(here)s/s.log\nenvironment=SOCK=x\n[supervisorctl]\nserverurl=unix://%(here)s/%(ENV_SOCKNAME)s\nusername=%(ENV_USER)s\n`, { ...ENV, SOCKNAME: "s.sock", USER: "ops" });
    expect(c.ctl).toMatchObject({ serverurl: `unix://${dir.path}/s.sock`, username: "ops" });
    const e = dir.fail(`[supervisord]\nlogfile=%(here)s/s.log\nenvironment=SOCK=x\n[supervisorctl]\nserverurl=unix:///run/%(ENV_SOCK)s\n`);
    expect(e.message).toContain("[supervisorctl] serverurl: 'unix:///run/%(ENV_SOCK)s' names %(ENV_SOCK)");
  });
});

describe("warnings supervisord would print", () => {
  test("redirect_stderr with a stderr_logfile, AUTO logs without rotation, syslog as a file name", () => {
    using dir = configDir();
    const c = dir.load(
      `${SUPERVISORD}[program:p]\ncommand=x\nredirect_stderr=true\nstderr_logfile=%(here)s/err.log\n` +
        `stdout_logfile_maxbytes=0\n[program:q]\ncommand=x\nstdout_logfile=syslog\n[unknown_section]\nwhatever=1\n[supervisord]\nnodeamon=true\n`,
    );
    expect(c.warnings.map((w) => [w.line, w.message])).toEqual([
      [15, "[supervisord] nodeamon: unknown key ignored (did you mean nodaemon?)"],
      [8, "[program:p] stdout_logfile: AUTO log without rotation (stdout_logfile_maxbytes=0) can fill the disk"],
      [7, "[program:p] stderr_logfile is ignored: redirect_stderr=true sends stderr to stdout's log"],
      [11, "[program:q] stdout_logfile=syslog is deprecated; use stdout_syslog=true"],
    ]);
    expect(c.processes[1]!.stdout).toMatchObject({ logfile: { kind: "none" }, syslog: true });
  });
});
