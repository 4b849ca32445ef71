// supervisorctl's onecmd for one command line: the action is the first word,
// its arguments the rest (split on blanks, as supervisorctl joins and
// re-splits argv). A 401 is "Server requires authentication"; any other
// failure an action did not handle is one `error: ...` line and status 1.
import type { Controller } from "./controller.ts";
import { LSB } from "./exit-status.ts";
import { add, avail, remove, reread, update } from "./actions/config.ts";
import { clear, maintail, tail } from "./actions/logs.ts";
import { restart, signal, start, stop } from "./actions/process.ts";
import { help, reload, shutdown, version } from "./actions/server.ts";
import { pid, status } from "./actions/status.ts";
import { ConnectError, ProtocolError, RemoteFault } from "./transport.ts";

type Action = (ctl: Controller, args: string[]) => Promise<void>;

export const ACTIONS: Record<string, Action> = {
  add, avail, clear, help, maintail, pid, reload, remove, reread, restart, shutdown, signal, start, status, stop, tail, update, version,
};

function describe(e: unknown): string {
  if (e instanceof RemoteFault || e instanceof ConnectError) return e.message;
  if (e instanceof ProtocolError) return `<ProtocolError: ${e.message}>`;
  return e instanceof Error ? e.message : String(e);
}

/** Runs one command; the status is left in ctl.exitstatus. */
export async function runAction(ctl: Controller, words: readonly string[]): Promise<void> {
  const [name, ...args] = words.join(" ").split(/\s+/).filter(Boolean);
  if (name === undefined) return;
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!action) {
    ctl.output(`*** Unknown syntax: ${words.join(" ")}`);
    ctl.exitstatus = LSB.GENERIC;
    return;
  }
  try {
    await action(ctl, args);
  } catch (e) {
    if (e instanceof ProtocolError && e.status === 401) ctl.output("Server requires authentication");
    else ctl.output(`error: ${describe(e)}`);
    ctl.exitstatus = LSB.GENERIC;
  }
}
