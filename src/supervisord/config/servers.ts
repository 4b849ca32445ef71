// [unix_http_server], [inet_http_server] (supervisord accepts several, any
// header starting with those words), [rpcinterface:x], and the fallback
// SUPERVISOR_SERVER_URL that children get (the first unix server, else the
// first inet one), as options.py server_configs_from_parser does.
import { findOwner } from "../../child/accounts.ts";
import { warnUnknownKeys } from "./keys.ts";
import { normalizePath } from "./paths.ts";
import { parseInetAddress, parseOctalMode } from "./py-values.ts";
import { SectionReader, type LoadContext } from "./section-reader.ts";
import type { Credentials, InetServerSettings, UnixServerSettings } from "./types.ts";
import { envOnlyVars, hereVars } from "./vars.ts";
import { stripPy } from "./py-space.ts";

function readersFor(ctx: LoadContext, prefix: string): { name: string | null; r: SectionReader }[] {
  return [...ctx.doc.sections.values()]
    .filter((s) => s.name.startsWith(prefix))
    .map((s) => ({ name: s.name.includes(":") ? s.name.slice(s.name.indexOf(":") + 1) : null, r: new SectionReader(ctx, s) }));
}

function readAuth(r: SectionReader): Credentials | null {
  const vars = envOnlyVars(r.ctx);
  const username = r.get("username", vars);
  const password = r.get("password", vars);
  if (username === undefined && password === undefined) return null;
  if (username === undefined || password === undefined) {
    const given = username === undefined ? "password" : "username";
    throw r.error(given, `[${r.section.name}] sets ${given} without ${given === "username" ? "password" : "username"} (set both or neither)`);
  }
  return { username, password };
}

export function readInetServers(ctx: LoadContext): InetServerSettings[] {
  return readersFor(ctx, "inet_http_server").map(({ name, r }) => {
    warnUnknownKeys(r, ["port", "username", "password"]);
    const auth = readAuth(r);
    const port = r.get("port", envOnlyVars(ctx));
    if (port === undefined) throw r.error(null, `[${r.section.name}] has no port (expected e.g. port=127.0.0.1:9001)`);
    const address = r.at("port", () => parseInetAddress(port, r.option("port")));
    return { name, ...address, auth, source: { file: r.section.file, line: r.section.line } };
  });
}

export function readUnixServers(ctx: LoadContext): UnixServerSettings[] {
  return readersFor(ctx, "unix_http_server").map(({ name, r }) => {
    warnUnknownKeys(r, ["file", "chmod", "chown", "username", "password"]);
    const file = r.get("file", hereVars(ctx));
    if (file === undefined) throw r.error(null, `[${r.section.name}] has no file (expected e.g. file=/run/supervisor.sock)`);
    const vars = envOnlyVars(ctx);
    return {
      name,
      file: normalizePath(stripPy(file), ctx.paths),
      auth: readAuth(r),
      chown: r.parseOptional("chown", vars, (v, o) => findOwner(ctx.accounts, v, o)),
      chmod: r.parse("chmod", vars, "0700", parseOctalMode),
      source: { file: r.section.file, line: r.section.line },
    };
  });
}

export function fallbackServerUrl(unix: readonly UnixServerSettings[], inet: readonly InetServerSettings[]): string | null {
  if (unix[0]) return `unix://${unix[0].file}`;
  if (inet[0]) return `http://${inet[0].host ?? "localhost"}:${inet[0].port}`;
  return null;
}

const MAIN_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";
const FACTORY_KEY = "supervisor.rpcinterface_factory";

/**
 * [rpcinterface:supervisor] with supervisor's own factory turns the
 * supervisor.* methods on. Plugins are Python code monitor cannot load, and
 * supervisord refuses to start when a factory cannot be imported, so any
 * other factory is an error.
 */
export function readRpcInterface(ctx: LoadContext): boolean {
  let enabled = false;
  for (const { name, r } of readersFor(ctx, "rpcinterface:")) {
    const factory = r.get(FACTORY_KEY, envOnlyVars(ctx));
    if (factory === undefined) throw r.error(null, `[${r.section.name}] does not set ${FACTORY_KEY}`);
    if (stripPy(factory) !== MAIN_FACTORY || name !== "supervisor") {
      throw r.error(FACTORY_KEY, `${r.option(FACTORY_KEY)}: '${factory}' is a plugin monitor cannot load (only [rpcinterface:supervisor] with ${MAIN_FACTORY})`);
    }
    enabled = true;
  }
  return enabled;
}
