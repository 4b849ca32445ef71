// Every way a config can be refused: one ConfigError whose file:line is the
// line marked `; <-` in the text, and whose message names the section, the key
// and the bad value. An error anywhere means loadConfig returns nothing.
import { describe, expect, test } from "bun:test";
import { configDir, SUPERVISORD } from "./config-dir.ts";

const P = `${SUPERVISORD}[program:p]\ncommand=/bin/true\n`;

// [what is wrong, config text, fragment the message must contain]
const CASES: [string, string, string][] = [
  // the file itself
  ["a key before any section", "command=x ; <-\n", "comes before any [section] header"],
  ["a line that is neither key nor section", `${SUPERVISORD}junk here ; <-\n`, "'junk here' is neither"],
  // [supervisord]
  ["minfds not a number", "[supervisord]\nminfds=lots ; <-\n", "[supervisord] minfds: 'lots' is not an integer"],
  ["a negative logfile_backups", "[supervisord]\nlogfile_backups=-1 ; <-\n", "[supervisord] logfile_backups: '-1' is out of range"],
  ["umask not octal", "[supervisord]\numask=999 ; <-\n", "[supervisord] umask: '999' is not an octal umask"],
  ["an unknown log level", "[supervisord]\nloglevel=verbose ; <-\n", "[supervisord] loglevel: 'verbose' is not a log level"],
  ["nodaemon not a boolean", "[supervisord]\nnodaemon=maybe ; <-\n", "[supervisord] nodaemon: 'maybe' is not a boolean"],
  ["a logfile in a missing directory", "[supervisord]\nlogfile=/nonexistent/dir/x.log ; <-\n", "[supervisord] logfile: the directory of '/nonexistent/dir/x.log' does not exist"],
  ["directory that does not exist", `${SUPERVISORD}directory=/nonexistent ; <-\n`, "[supervisord] directory: '/nonexistent' is not an existing directory"],
  ["an unknown user", `${SUPERVISORD}user=nobody-here ; <-\n`, "[supervisord] user: no such user 'nobody-here'"],
  ["environment with an unquoted space", `${SUPERVISORD}environment=A=x y ; <-\n`, "[supervisord] environment: 'A=x y': the value of A runs into 'y'"],
  ["%(program_name)s where it is not defined", `${SUPERVISORD}identifier=%(program_name)s ; <-\n`, "names %(program_name), which is not defined here"],
  // [include], [rpcinterface:x]
  ["[include] without files", `${SUPERVISORD}[include] ; <-\n`, "[include] has no files= line"],
  ["an rpcinterface without its factory", `${SUPERVISORD}[rpcinterface:supervisor] ; <-\n`, "does not set supervisor.rpcinterface_factory"],
  ["an rpcinterface plugin", `${SUPERVISORD}[rpcinterface:twiddler]\nsupervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make ; <-\n`, "is a plugin monitor cannot load"],
  // servers
  ["inet server without port", `${SUPERVISORD}[inet_http_server] ; <-\nusername=a\npassword=b\n`, "[inet_http_server] has no port"],
  ["inet port out of range", `${SUPERVISORD}[inet_http_server]\nport=127.0.0.1:70000 ; <-\n`, "[inet_http_server] port: '70000' is out of range (expected 1-65535)"],
  ["username without password", `${SUPERVISORD}[inet_http_server]\nport=9001\nusername=admin ; <-\n`, "[inet_http_server] sets username without password"],
  ["unix server without file", `${SUPERVISORD}[unix_http_server] ; <-\nchmod=0700\n`, "[unix_http_server] has no file"],
  ["chmod not octal", `${SUPERVISORD}[unix_http_server]\nfile=/tmp/s.sock\nchmod=rwx ; <-\n`, "[unix_http_server] chmod: 'rwx' is not an octal mode"],
  ["chown to an unknown group", `${SUPERVISORD}[unix_http_server]\nfile=/tmp/s.sock\nchown=www:nogroup ; <-\n`, "[unix_http_server] chown: no such group 'nogroup'"],
  // [program:x]
  ["an unknown key, with a suggestion", `${P}autorestrat=false ; <-\n`, "[program:p] autorestrat: unknown key (did you mean autorestart?)"],
  ["priority not a number", `${P}priority=high ; <-\n`, "[program:p] priority: 'high' is not an integer"],
  ["autostart not a boolean", `${P}autostart=sometimes ; <-\n`, "[program:p] autostart: 'sometimes' is not a boolean"],
  ["autorestart not a policy", `${P}autorestart=always ; <-\n`, "[program:p] autorestart: 'always' is not an autorestart value"],
  ["startsecs not a duration", `${P}startsecs=soon ; <-\n`, "[program:p] startsecs: 'soon' is not a duration"],
  ["startretries below -1", `${P}startretries=-2 ; <-\n`, "[program:p] startretries: '-2' is out of range (expected at least -1)"],
  ["an unknown stop signal", `${P}stopsignal=STOPPLS ; <-\n`, "[program:p] stopsignal: 'STOPPLS' is not a signal name"],
  ["an exit code above 255", `${P}exitcodes=0,256 ; <-\n`, "[program:p] exitcodes: '256' is not an exit code"],
  ["stopasgroup without killasgroup", `${P}stopasgroup=true\nkillasgroup=false ; <-\n`, "stopasgroup=true needs killasgroup=true"],
  ["numprocs without %(process_num) in the name", `${P}numprocs=2 ; <-\n`, "numprocs=2 needs %(process_num) in process_name"],
  ["a process_name that does not use process_num", `${P}numprocs=3\nprocess_name=worker ; <-\n`, "(now 'worker')"],
  ["a process name with a space", `${P}process_name=my worker ; <-\n`, "[program:p] process_name: 'my worker' is not a valid name (it contains ' ')"],
  ["a program name with a colon", `${SUPERVISORD}[program:a:b] ; <-\ncommand=x\n`, "[program:a:b] name: 'a:b' is not a valid name (it contains ':')"],
  ["no command", `${SUPERVISORD}[program:p] ; <-\npriority=1\n`, "[program:p] has no command"],
  ["an empty command", `${SUPERVISORD}[program:p]\ncommand= ; <-\n`, "[program:p] command: empty command"],
  ["an unclosed quote in the command", `${SUPERVISORD}[program:p]\ncommand=sh -c 'echo ; <-\n`, "[program:p] command: 'sh -c 'echo' has no closing quotation"],
  ["an undefined %(name)s", `${SUPERVISORD}[program:p]\ncommand=run %(prgram_name)s ; <-\n`, "[program:p] command: 'run %(prgram_name)s' names %(prgram_name)"],
  ["%(process_num)d in a key read once per section", `${P}priority=%(process_num)d ; <-\n`, "[program:p] priority: '%(process_num)d' names %(process_num)"],
  ["a bad environment", `${P}environment=A ; <-\n`, "[program:p] environment: 'A' is not KEY=value pairs"],
  ["a log file in a missing directory", `${P}stdout_logfile=/nonexistent/p.log ; <-\n`, "[program:p] stdout_logfile: the directory of '/nonexistent/p.log' does not exist"],
  ["a bad log size", `${P}stderr_logfile_maxbytes=50 megs ; <-\n`, "[program:p] stderr_logfile_maxbytes: '50 megs' is not a size"],
  ["an unknown program user", `${P}user=ghost ; <-\n`, "[program:p] user: no such user 'ghost'"],
  ["an unknown uid", `${P}user=4242 ; <-\n`, "[program:p] user: no such uid '4242'"],
  ["a bad program umask", `${P}umask=8 ; <-\n`, "[program:p] umask: '8' is not an octal umask"],
  ["an error in a [DEFAULT] value points at [DEFAULT]", `[DEFAULT]\nautostart=perhaps ; <-\n${P}`, "[program:p] autostart: 'perhaps' is not a boolean"],
  // [group:x], [eventlistener:x], [fcgi-program:x]
  ["a group naming an unknown program", `${P}[group:g]\nprograms=p,q ; <-\n`, "[group:g] programs: names unknown program 'q'"],
  ["an unknown group key", `${P}[group:g]\nprograms=p\nprogram=p ; <-\n`, "[group:g] program: unknown key (did you mean programs?)"],
  ["a listener without events", `${SUPERVISORD}[eventlistener:l] ; <-\ncommand=cat\n`, "[eventlistener:l] events: required"],
  ["a listener with an unknown event", `${SUPERVISORD}[eventlistener:l]\ncommand=cat\nevents=TICK_5,TICK_10 ; <-\n`, "[eventlistener:l] events: unknown event type TICK_10"],
  ["a listener with buffer_size 0", `${SUPERVISORD}[eventlistener:l]\ncommand=cat\nevents=TICK_5\nbuffer_size=0 ; <-\n`, "[eventlistener:l] buffer_size: '0' is out of range"],
  ["a listener with a custom result handler", `${SUPERVISORD}[eventlistener:l]\ncommand=cat\nevents=TICK_5\nresult_handler=mymod:handle ; <-\n`, "is Python code monitor cannot load"],
  ["a listener with redirect_stderr", `${SUPERVISORD}[eventlistener:l]\ncommand=cat\nevents=TICK_5\nredirect_stderr=true ; <-\n`, "redirect_stderr=true would mix stderr"],
  ["a FastCGI program", `${SUPERVISORD}[fcgi-program:f] ; <-\ncommand=x\nsocket=tcp://localhost:9000\n`, "FastCGI programs are not supported"],
  // clashes supervisord lets through silently
  ["a group and a program of the same name", `${SUPERVISORD}[program:p] ; <-\ncommand=x\n[program:q]\ncommand=x\n[group:p]\nprograms=q\n`, "a second group named 'p' (the first is at "],
  ["two programs of a group with one process name", `${P}process_name=w\n[program:q] ; <-\ncommand=x\nprocess_name=w\n[group:g]\nprograms=p,q\n`, "group 'g' gets a second process named 'w'"],
];

describe("config errors", () => {
  test.each(CASES)("%s: one ConfigError at the marked line", (_what, text, fragment) => {
    using dir = configDir();
    const e = dir.fail(text);
    const marked = text.split("\n").findIndex((l) => l.includes("; <-")) + 1;
    expect(e.file).toBe(`${dir.path}/supervisord.conf`);
    expect(e.line).toBe(marked);
    expect(e.message).toStartWith(`${dir.path}/supervisord.conf:${marked}: `);
    expect(e.message).toContain(fragment);
    expect(e.message).not.toContain("\n");
  });

  test("a missing [supervisord] section is reported at line 1", () => {
    using dir = configDir();
    const e = dir.fail("[program:p]\ncommand=x\n");
    expect([e.line, e.message]).toEqual([1, `${dir.path}/supervisord.conf:1: no [supervisord] section (supervisord requires one, even if empty)`]);
  });

  test("an error in an included file names that file and line", () => {
    using dir = configDir();
    const inc = dir.write("conf.d/bad.conf", "[program:x]\ncommand=y\nstartsecs=never\n");
    const e = dir.fail(`${SUPERVISORD}[include]\nfiles=conf.d/*.conf\n`);
    expect([e.file, e.line]).toEqual([inc, 3]);
    expect(e.message).toBe(`${inc}:3: [program:x] startsecs: 'never' is not a duration (expected e.g. 250ms, 10s, 5m, 1h or seconds)`);
  });

  test("a config that is not UTF-8 is refused at the line of the first bad byte", () => {
    using dir = configDir();
    const file = dir.write("latin1.conf", "");
    Bun.write(file, new Uint8Array([...new TextEncoder().encode("[supervisord]\n; caf"), 0xe9, 0x0a]));
    const { loadConfig } = require("../../../../src/supervisord/config.ts");
    expect(() => loadConfig(file, {}, { cwd: dir.path })).toThrow(`${file}:2: not valid UTF-8`);
  });

  test("a config file that cannot be read is a usage error naming it", () => {
    const { loadConfig } = require("../../../../src/supervisord/config.ts");
    expect(() => loadConfig("/nonexistent/supervisord.conf")).toThrow("cannot read config file /nonexistent/supervisord.conf (ENOENT)");
  });
});
