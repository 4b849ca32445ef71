// Which %(name)s each key may use. supervisor builds a different mapping for
// each kind of section and for keys read before or inside the numprocs loop;
// these builders reproduce those mappings (options.py read_config,
// process_groups_from_parser, _processes_from_section).
import type { ExpansionVars } from "./expand.ts";
import type { Environment } from "./environment.ts";
import type { LoadContext } from "./section-reader.ts";

/** ENV_X for every variable of `env`. */
export function envVarsOf(env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars.set(`ENV_${k}`, v);
  return vars;
}

function build(ctx: LoadContext, named: Record<string, string | number>): ExpansionVars {
  const vars = new Map<string, string | number>(ctx.envVars);
  for (const [k, v] of Object.entries(named)) vars.set(k, v);
  return vars;
}

/** [supervisord] keys, [group:x], pool keys of [eventlistener:x], [unix_http_server] file. */
export function hereVars(ctx: LoadContext): ExpansionVars {
  return build(ctx, { here: ctx.here });
}

/** [include] files and the second expansion of [supervisord] environment. */
export function hostVars(ctx: LoadContext): ExpansionVars {
  return build(ctx, { here: ctx.here, host_node_name: ctx.hostname });
}

/** Other server keys (port, chmod, username, ...) and rpcinterface factories: ENV_X only. */
export function envOnlyVars(ctx: LoadContext): ExpansionVars {
  return build(ctx, {});
}

/** Keys of a program section read once for all its processes (priority, autostart, ...). */
export function sectionVars(ctx: LoadContext, programName: string, groupName: string): ExpansionVars {
  return build(ctx, { here: ctx.here, program_name: programName, host_node_name: ctx.hostname, group_name: groupName });
}

/** The program's `environment` of one process: adds process_num and numprocs. */
export function processEnvVars(section: ExpansionVars, processNum: number, numprocs: number): Map<string, string | number> {
  return new Map<string, string | number>(section).set("process_num", processNum).set("numprocs", numprocs);
}

/** Keys read per process (command, directory, logfiles, process_name): also the program's own ENV_X. */
export function processVars(envVars: ExpansionVars, programEnv: Environment): ExpansionVars {
  const vars = new Map<string, string | number>(envVars);
  for (const [k, v] of Object.entries(programEnv)) vars.set(`ENV_${k}`, v);
  return vars;
}
