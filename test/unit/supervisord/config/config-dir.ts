// A throw-away directory of config files for one test, removed on dispose
// (`using dir = configDir()`), plus fixed accounts so tests never depend on
// this machine's /etc/passwd.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError } from "../../../../src/errors.ts";
import { loadConfig, type Env, type SupervisordConfig } from "../../../../src/supervisord/config.ts";
import type { Accounts } from "../../../../src/child/accounts.ts";

export const ACCOUNTS: Accounts = {
  users: [
    { name: "root", uid: 0, gid: 0, home: "/root" },
    { name: "www", uid: 33, gid: 33, home: "/var/www" },
  ],
  groups: [
    { name: "root", gid: 0 },
    { name: "www", gid: 33 },
    { name: "staff", gid: 50 },
  ],
};

export const ENV: Env = { HOME: "/home/tester", PATH: "/usr/bin:/bin", TMPDIR: "/tmp" };

export interface ConfigDir extends Disposable {
  readonly path: string;
  /** Writes `text` at `name` (directories created) and returns its absolute path. */
  write(name: string, text: string): string;
  /** Writes supervisord.conf and loads it. */
  load(text: string, env?: Env): SupervisordConfig;
  /** Writes supervisord.conf, expects loading to fail, returns the ConfigError. */
  fail(text: string, env?: Env): ConfigError;
}

export function configDir(): ConfigDir {
  const path = mkdtempSync(join(tmpdir(), "monitor-conf-"));
  const write = (name: string, text: string) => {
    const file = join(path, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const load = (text: string, env: Env = ENV) =>
    loadConfig(write("supervisord.conf", text), env, { cwd: path, hostname: "node1", accounts: ACCOUNTS });
  return {
    path,
    write,
    load,
    fail(text, env) {
      try {
        load(text, env);
      } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
      }
      throw new Error("expected a ConfigError, the config loaded");
    },
    [Symbol.dispose]() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** A minimal [supervisord] section keeping logs and pid in the test's own directory. */
export const SUPERVISORD = "[supervisord]\nlogfile=%(here)s/supervisord.log\npidfile=%(here)s/supervisord.pid\n";
