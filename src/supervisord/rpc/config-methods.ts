// Rereading the config and acting on it: reloadConfig answers
// [[added, changed, removed]] against the active groups (supervisorctl's
// reread prints it, update then stops, removes and adds groups), and
// getAllConfigInfo describes every configured process (supervisorctl avail).
import { ConfigError, UsageError } from "../../errors.ts";
import type { GroupSpec, ProcessSpec } from "../config.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { XmlRpcStruct } from "../xmlrpc.ts";
import { str, type RpcMethod } from "./method.ts";

function logfileWord(c: ProcessSpec["stdout"], path: string | null): string {
  return c.logfile.kind === "none" ? "none" : (path ?? "auto");
}

/** One row of getAllConfigInfo, key for key as supervisord fills it ('none' and 'auto' for unset values). */
function configInfo(g: GroupSpec, p: ProcessSpec, inuse: boolean, logs: { stdout: string | null; stderr: string | null }): XmlRpcStruct {
  return {
    autostart: p.autostart,
    directory: p.directory ?? "none",
    uid: p.user ? p.user.uid : "none",
    command: p.command,
    exitcodes: [...p.exitCodes],
    group: g.name,
    group_prio: g.priority,
    inuse,
    killasgroup: p.killAsGroup,
    name: p.name,
    process_prio: p.priority,
    redirect_stderr: p.redirectStderr,
    startretries: p.startRetries,
    startsecs: Math.trunc(p.startSecsMs / 1000),
    stdout_capture_maxbytes: p.stdout.captureMaxBytes,
    stdout_events_enabled: p.stdout.eventsEnabled,
    stdout_logfile: logfileWord(p.stdout, logs.stdout),
    stdout_logfile_backups: p.stdout.backups,
    stdout_logfile_maxbytes: p.stdout.maxBytes,
    stdout_syslog: p.stdout.syslog,
    stopsignal: p.stopSignal,
    stopwaitsecs: Math.trunc(p.stopWaitMs / 1000),
    stderr_capture_maxbytes: p.stderr.captureMaxBytes,
    stderr_events_enabled: p.stderr.eventsEnabled,
    stderr_logfile: logfileWord(p.stderr, logs.stderr),
    stderr_logfile_backups: p.stderr.backups,
    stderr_logfile_maxbytes: p.stderr.maxBytes,
    stderr_syslog: p.stderr.syslog,
    serverurl: p.serverUrl ?? "none",
  };
}

export const CONFIG_METHODS: readonly RpcMethod[] = [
  {
    name: "supervisor.reloadConfig",
    params: [],
    returns: "array",
    help: "Reload the configuration.\n\n@return array result [[added, changed, removed]]",
    call: async (ctx) => {
      try {
        const d = await ctx.backend.reloadConfig();
        return [[[...d.added], [...d.changed], [...d.removed]]];
      } catch (e) {
        if (e instanceof ConfigError || e instanceof UsageError) throw new RpcFault(Faults.CANT_REREAD, e.message);
        throw e;
      }
    },
  },
  {
    name: "supervisor.addProcessGroup",
    params: [str("name")],
    returns: "boolean",
    help: "Update the config for a running process from config file.\n\n@param string name name of process group to add\n@return boolean result true if successful",
    call: async (ctx, [name]) => {
      if (!ctx.backend.configuredGroups().some((g) => g.name === name)) throw new RpcFault(Faults.BAD_NAME, name as string);
      if (ctx.backend.groups().some((g) => g.name === name)) throw new RpcFault(Faults.ALREADY_ADDED, name as string);
      await ctx.backend.addProcessGroup(name as string);
      return true;
    },
  },
  {
    name: "supervisor.removeProcessGroup",
    params: [str("name")],
    returns: "boolean",
    help: "Remove a stopped process from the active configuration.\n\n@param string name name of process group to remove\n@return boolean result Indicates whether the removal was successful",
    call: async (ctx, [name]) => {
      if (!ctx.backend.groups().some((g) => g.name === name)) throw new RpcFault(Faults.BAD_NAME, name as string);
      if (!(await ctx.backend.removeProcessGroup(name as string))) throw new RpcFault(Faults.STILL_RUNNING, name as string);
      return true;
    },
  },
  {
    name: "supervisor.getAllConfigInfo",
    params: [],
    returns: "array",
    help: "Get info about all available process configurations. Each struct represents a single process (i.e. groups get flattened).\n\n@return array result An array of process config info structs",
    call: (ctx) => {
      const active = new Map(ctx.backend.groups().map((g) => [g.name, g]));
      const rows = ctx.backend.configuredGroups().flatMap((g) =>
        g.processes.map((p) => {
          const live = active.get(g.name)?.processes.find((s) => s.name === p.name);
          return configInfo(g, p, active.has(g.name), { stdout: live?.stdoutLogfile ?? null, stderr: live?.stderrLogfile ?? null });
        }),
      );
      return rows.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : (a.name as string) > (b.name as string) ? 1 : 0));
    },
  },
];
