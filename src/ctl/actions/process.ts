// start, stop, restart and signal, as supervisorctl's do_start/do_stop/
// do_restart/do_signal: `all`, `group:` / `group:*`, or single names; a
// single name's fault is printed as a result line of its own.
import { Faults } from "../../supervisord/faults.ts";
import { makeNamespec, splitNamespec } from "../../supervisord/namespec.ts";
import type { Controller } from "../controller.ts";
import { LSB, statusForFault } from "../exit-status.ts";
import { formatSignalResult, formatStartResult, formatStopResult, type ProcessResult } from "../results.ts";
import { RemoteFault } from "../transport.ts";

function report(ctl: Controller, results: readonly ProcessResult[], format: (r: ProcessResult) => string, ignored?: number): void {
  for (const r of results) {
    ctl.output(format(r));
    ctl.exitstatus = statusForFault(ctl.exitstatus, r.status, ignored);
  }
}

function faultResult(e: RemoteFault, group: string, name: string | null): ProcessResult {
  return { status: e.faultCode, name: name ?? "", group, description: e.faultString };
}

interface Kind {
  readonly all: string;
  readonly group: string;
  readonly one: string;
  readonly done: string;
  readonly format: (r: ProcessResult) => string;
  readonly ignored?: number;
  /** Exit status for `no such group`. */
  readonly badGroup: number;
}

const START: Kind = { all: "startAllProcesses", group: "startProcessGroup", one: "startProcess", done: "started", format: formatStartResult, ignored: Faults.ALREADY_STARTED, badGroup: LSB.INVALID_ARGS };
const STOP: Kind = { all: "stopAllProcesses", group: "stopProcessGroup", one: "stopProcess", done: "stopped", format: formatStopResult, ignored: Faults.NOT_RUNNING, badGroup: LSB.GENERIC };

async function each(ctl: Controller, names: readonly string[], kind: Kind, extra: string[] = []): Promise<void> {
  if (names.includes("all")) {
    report(ctl, await ctl.supervisor<ProcessResult[]>(kind.all, ...extra), kind.format, kind.ignored);
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    if (name === null) {
      try {
        // signalProcessGroup takes (group, signal); the others (group).
        report(ctl, await ctl.supervisor<ProcessResult[]>(kind.group, group, ...extra), kind.format, kind.ignored);
      } catch (e) {
        if (!(e instanceof RemoteFault && e.faultCode === Faults.BAD_NAME)) {
          ctl.exitstatus = LSB.GENERIC;
          throw e;
        }
        ctl.output(`${group}: ERROR (no such group)`);
        ctl.exitstatus = kind.badGroup;
      }
      continue;
    }
    try {
      await ctl.supervisor(kind.one, spec, ...extra);
    } catch (e) {
      if (!(e instanceof RemoteFault)) throw e;
      const r = faultResult(e, group, name);
      ctl.output(kind.format(r));
      ctl.exitstatus = statusForFault(ctl.exitstatus, r.status, kind.ignored);
      continue;
    }
    ctl.output(`${makeNamespec(group, name)}: ${kind.done}`);
  }
}

export async function start(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (names.length === 0) {
    ctl.output("Error: start requires a process name");
    ctl.exitstatus = LSB.INVALID_ARGS;
    return ctl.help("start");
  }
  await each(ctl, names, START);
}

export async function stop(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (names.length === 0) {
    ctl.output("Error: stop requires a process name");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("stop");
  }
  await each(ctl, names, STOP);
}

export async function restart(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (names.length === 0) {
    ctl.output("Error: restart requires a process name");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("restart");
  }
  await stop(ctl, names);
  await start(ctl, names);
}

export async function signal(ctl: Controller, args: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (args.length < 2) {
    ctl.output("Error: signal requires a signal name and a process name");
    ctl.help("signal");
    ctl.exitstatus = LSB.GENERIC;
    return;
  }
  const [sig, ...names] = args as [string, ...string[]];
  const kind: Kind = { all: "signalAllProcesses", group: "signalProcessGroup", one: "signalProcess", done: "signalled", format: (r) => formatSignalResult(r), badGroup: LSB.GENERIC };
  await each(ctl, names, kind, [sig]);
}
