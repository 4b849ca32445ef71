// shutdown, reload, version and help, as supervisorctl's do_shutdown,
// do_reload, do_version and do_help, plus monitor's `reload NAME...`: a
// zero-downtime reload of one program through monitor.reloadProcess(NAME),
// which `monitor serve` answers once the new child is ready and the old one
// stopped. A server without that method (supervisord itself) answers
// UNKNOWN_METHOD, and the line says so.
import { Faults } from "../../supervisord/faults.ts";
import type { Controller } from "../controller.ts";
import { LSB } from "../exit-status.ts";
import { HELP } from "../help.ts";
import { ConnectError, RemoteFault } from "../transport.ts";

/** monitor's own XML-RPC namespace; supervisord has no `monitor.` methods. */
export const RELOAD_PROCESS_METHOD = "monitor.reloadProcess";

export async function shutdown(ctl: Controller, args: string[]): Promise<void> {
  if (args.length > 0) {
    ctl.output("Error: shutdown accepts no arguments");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("shutdown");
  }
  try {
    await ctl.supervisor("shutdown");
  } catch (e) {
    if (e instanceof RemoteFault && e.faultCode === Faults.SHUTDOWN_STATE) return ctl.output("ERROR: already shutting down");
    ctl.exitstatus = LSB.GENERIC;
    if (e instanceof ConnectError && e.code === "ECONNREFUSED") return ctl.output(`ERROR: ${ctl.endpoint.url} refused connection (already shut down?)`);
    if (e instanceof ConnectError && e.code === "ENOENT") return ctl.output(`ERROR: ${ctl.endpoint.url} no such file (already shut down?)`);
    throw e;
  }
  ctl.output("Shut down");
}

/** `FAILED: web: the new child ...` -> `the new child ...` (the line already names the process). */
function readableFault(faultString: string, name: string): string {
  return faultString.replace(/^[A-Z_]+: /, "").replace(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `), "");
}

async function reloadProcesses(ctl: Controller, names: string[]): Promise<void> {
  if (!(await ctl.upcheck())) return;
  for (const name of names) {
    try {
      await ctl.call(RELOAD_PROCESS_METHOD, name);
    } catch (e) {
      if (!(e instanceof RemoteFault)) throw e;
      const why =
        e.faultCode === Faults.UNKNOWN_METHOD
          ? `server has no ${RELOAD_PROCESS_METHOD}: zero-downtime reload needs monitor serve`
          : e.faultCode === Faults.BAD_NAME
            ? "no such process"
            : e.faultCode === Faults.NOT_RUNNING
              ? "not running"
              : readableFault(e.faultString, name);
      ctl.output(`${name}: ERROR (${why})`);
      ctl.exitstatus = e.faultCode === Faults.NOT_RUNNING ? LSB.NOT_RUNNING : LSB.GENERIC;
      continue;
    }
    ctl.output(`${name}: reloaded`);
  }
}

export async function reload(ctl: Controller, args: string[]): Promise<void> {
  if (args.length > 0) return reloadProcesses(ctl, args);
  try {
    await ctl.supervisor("restart");
  } catch (e) {
    ctl.exitstatus = LSB.GENERIC;
    if (e instanceof RemoteFault && e.faultCode === Faults.SHUTDOWN_STATE) return ctl.output("ERROR: already shutting down");
    throw e;
  }
  ctl.output("Restarted supervisord");
}

export async function version(ctl: Controller, args: string[]): Promise<void> {
  if (args.length > 0) {
    ctl.output("Error: version accepts no arguments");
    ctl.exitstatus = LSB.GENERIC;
    return ctl.help("version");
  }
  if (!(await ctl.upcheck())) return;
  ctl.output(String(await ctl.supervisor("getSupervisorVersion")));
}

export async function help(ctl: Controller, args: string[]): Promise<void> {
  const topic = args.join(" ").trim();
  if (!topic) {
    ctl.output("");
    ctl.output("default commands (type help <topic>):");
    ctl.output("=====================================");
    ctl.output(Object.keys(HELP).sort().join("  "));
    ctl.output("");
    return;
  }
  if (HELP[topic] === undefined) return ctl.output(`*** No help on ${topic}`);
  ctl.help(topic);
}
