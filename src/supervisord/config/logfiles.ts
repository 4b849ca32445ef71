// A process's stdout_* / stderr_* keys (options.py _processes_from_section).
// The logfile value is %-expanded twice, as supervisor does (once by saneget,
// once explicitly); AUTO, NONE/OFF and the deprecated SYSLOG are words, any
// other value is a path whose directory must exist.
import { parseSize } from "../../cli/values.ts";
import { expandPercent, type ExpansionVars } from "./expand.ts";
import { existingDirpath } from "./paths.ts";
import { parseBoolean, parseInteger } from "./py-values.ts";
import type { SectionReader } from "./section-reader.ts";
import type { ChannelSpec, LogfileSetting } from "./types.ts";

function parseLogfile(r: SectionReader, key: string, value: string): LogfileSetting | "syslog" {
  const word = value.toLowerCase();
  if (word === "none" || word === "off") return { kind: "none" };
  if (word === "auto") return { kind: "auto" };
  if (word === "syslog") return "syslog";
  return { kind: "file", path: existingDirpath(value, r.ctx.paths, r.option(key)) };
}

/**
 * One channel. `sectionVars` for the keys supervisor reads once per section
 * (capture_maxbytes, events_enabled), `processVars` for the rest.
 */
export function readChannel(
  r: SectionReader,
  channel: "stdout" | "stderr",
  sectionVars: ExpansionVars,
  processVars: ExpansionVars,
  redirectStderr: boolean,
): ChannelSpec {
  const key = `${channel}_logfile`;
  const once = r.get(key, processVars);
  let logfile = once === undefined ? { kind: "auto" as const } : r.at(key, () => parseLogfile(r, key, expandPercent(once, processVars, r.option(key))));
  const maxBytes = r.parse(`${key}_maxbytes`, processVars, "50MB", parseSize);
  let syslog = r.parse(`${channel}_syslog`, processVars, "false", parseBoolean);
  if (logfile === "syslog") {
    r.warn(key, `${r.option(key)}=syslog is deprecated; use ${channel}_syslog=true`);
    logfile = { kind: "none" };
    syslog = true;
  }
  if (logfile.kind === "auto" && maxBytes === 0) {
    r.warn(`${key}_maxbytes`, `${r.option(key)}: AUTO log without rotation (${key}_maxbytes=0) can fill the disk`);
  }
  if (channel === "stderr" && redirectStderr) {
    if (logfile.kind === "file") r.warn(key, `${r.option(key)} is ignored: redirect_stderr=true sends stderr to stdout's log`);
    logfile = { kind: "none" };
  }
  return {
    logfile,
    maxBytes,
    backups: r.parse(`${key}_backups`, processVars, "10", (v, o) => parseInteger(v, o, 0)),
    captureMaxBytes: r.parse(`${channel}_capture_maxbytes`, sectionVars, "0", parseSize),
    eventsEnabled: r.parse(`${channel}_events_enabled`, sectionVars, "false", parseBoolean),
    syslog,
    timestamps: channel === "stdout" && r.parse("stdout_logfile_timestamps", processVars, "false", parseBoolean),
  };
}
