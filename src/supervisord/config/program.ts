// One [program:x] or [eventlistener:x] section into its processes, following
// options.py _processes_from_section: keys read once for the section, then a
// loop over process_num (numprocs_start .. numprocs_start+numprocs-1) reading
// the per-process keys with process_num, numprocs and the program's ENV_X.
import { parseDuration, parseExitCode, parseSignal, parseUmask } from "../../cli/values.ts";
import { findUser } from "../../child/accounts.ts";
import { mergeEnvironments, parseEnvironment } from "./environment.ts";
import { expandPercent } from "./expand.ts";
import { readProcessExtensions, readSectionExtensions } from "./extensions.ts";
import { EVENTLISTENER_KEYS, EXTENSION_KEYS, PROGRAM_KEYS, rejectUnknownKeys } from "./keys.ts";
import { readChannel } from "./logfiles.ts";
import { parseAutorestart, parseBoolean, parseInteger, parseName } from "./py-values.ts";
import { SectionReader, type LoadContext } from "./section-reader.ts";
import { splitCommand } from "./shlex.ts";
import type { IniSection } from "../ini.ts";
import type { Environment } from "./environment.ts";
import type { ProcessSpec } from "./types.ts";
import { processEnvVars, processVars, sectionVars } from "./vars.ts";

function parseExitCodeList(value: string, option: string): number[] {
  return value === "" ? [] : value.split(",").map((v) => parseExitCode(v, option));
}

/** x of `[program:x]`, checked like supervisor's process_or_group_name. */
export function programNameOf(r: SectionReader): string {
  return r.at(null, () => parseName(r.section.name.slice(r.section.name.indexOf(":") + 1), `[${r.section.name}] name`));
}

export function readProcesses(
  ctx: LoadContext,
  section: IniSection,
  group: string,
  kind: "program" | "eventlistener",
  globalEnv: Environment,
): ProcessSpec[] {
  const r = new SectionReader(ctx, section);
  rejectUnknownKeys(r, kind === "program" ? [...PROGRAM_KEYS, ...EXTENSION_KEYS] : EVENTLISTENER_KEYS);
  const program = programNameOf(r);
  const sv = sectionVars(ctx, program, group);
  const bool = (key: string, fallback: string) => r.parse(key, sv, fallback, parseBoolean);
  const int = (key: string, fallback: string, min?: number) => r.parse(key, sv, fallback, (v, o) => parseInteger(v, o, min));
  const stopAsGroup = bool("stopasgroup", "false");
  const policy = {
    priority: int("priority", "999"),
    autostart: bool("autostart", "true"),
    autorestart: r.parse("autorestart", sv, "unexpected", parseAutorestart),
    startSecsMs: r.parse("startsecs", sv, "1", parseDuration),
    startRetries: int("startretries", "3", -1),
    stopSignal: r.parse("stopsignal", sv, "TERM", parseSignal),
    stopWaitMs: r.parse("stopwaitsecs", sv, "10", parseDuration),
    stopAsGroup,
    killAsGroup: bool("killasgroup", String(stopAsGroup)),
    exitCodes: r.parse("exitcodes", sv, "0", parseExitCodeList),
    redirectStderr: bool("redirect_stderr", "false"),
  };
  const numprocs = int("numprocs", "1", 0);
  const numprocsStart = int("numprocs_start", "0", 0);
  const environmentRaw = r.raw("environment") ?? "";
  const serverurl = r.get("serverurl", sv);
  const user = r.parseOptional("user", sv, (v, o) => findUser(ctx.accounts, v, o));
  const umask = r.parseOptional("umask", sv, parseUmask);
  const processName = r.raw("process_name") ?? "%(program_name)s";
  r.at("process_name", () => parseName(processName, r.option("process_name")));
  if (numprocs > 1 && !processName.includes("%(process_num)")) {
    throw r.error(r.has("process_name") ? "process_name" : "numprocs", `[${section.name}] numprocs=${numprocs} needs %(process_num) in process_name (now '${processName}') so each process gets its own name`);
  }
  if (policy.stopAsGroup && !policy.killAsGroup) {
    throw r.error("killasgroup", `[${section.name}] stopasgroup=true needs killasgroup=true (supervisord refuses killasgroup=false with it)`);
  }
  if (kind === "eventlistener" && policy.redirectStderr) {
    throw r.error("redirect_stderr", `[${section.name}] redirect_stderr=true would mix stderr into the event listener protocol on stdout`);
  }
  const ext = readSectionExtensions(r, sv, policy.startRetries);

  const specs: ProcessSpec[] = [];
  for (let n = numprocsStart; n < numprocsStart + numprocs; n++) {
    const ev = processEnvVars(sv, n, numprocs);
    const programEnv = r.at("environment", () => parseEnvironment(expandPercent(environmentRaw, ev, r.option("environment")), r.option("environment")));
    const pv = processVars(ev, programEnv);
    const perProcess = readProcessExtensions(r, pv);
    const command = r.get("command", pv);
    if (command === undefined) throw r.error(null, `[${section.name}] has no command`);
    const argv = r.at("command", () => splitCommand(command, r.option("command")));
    if (argv.length === 0) throw r.error("command", `${r.option("command")}: empty command`);
    const name = r.at("process_name", () => parseName(expandPercent(processName, pv, r.option("process_name")), r.option("process_name")));
    specs.push({
      kind,
      name,
      group,
      namespec: group === name ? name : `${group}:${name}`,
      program,
      processNum: n,
      command,
      argv,
      ...policy,
      backoff: ext.backoff,
      user,
      directory: r.get("directory", pv) ?? null,
      umask,
      serverUrl: serverurl === undefined || serverurl.trim().toUpperCase() === "AUTO" ? null : serverurl,
      environment: mergeEnvironments(globalEnv, perProcess.environmentFile?.vars ?? {}, programEnv),
      stdout: readChannel(r, "stdout", sv, pv, policy.redirectStderr),
      stderr: readChannel(r, "stderr", sv, pv, policy.redirectStderr),
      dependsOn: ext.dependsOn,
      essential: ext.essential,
      environmentFile: perProcess.environmentFile?.path ?? null,
      healthcheck: perProcess.healthcheck,
      listen: perProcess.listen,
      ready: perProcess.ready,
      source: { file: section.file, line: section.line },
    });
  }
  // supervisor sorts a section's processes by priority, then name.
  return specs.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
