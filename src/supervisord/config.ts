// Reading a supervisord.conf for `monitor serve -c FILE`: pure apart from
// reading files (the config, its includes, environment_file, /etc/passwd and
// the directory checks supervisord makes). Steps in supervisord's order:
// parse, follow [include], [supervisord] (its environment feeds ENV_X),
// rpcinterface, process groups, servers. Any error throws ConfigError naming
// file:line, so nothing starts from a half-read config.
import { readFileSync } from "node:fs";
import { hostname as osHostname } from "node:os";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { readIni } from "./ini.ts";
import { lazyAccounts, type Accounts } from "../child/accounts.ts";
import { readCtlSection } from "./config/ctl-section.ts";
import { checkDependencies } from "./config/depends.ts";
import { readGroups } from "./config/groups.ts";
import { decodeConfig, readIncludes } from "./config/include.ts";
import type { LoadContext } from "./config/section-reader.ts";
import { fallbackServerUrl, readInetServers, readRpcInterface, readUnixServers } from "./config/servers.ts";
import { readSupervisordSection } from "./config/supervisord-section.ts";
import type { ConfigWarning, SupervisordConfig } from "./config/types.ts";
import { envVarsOf } from "./config/vars.ts";

export type * from "./config/types.ts";
export { diffConfigs, formatConfigDiff, type ConfigDiff } from "./config/diff.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadOptions {
  /** Relative paths (logfile, pidfile, the config path itself) resolve here. Default process.cwd(). */
  readonly cwd?: string;
  /** %(host_node_name)s. Default os.hostname(). */
  readonly hostname?: string;
  /** Users and groups for user=, chown=, ~name. Default /etc/passwd and /etc/group, read when first needed. */
  readonly accounts?: Accounts;
}

/** Reads FILE (and what it includes). Throws UsageError if FILE cannot be read, ConfigError for anything in it. */
export function loadConfig(path: string, env: Env = process.env, options: LoadOptions = {}): SupervisordConfig {
  const file = resolve(options.cwd ?? process.cwd(), path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read config file ${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  return parseConfigText(decodeConfig(bytes, file), file, env, options);
}

/** The main file's text given directly; %(here)s and [include] patterns are relative to `file`'s directory. */
export function parseConfigText(text: string, file: string, env: Env = process.env, options: LoadOptions = {}): SupervisordConfig {
  const cwd = options.cwd ?? process.cwd();
  const mainFile = resolve(cwd, file);
  const warnings: ConfigWarning[] = [];
  const accounts = options.accounts ?? lazyAccounts();
  const base = {
    here: dirname(mainFile),
    hostname: options.hostname ?? osHostname(),
    paths: { cwd, env, accounts },
    accounts,
    warnings,
  };
  // supervisorctl reads the main file alone, without includes or [supervisord] environment.
  const ctl = readCtlSection({ ...base, doc: readIni(text, mainFile), inherited: new WeakSet(), envVars: envVarsOf(env) });
  const ctx: LoadContext = { ...base, doc: readIni(text, mainFile), inherited: new WeakSet(), envVars: envVarsOf(env) };
  const files = [mainFile, ...readIncludes(ctx, mainFile)];
  const supervisord = readSupervisordSection(ctx, mainFile);
  const rpcInterface = readRpcInterface(ctx);
  const groups = readGroups(ctx, supervisord.environment);
  const processes = groups.flatMap((g) => g.processes);
  checkDependencies(ctx, processes);
  const inetServers = readInetServers(ctx);
  const unixServers = readUnixServers(ctx);
  return {
    file: mainFile,
    files,
    supervisord,
    unixServers,
    inetServers,
    ctl,
    rpcInterface,
    serverUrl: fallbackServerUrl(unixServers, inetServers),
    groups,
    processes,
    warnings,
  };
}
