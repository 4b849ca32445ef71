// What the status page's buttons do, with the rules supervisord's methods
// keep: start refuses a process in a running state, stop one that is not,
// restart stops (waiting for a stopped state) then starts, clear removes the
// process's logs. Answers are one line for the page to show.
import { ExecError } from "../../errors.ts";
import { RUNNING_STATES, STOPPED_STATES, type ProcessRef, type ProcessStatus, type SupervisorBackend } from "../backend.ts";
import { makeNamespec, splitNamespec } from "../namespec.ts";

export type PageAction = "start" | "stop" | "restart" | "clear";
export const PAGE_ACTIONS: readonly PageAction[] = ["start", "stop", "restart", "clear"];

export interface ActionResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Longest a restart waits for the stop (the engine itself escalates to SIGKILL after stopwaitsecs). */
const STOP_WAIT_MS = 120_000;

function waitForStopped(backend: SupervisorBackend, ref: ProcessRef): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      unwatch();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), STOP_WAIT_MS);
    const unwatch = backend.watchProcesses((s) => s.group === ref.group && s.name === ref.name && STOPPED_STATES.has(s.state) && done(true));
    const now = backend.getProcess(ref);
    if (!now || STOPPED_STATES.has(now.state)) done(true);
  });
}

async function start(backend: SupervisorBackend, p: ProcessStatus, spec: string): Promise<ActionResult> {
  if (RUNNING_STATES.has(p.state)) return { ok: false, message: `${spec}: already started` };
  try {
    await backend.startProcess(p);
  } catch (e) {
    const why = e instanceof ExecError ? (e.status === 127 ? "no such file" : "file is not executable") : e instanceof Error ? e.message : String(e);
    return { ok: false, message: `${spec}: ERROR (${why})` };
  }
  return { ok: true, message: `${spec}: started` };
}

async function stop(backend: SupervisorBackend, p: ProcessStatus, spec: string): Promise<ActionResult> {
  if (!RUNNING_STATES.has(p.state)) return { ok: false, message: `${spec}: not running` };
  await backend.stopProcess(p);
  return { ok: true, message: `${spec}: stopped` };
}

export async function performAction(backend: SupervisorBackend, action: string, namespec: string): Promise<ActionResult> {
  if (!(PAGE_ACTIONS as readonly string[]).includes(action)) return { ok: false, message: `unknown action '${action}' (expected ${PAGE_ACTIONS.join(", ")})` };
  if (backend.getState() !== "RUNNING") return { ok: false, message: `the server is ${backend.getState()}: no actions now` };
  const [group, name] = splitNamespec(namespec);
  const p = name === null ? undefined : backend.getProcess({ group, name });
  if (!p) return { ok: false, message: `${namespec}: no such process` };
  const spec = makeNamespec(p.group, p.name);
  try {
    switch (action as PageAction) {
      case "start":
        return await start(backend, p, spec);
      case "stop":
        return await stop(backend, p, spec);
      case "restart": {
        if (RUNNING_STATES.has(p.state)) {
          await backend.stopProcess(p);
          if (!(await waitForStopped(backend, p))) return { ok: false, message: `${spec}: did not stop` };
        }
        const r = await start(backend, backend.getProcess(p) ?? p, spec);
        return r.ok ? { ok: true, message: `${spec}: restarted` } : r;
      }
      case "clear":
        await backend.clearProcessLogs(p);
        return { ok: true, message: `${spec}: cleared` };
    }
  } catch (e) {
    return { ok: false, message: `${spec}: ERROR (${e instanceof Error ? e.message : String(e)})` };
  }
}
