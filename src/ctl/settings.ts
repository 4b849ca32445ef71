// `monitor ctl [OPTIONS] ACTION [ARGS...]`: supervisorctl's options, read with
// Python getopt's rules (short options may be glued to their value, long ones
// take `=VALUE` or the next word, unique prefixes of long names work, and the
// first word that is not an option ends the options), then [supervisorctl]
// from the config file. Options on the command line win over the file.
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { ConfigError, UsageError } from "../errors.ts";
import { readIni } from "../supervisord/ini.ts";
import { lazyAccounts } from "../child/accounts.ts";
import { readCtlSection } from "../supervisord/config/ctl-section.ts";
import { decodeConfig } from "../supervisord/config/include.ts";
import { envVarsOf } from "../supervisord/config/vars.ts";

export interface CtlSettings {
  readonly serverurl: string;
  readonly username: string | null;
  readonly password: string | null;
  /** ACTION and its arguments. */
  readonly args: readonly string[];
  readonly help: boolean;
}

type Key = "configuration" | "serverurl" | "username" | "password" | "history_file";
const SHORT: Record<string, Key | "help" | "interactive"> = { c: "configuration", s: "serverurl", u: "username", p: "password", r: "history_file", h: "help", "?": "help", i: "interactive" };
const LONG = ["configuration", "serverurl", "username", "password", "history_file", "help", "interactive"] as const;
const TAKES_VALUE = new Set(["configuration", "serverurl", "username", "password", "history_file"]);

function longName(word: string): string {
  if ((LONG as readonly string[]).includes(word)) return word;
  const matches = LONG.filter((l) => l.startsWith(word));
  if (matches.length === 1) return matches[0]!;
  throw new UsageError(matches.length ? `option --${word} is not a unique prefix` : `option --${word} not recognized`);
}

export function parseCtlArgv(argv: readonly string[]): { options: Map<string, string>; args: string[]; help: boolean } {
  const options = new Map<string, string>();
  let help = false;
  const set = (name: string, value: string, shown: string) => {
    if (name === "help") help = true;
    else if (name === "interactive") throw new UsageError("monitor ctl has no interactive shell: give an ACTION (status, start NAME, ...)");
    else {
      if (options.has(name)) throw new UsageError(`conflicting command line option ${shown}`);
      options.set(name, value);
    }
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      i++;
      break;
    }
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = longName(eq === -1 ? word.slice(2) : word.slice(2, eq));
      let value = eq === -1 ? "" : word.slice(eq + 1);
      if (TAKES_VALUE.has(name) && eq === -1) {
        if (i + 1 >= argv.length) throw new UsageError(`option --${name} requires argument`);
        value = argv[++i]!;
      } else if (!TAKES_VALUE.has(name) && eq !== -1) throw new UsageError(`option --${name} must not have an argument`);
      set(name, value, `--${name}`);
    } else if (word.startsWith("-") && word !== "-") {
      for (let j = 1; j < word.length; j++) {
        const name = SHORT[word[j]!];
        if (!name) throw new UsageError(`option -${word[j]} not recognized`);
        if (TAKES_VALUE.has(name)) {
          let value = word.slice(j + 1);
          if (!value) {
            if (i + 1 >= argv.length) throw new UsageError(`option -${word[j]} requires argument`);
            value = argv[++i]!;
          }
          set(name, value, `-${word[j]}`);
          break;
        }
        set(name, "", `-${word[j]}`);
      }
    } else break;
  }
  return { options, args: argv.slice(i), help };
}

/** supervisorctl's search list: beside the binary's directory first, then the usual places. */
export function defaultConfigPaths(binary = process.execPath): string[] {
  const here = dirname(dirname(binary));
  return [join(here, "etc", "supervisord.conf"), join(here, "supervisord.conf"), "supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"];
}

/** [supervisorctl] of FILE, as supervisorctl reads it: the main file only, ENV_X from the environment. */
export function readCtlFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env) {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`could not find config file ${path}`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UsageError(`could not read config file ${path}`);
  }
  const accounts = lazyAccounts();
  const ctl = readCtlSection({
    doc: readIni(decodeConfig(bytes, file), file),
    here: dirname(file),
    inherited: new WeakSet(),
    hostname: hostname(),
    envVars: envVarsOf(env),
    paths: { cwd: process.cwd(), env, accounts },
    accounts,
    warnings: [],
  });
  if (!ctl) throw new ConfigError(file, 1, "the file has no [supervisorctl] section (monitor ctl reads serverurl, username and password there)");
  return ctl;
}

export function resolveCtlSettings(argv: readonly string[], env = process.env, searchPaths = defaultConfigPaths()): CtlSettings {
  const { options, args, help } = parseCtlArgv(argv);
  const serverurl = options.get("serverurl");
  if (serverurl !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:./.test(serverurl)) throw new UsageError(`invalid value for -s '${serverurl}': not a URL`);
  const configPath = options.get("configuration") ?? searchPaths.find((p) => existsSync(p));
  const fromFile = configPath !== undefined ? readCtlFile(configPath, env) : null;
  return {
    serverurl: serverurl ?? fromFile?.serverurl ?? "http://localhost:9001",
    username: options.get("username") ?? fromFile?.username ?? null,
    password: options.get("password") ?? fromFile?.password ?? null,
    args,
    help,
  };
}
