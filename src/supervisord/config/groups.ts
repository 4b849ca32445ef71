// Process groups as options.py process_groups_from_parser builds them:
// [group:x] first (its programs leave the homogeneous groups), then each
// remaining [program:x] as a group of its own, then [eventlistener:x] pools;
// sorted by priority, then name. Clashes supervisord lets through silently
// (two groups or two processes of one name) are errors here.
import { ConfigError, UsageError } from "../../errors.ts";
import type { IniSection } from "../ini.ts";
import type { Environment } from "./environment.ts";
import { EVENT_TYPES } from "./event-types.ts";
import { GROUP_KEYS, rejectUnknownKeys } from "./keys.ts";
import { programNameOf, readProcesses } from "./program.ts";
import { parseInteger, parseList } from "./py-values.ts";
import { SectionReader, type LoadContext } from "./section-reader.ts";
import type { GroupSpec } from "./types.ts";
import { hereVars } from "./vars.ts";

const DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";

function sectionsWith(ctx: LoadContext, prefix: string): IniSection[] {
  return [...ctx.doc.sections.values()].filter((s) => s.name.startsWith(prefix));
}

function parseEvents(value: string, option: string): string[] {
  const names = [...new Set(parseList(value).map((e) => e.toUpperCase()))];
  if (names.length === 0) throw new UsageError(`${option}: required (e.g. events=PROCESS_STATE)`);
  const unknown = names.find((e) => !EVENT_TYPES.includes(e));
  if (unknown !== undefined) throw new UsageError(`${option}: unknown event type ${unknown}`);
  return names;
}

export function readGroups(ctx: LoadContext, globalEnv: Environment): GroupSpec[] {
  const groups: GroupSpec[] = [];
  const vars = hereVars(ctx);
  const source = (s: IniSection) => ({ file: s.file, line: s.line });
  const inGroups = new Set<IniSection>();
  const fcgi = sectionsWith(ctx, "fcgi-program:")[0];
  if (fcgi) throw new SectionReader(ctx, fcgi).error(null, `[${fcgi.name}]: FastCGI programs are not supported by monitor`);

  for (const section of sectionsWith(ctx, "group:")) {
    const r = new SectionReader(ctx, section);
    rejectUnknownKeys(r, GROUP_KEYS);
    const name = programNameOf(r);
    const members = r.parse("programs", vars, "", (v, o) => parseList(v).map((p) => ({ p, s: ctx.doc.sections.get(`program:${p}`) })));
    const processes = members.flatMap(({ p, s }) => {
      if (!s) throw r.error("programs", `${r.option("programs")}: names unknown program '${p}' (no [program:${p}] section)`);
      inGroups.add(s);
      return readProcesses(ctx, s, name, "program", globalEnv);
    });
    const priority = r.parse("priority", vars, "999", parseInteger);
    groups.push({ kind: "group", name, priority, processes, listener: null, source: source(section) });
  }
  for (const section of sectionsWith(ctx, "program:").filter((s) => !inGroups.has(s))) {
    const r = new SectionReader(ctx, section);
    const name = programNameOf(r);
    const priority = r.parse("priority", vars, "999", parseInteger);
    const processes = readProcesses(ctx, section, name, "program", globalEnv);
    groups.push({ kind: "program", name, priority, processes, listener: null, source: source(section) });
  }
  for (const section of sectionsWith(ctx, "eventlistener:")) {
    const r = new SectionReader(ctx, section);
    const name = programNameOf(r);
    // Listeners default to priority -1: started first and stopped last.
    const priority = r.parse("priority", vars, "-1", parseInteger);
    const bufferSize = r.parse("buffer_size", vars, "10", (v, o) => parseInteger(v, o, 1));
    const handler = r.get("result_handler", vars);
    if (handler !== undefined && handler.trim() !== DEFAULT_RESULT_HANDLER) {
      throw r.error("result_handler", `${r.option("result_handler")}: '${handler}' is Python code monitor cannot load (only ${DEFAULT_RESULT_HANDLER})`);
    }
    const events = r.parse("events", vars, "", parseEvents);
    const processes = readProcesses(ctx, section, name, "eventlistener", globalEnv);
    groups.push({ kind: "eventlistener", name, priority, processes, listener: { events, bufferSize }, source: source(section) });
  }
  checkUnique(groups);
  return groups.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function checkUnique(groups: GroupSpec[]): void {
  const seen = new Map<string, GroupSpec>();
  for (const g of groups) {
    const first = seen.get(g.name);
    if (first) {
      throw new ConfigError(g.source.file, g.source.line, `a second group named '${g.name}' (the first is at ${first.source.file}:${first.source.line})`);
    }
    seen.set(g.name, g);
    const names = new Set<string>();
    for (const p of g.processes) {
      if (names.has(p.name)) {
        throw new ConfigError(p.source.file, p.source.line, `group '${g.name}' gets a second process named '${p.name}'; give them distinct process_name values`);
      }
      names.add(p.name);
    }
  }
}
