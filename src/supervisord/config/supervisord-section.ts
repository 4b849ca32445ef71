// [supervisord]: the daemon's own settings with supervisord 4's defaults, read
// in supervisord's order. Its `environment` is expanded twice (supervisor
// does so) and then becomes ENV_X for every section read after it.
import { parseSize, parseUmask } from "../../cli/values.ts";
import { ConfigError } from "../../errors.ts";
import { findUser } from "../../child/accounts.ts";
import { parseEnvironment } from "./environment.ts";
import { expandPercent } from "./expand.ts";
import { warnUnknownKeys } from "./keys.ts";
import { existingDirectory, existingDirpath } from "./paths.ts";
import { parseBoolean, parseInteger, parseLogLevel } from "./py-values.ts";
import { SectionReader, type LoadContext } from "./section-reader.ts";
import type { SupervisordSettings } from "./types.ts";
import { hereVars, hostVars } from "./vars.ts";

export const SUPERVISORD_KEYS = [
  "logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "nodaemon", "silent", "minfds",
  "minprocs", "umask", "user", "identifier", "directory", "childlogdir", "strip_ansi", "environment", "nocleanup",
] as const;

export function readSupervisordSection(ctx: LoadContext, mainFile: string): SupervisordSettings {
  const section = ctx.doc.sections.get("supervisord");
  if (!section) throw new ConfigError(mainFile, 1, "no [supervisord] section (supervisord requires one, even if empty)");
  const r = new SectionReader(ctx, section);
  warnUnknownKeys(r, SUPERVISORD_KEYS);
  const vars = hereVars(ctx);
  const int = (key: string, fallback: string) => r.parse(key, vars, fallback, (v, o) => parseInteger(v, o, 0));
  const bool = (key: string) => r.parse(key, vars, "false", parseBoolean);
  const settings = {
    minfds: int("minfds", "1024"),
    minprocs: int("minprocs", "200"),
    directory: r.parseOptional("directory", vars, (v, o) => existingDirectory(v, ctx.paths, o)),
    user: r.parseOptional("user", vars, (v, o) => findUser(ctx.accounts, v, o)),
    umask: r.parse("umask", vars, "022", parseUmask),
    logfile: r.parse("logfile", vars, "supervisord.log", (v, o) => (v === "syslog" ? v : existingDirpath(v, ctx.paths, o))),
    logfileMaxBytes: r.parse("logfile_maxbytes", vars, "50MB", parseSize),
    logfileBackups: int("logfile_backups", "10"),
    loglevel: r.parse("loglevel", vars, "info", parseLogLevel),
    pidfile: r.parse("pidfile", vars, "supervisord.pid", (v, o) => existingDirpath(v, ctx.paths, o)),
    identifier: r.get("identifier", vars) ?? "supervisor",
    nodaemon: bool("nodaemon"),
    silent: bool("silent"),
    childlogdir: r.parse("childlogdir", vars, ctx.paths.env.TMPDIR ?? "/tmp", (v, o) => existingDirectory(v, ctx.paths, o)),
    nocleanup: bool("nocleanup"),
    stripAnsi: bool("strip_ansi"),
    environment: r.parse("environment", vars, "", (v, o) => parseEnvironment(expandPercent(v, hostVars(ctx), o), o)),
  };
  for (const [k, v] of Object.entries(settings.environment)) ctx.envVars.set(`ENV_${k}`, v);
  return settings;
}
