// status and pid, as supervisorctl's do_status and do_pid. status exits 3
// when any listed process is in a stopped state and 4 for an unknown name or
// an unreachable server (LSB status codes); pid exits 7 for a process with
// no pid and 1 for an unknown name.
import { PROCESS_STATE_CODES, STOPPED_STATES, type ProcessInfo } from "../../supervisord/backend.ts";
import { Faults } from "../../supervisord/faults.ts";
import { splitNamespec } from "../../supervisord/namespec.ts";
import type { Controller } from "../controller.ts";
import { LSB, LSB_STATUS } from "../exit-status.ts";
import { formatStatusLines } from "../tables.ts";
import { RemoteFault } from "../transport.ts";

// supervisorctl tests the numeric state against states.STOPPED_STATES.
const STOPPED_CODES: ReadonlySet<number> = new Set([...STOPPED_STATES].map((s) => PROCESS_STATE_CODES[s]));

export async function status(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) {
    ctl.exitstatus = LSB_STATUS.UNKNOWN;
    return;
  }
  const all = await ctl.supervisor<ProcessInfo[]>("getAllProcessInfo");
  let matching: ProcessInfo[] = all;
  if (names.length > 0 && !names.includes("all")) {
    matching = [];
    for (const spec of names) {
      const [group, name] = splitNamespec(spec);
      const found = all.filter((info) => info.group === group && (name === null || info.name === name));
      matching.push(...found);
      if (found.length === 0) {
        ctl.output(name === null ? `${group}: ERROR (no such group)` : `${spec}: ERROR (no such process)`);
        ctl.exitstatus = LSB_STATUS.UNKNOWN;
      }
    }
  }
  for (const line of formatStatusLines(matching)) ctl.output(line);
  if (matching.some((info) => STOPPED_CODES.has(info.state))) {
    ctl.exitstatus = LSB_STATUS.NOT_RUNNING;
  }
}

export async function pid(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (names.length === 0) {
    ctl.output(String(await ctl.supervisor("getPID")));
    return;
  }
  if (names.includes("all")) {
    for (const info of await ctl.supervisor<ProcessInfo[]>("getAllProcessInfo")) ctl.output(String(info.pid));
    return;
  }
  for (const name of names) {
    let info: ProcessInfo;
    try {
      info = await ctl.supervisor<ProcessInfo>("getProcessInfo", name);
    } catch (e) {
      ctl.exitstatus = LSB.GENERIC;
      if (e instanceof RemoteFault && e.faultCode === Faults.BAD_NAME) {
        ctl.output(`No such process ${name}`);
        continue;
      }
      throw e;
    }
    ctl.output(String(info.pid));
    if (info.pid === 0) ctl.exitstatus = LSB.NOT_RUNNING;
  }
}
