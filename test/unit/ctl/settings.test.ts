import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, UsageError } from "../../../src/errors.ts";
import { parseCtlArgv, resolveCtlSettings } from "../../../src/ctl/settings.ts";

describe("monitor ctl reads its options with Python getopt's rules", () => {
  test("short options take a glued or a separate value, long ones =VALUE, the next word or a unique prefix", () => {
    const r = parseCtlArgv(["-cFILE", "-s", "unix:///x", "--user=bob", "--password", "pw", "status", "a"]);
    expect(Object.fromEntries(r.options)).toEqual({ configuration: "FILE", serverurl: "unix:///x", username: "bob", password: "pw" });
    expect(r.args).toEqual(["status", "a"]);
  });

  test("the first word that is not an option ends the options: later dashes belong to the action", () => {
    expect(parseCtlArgv(["tail", "-f", "web"]).args).toEqual(["tail", "-f", "web"]);
    expect(parseCtlArgv(["-s", "http://h:1", "--", "-x"]).args).toEqual(["-x"]);
  });

  test("an unknown option, a missing value, a repeated option or -i are usage errors", () => {
    for (const argv of [["-x"], ["--bogus"], ["-c"], ["--serverurl"], ["-s", "a:b", "-s", "c:d"], ["-i"], ["--help=x"]]) {
      expect(() => parseCtlArgv(argv)).toThrow(UsageError);
    }
  });
});

describe("monitor ctl takes serverurl and credentials from [supervisorctl], the command line winning", () => {
  const dir = mkdtempSync(join(tmpdir(), "monitor-ctl-settings-"));
  const conf = join(dir, "supervisord.conf");
  writeFileSync(conf, "[supervisorctl]\nserverurl=unix://%(here)s/run/../s.sock\nusername=%(ENV_CTL_USER)s\npassword=pw\n[program:broken]\nnumprocs=many\n");

  test("the file's values, with %(here)s and ENV_X expanded and the path normalised; other sections are not read", () => {
    const s = resolveCtlSettings(["-c", conf, "status"], { CTL_USER: "carol" }, []);
    expect(s).toEqual({ serverurl: `unix://${dir}/s.sock`, username: "carol", password: "pw", args: ["status"], help: false });
  });

  test("-s, -u and -p override the file", () => {
    const s = resolveCtlSettings(["-c", conf, "-s", "http://127.0.0.1:9", "-u", "u", "-p", "p", "pid"], { CTL_USER: "x" }, []);
    expect([s.serverurl, s.username, s.password]).toEqual(["http://127.0.0.1:9", "u", "p"]);
  });

  test("without -c and without a file on the search path: http://localhost:9001 and no credentials", () => {
    expect(resolveCtlSettings(["status"], {}, [join(dir, "absent.conf")])).toMatchObject({ serverurl: "http://localhost:9001", username: null, password: null });
  });

  test("a missing file, a file without [supervisorctl] and a serverurl that is not a URL are refused", () => {
    const bare = join(dir, "bare.conf");
    writeFileSync(bare, "[supervisord]\n");
    expect(() => resolveCtlSettings(["-c", join(dir, "nope.conf"), "status"], {}, [])).toThrow("could not find config file");
    expect(() => resolveCtlSettings(["-c", bare, "status"], {}, [])).toThrow(ConfigError);
    expect(() => resolveCtlSettings(["-s", "nourl", "status"], {}, [])).toThrow(UsageError);
  });
});
