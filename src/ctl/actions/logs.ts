// tail, maintail and clear, as supervisorctl's do_tail/do_maintail/do_clear.
// `tail [-f|-N] NAME [stdout|stderr]` reads the last 1600 bytes (or N) with
// readProcessStdoutLog(NAME, -N, 0); `-f` follows /logtail/NAME/CHANNEL.
import { Faults } from "../../supervisord/faults.ts";
import { makeNamespec, splitNamespec } from "../../supervisord/namespec.ts";
import type { Controller } from "../controller.ts";
import { LSB, statusForFault } from "../exit-status.ts";
import { follow } from "../follow.ts";
import { formatClearResult, type ProcessResult } from "../results.ts";
import { RemoteFault } from "../transport.ts";

const DEFAULT_BYTES = 1600;

/** Python int() on the text after `-`: digits with an optional sign and surrounding blanks. */
function pyInt(text: string): number | null {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text.trim()) : null;
}

function readFault(ctl: Controller, who: string, e: unknown, allowBadName: boolean): void {
  ctl.exitstatus = LSB.GENERIC;
  if (e instanceof RemoteFault && e.faultCode === Faults.NO_FILE) return ctl.output(`${who}: ERROR (no log file)`);
  if (e instanceof RemoteFault && e.faultCode === Faults.FAILED) return ctl.output(`${who}: ERROR (unknown error reading log)`);
  if (allowBadName && e instanceof RemoteFault && e.faultCode === Faults.BAD_NAME) return ctl.output(`${who}: ERROR (no such process name)`);
  throw e;
}

export async function tail(ctl: Controller, words: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const args = [...words];
  if (args.length < 1 || args.length > 3) {
    ctl.output(args.length < 1 ? "Error: too few arguments" : "Error: too many arguments");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("tail");
  }
  const modifier = args[0]!.startsWith("-") ? args.shift()! : null;
  let name: string;
  let channel = "stdout";
  if (args.length === 1) name = args[0]!;
  else if (args.length > 0) {
    name = args[0]!;
    channel = args[args.length - 1]!.toLowerCase();
    if (channel !== "stdout" && channel !== "stderr") {
      ctl.output(`Error: bad channel '${channel}'`);
      ctl.exitstatus = LSB.GENERIC;
      return;
    }
  } else {
    ctl.output("Error: tail requires process name");
    ctl.exitstatus = LSB.GENERIC;
    return;
  }
  let bytes: number | null = DEFAULT_BYTES;
  if (modifier !== null) {
    const what = modifier.slice(1);
    bytes = what === "f" ? null : pyInt(what);
    if (what !== "f" && bytes === null) {
      ctl.output(`Error: bad argument ${modifier}`);
      ctl.exitstatus = LSB.GENERIC;
      return;
    }
  }
  if (bytes === null) return follow(ctl, `/logtail/${name}/${channel}`);
  try {
    const method = channel === "stdout" ? "readProcessStdoutLog" : "readProcessStderrLog";
    ctl.output(await ctl.supervisor<string>(method, name, -bytes, 0));
  } catch (e) {
    readFault(ctl, name, e, true);
  }
}

export async function maintail(ctl: Controller, args: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (args.length > 1) {
    ctl.output("Error: too many arguments");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("maintail");
  }
  let bytes = DEFAULT_BYTES;
  if (args.length === 1) {
    const arg = args[0]!;
    const n = arg.startsWith("-") ? pyInt(arg.slice(1)) : null;
    if (arg === "-f") return follow(ctl, "/mainlogtail");
    if (n === null) {
      ctl.output(`Error: bad argument ${arg}`);
      ctl.exitstatus = LSB.GENERIC;
      return;
    }
    bytes = n;
  }
  try {
    ctl.output(await ctl.supervisor<string>("readLog", -bytes, 0));
  } catch (e) {
    readFault(ctl, "supervisord", e, false);
  }
}

export async function clear(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (names.length === 0) {
    ctl.output("Error: clear requires a process name");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("clear");
  }
  if (names.includes("all")) {
    for (const r of await ctl.supervisor<ProcessResult[]>("clearAllProcessLogs")) {
      ctl.output(formatClearResult(r));
      ctl.exitstatus = statusForFault(ctl.exitstatus, r.status);
    }
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    try {
      await ctl.supervisor("clearProcessLogs", spec);
    } catch (e) {
      if (!(e instanceof RemoteFault)) throw e;
      // `group:` reaches clearProcessLogs as one name; Python formats its missing process as None.
      const r = { status: e.faultCode, name: name ?? "None", group, description: e.faultString };
      ctl.output(formatClearResult(r));
      ctl.exitstatus = statusForFault(ctl.exitstatus, r.status);
      continue;
    }
    ctl.output(`${makeNamespec(group, name ?? "None")}: cleared`);
  }
}
