// reread, update, avail, add and remove, as supervisorctl's do_reread,
// do_update, do_avail, do_add and do_remove. None of them makes the getVersion
// probe first, so an unreachable server is a generic error (status 1).
import { Faults } from "../../supervisord/faults.ts";
import type { Controller } from "../controller.ts";
import { LSB } from "../exit-status.ts";
import { formatChanges, formatConfigInfo, type ConfigInfoRow } from "../tables.ts";
import { RemoteFault } from "../transport.ts";
import type { ProcessResult } from "../results.ts";

type Changes = [[string[], string[], string[]]];

function noArguments(ctl: Controller, action: string, args: string[]): boolean {
  if (args.length === 0) return false;
  ctl.output(`Error: ${action} accepts no arguments`);
  ctl.exitstatus = LSB.GENERIC;
  ctl.help(action);
  return true;
}

function isFault(e: unknown, code: number): e is RemoteFault {
  return e instanceof RemoteFault && e.faultCode === code;
}

export async function avail(ctl: Controller, args: string[]): Promise<void> {
  if (noArguments(ctl, "avail", args)) return;
  let rows: ConfigInfoRow[];
  try {
    rows = await ctl.supervisor<ConfigInfoRow[]>("getAllConfigInfo");
  } catch (e) {
    ctl.exitstatus = LSB.GENERIC;
    if (!isFault(e, Faults.SHUTDOWN_STATE)) throw e;
    return ctl.output("ERROR: supervisor shutting down");
  }
  for (const row of rows) ctl.output(formatConfigInfo(row));
}

export async function reread(ctl: Controller, args: string[]): Promise<void> {
  if (noArguments(ctl, "reread", args)) return;
  let result: Changes;
  try {
    result = await ctl.supervisor<Changes>("reloadConfig");
  } catch (e) {
    ctl.exitstatus = LSB.GENERIC;
    if (isFault(e, Faults.SHUTDOWN_STATE)) return ctl.output("ERROR: supervisor shutting down");
    if (isFault(e, Faults.CANT_REREAD)) return ctl.output(`ERROR: ${e.faultString}`);
    throw e;
  }
  for (const line of formatChanges(...result[0])) ctl.output(line);
}

export async function add(ctl: Controller, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await ctl.supervisor("addProcessGroup", name);
    } catch (e) {
      if (isFault(e, Faults.SHUTDOWN_STATE)) {
        ctl.output("ERROR: shutting down");
        ctl.exitstatus = LSB.GENERIC;
      } else if (isFault(e, Faults.ALREADY_ADDED)) ctl.output("ERROR: process group already active");
      else if (isFault(e, Faults.BAD_NAME)) {
        ctl.output(`ERROR: no such process/group: ${name}`);
        ctl.exitstatus = LSB.GENERIC;
      } else {
        ctl.exitstatus = LSB.GENERIC;
        throw e;
      }
      continue;
    }
    ctl.output(`${name}: added process group`);
  }
}

export async function remove(ctl: Controller, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await ctl.supervisor("removeProcessGroup", name);
    } catch (e) {
      ctl.exitstatus = LSB.GENERIC;
      if (isFault(e, Faults.STILL_RUNNING)) ctl.output(`ERROR: process/group still running: ${name}`);
      else if (isFault(e, Faults.BAD_NAME)) ctl.output(`ERROR: no such process/group: ${name}`);
      else throw e;
      continue;
    }
    ctl.output(`${name}: removed process group`);
  }
}

export async function update(ctl: Controller, args: string[]): Promise<void> {
  const log = (name: string, message: string) => ctl.output(`${name}: ${message}`);
  let result: Changes;
  try {
    result = await ctl.supervisor<Changes>("reloadConfig");
  } catch (e) {
    ctl.exitstatus = LSB.GENERIC;
    if (isFault(e, Faults.SHUTDOWN_STATE)) return ctl.output("ERROR: already shutting down");
    throw e;
  }
  const [added, changed, removed] = result[0];
  // `all` means the same as no names. Python iterates a set here; names are
  // checked in the order given (for one name, the same output).
  let wanted = new Set(args);
  if (wanted.has("all")) wanted = new Set();
  if (wanted.size > 0) {
    const groups = new Set((await ctl.supervisor<{ group: string }[]>("getAllProcessInfo")).map((i) => i.group));
    for (const g of added) groups.add(g);
    for (const g of wanted) {
      if (groups.has(g)) continue;
      ctl.output(`ERROR: no such group: ${g}`);
      ctl.exitstatus = LSB.GENERIC;
    }
  }
  const chosen = (g: string) => wanted.size === 0 || wanted.has(g);
  for (const g of removed.filter(chosen)) {
    const results = await ctl.supervisor<ProcessResult[]>("stopProcessGroup", g);
    log(g, "stopped");
    if (results.some((r) => r.status === Faults.FAILED)) {
      ctl.output(`${g}: has problems; not removing`);
      ctl.exitstatus = LSB.GENERIC;
      continue;
    }
    await ctl.supervisor("removeProcessGroup", g);
    log(g, "removed process group");
  }
  for (const g of changed.filter(chosen)) {
    await ctl.supervisor("stopProcessGroup", g);
    log(g, "stopped");
    await ctl.supervisor("removeProcessGroup", g);
    await ctl.supervisor("addProcessGroup", g);
    log(g, "updated process group");
  }
  for (const g of added.filter(chosen)) {
    await ctl.supervisor("addProcessGroup", g);
    log(g, "added process group");
  }
}
