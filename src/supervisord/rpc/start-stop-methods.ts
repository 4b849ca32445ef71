// supervisor.startProcess / stopProcess and their *Group and *All forms,
// with supervisord's checks and faults: ALREADY_STARTED, NOT_RUNNING, NO_FILE
// and NOT_EXECUTABLE (the command, checked before spawning), SPAWN_ERROR
// (spawnerr set), ABNORMAL_TERMINATION (left STARTING without reaching
// RUNNING). With wait=true (supervisorctl's way) a start answers once RUNNING
// and a stop once in a stopped state.
import { RUNNING_STATES, STOPPED_STATES, type ProcessStatus } from "../backend.ts";
import { ExecError } from "../../errors.ts";
import { Faults, RpcFault } from "../faults.ts";
import { makeNamespec } from "../namespec.ts";
import { forEachProcess } from "./group-results.ts";
import { allProcessesByPriority, findGroup, findTarget } from "./lookup.ts";
import { str, wait, type RpcContext, type RpcMethod } from "./method.ts";
import { waitFor } from "./wait.ts";

async function startOne(ctx: RpcContext, p: ProcessStatus, wait: boolean, waiting = () => {}): Promise<true> {
  const spec = makeNamespec(p.group, p.name);
  if (RUNNING_STATES.has(p.state)) throw new RpcFault(Faults.ALREADY_STARTED, spec);
  if (p.state === "UNKNOWN") throw new RpcFault(Faults.FAILED, `${spec} is in an unknown process state`);
  try {
    await ctx.backend.startProcess(p);
  } catch (e) {
    if (e instanceof ExecError) throw new RpcFault(e.status === 127 ? Faults.NO_FILE : Faults.NOT_EXECUTABLE, e.message);
    if (e instanceof RpcFault) throw e;
    throw new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
  }
  waiting();
  return waitFor(ctx.backend, p, (now) => {
    if (now.spawnerr) throw new RpcFault(Faults.SPAWN_ERROR, spec);
    if (now.state === "RUNNING" || !wait) return true;
    if (now.state !== "STARTING") throw new RpcFault(Faults.ABNORMAL_TERMINATION, spec);
    return undefined;
  });
}

async function stopOne(ctx: RpcContext, p: ProcessStatus, wait: boolean, waiting = () => {}): Promise<true> {
  const spec = makeNamespec(p.group, p.name);
  if (!RUNNING_STATES.has(p.state)) throw new RpcFault(Faults.NOT_RUNNING, spec);
  try {
    await ctx.backend.stopProcess(p);
  } catch (e) {
    throw new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
  }
  if (!wait) return true;
  waiting();
  return waitFor(ctx.backend, p, (now) => (STOPPED_STATES.has(now.state) ? true : undefined));
}

const notRunning = (p: ProcessStatus) => !RUNNING_STATES.has(p.state);
const running = (p: ProcessStatus) => RUNNING_STATES.has(p.state);

export const startProcessGroup: RpcMethod = {
  name: "supervisor.startProcessGroup",
  params: [str("name"), wait()],
  returns: "array",
  help: "Start all processes in the group named 'name'.\n\n@param string name The group name\n@param boolean wait Wait for each process to be fully started\n@return array result An array of process status info structs",
  call: (ctx, [name, w]) => forEachProcess(findGroup(ctx.backend, name as string).processes.filter(notRunning), (p, waiting) => startOne(ctx, p, w as boolean, waiting)),
};

export const startProcess: RpcMethod = {
  name: "supervisor.startProcess",
  params: [str("name"), wait()],
  returns: "boolean",
  help: "Start a process.\n\n@param string name Process name (or ``group:name``, or ``group:*``)\n@param boolean wait Wait for process to be fully started\n@return boolean result Always true unless error",
  call: (ctx, [name, w]) => {
    const t = findTarget(ctx.backend, name as string);
    return t.process ? startOne(ctx, t.process, w as boolean) : startProcessGroup.call(ctx, [t.group.name, w!]);
  },
};

export const startAllProcesses: RpcMethod = {
  name: "supervisor.startAllProcesses",
  params: [wait()],
  returns: "array",
  help: "Start all processes listed in the configuration file.\n\n@param boolean wait Wait for each process to be fully started\n@return array result An array of process status info structs",
  call: (ctx, [w]) => forEachProcess(allProcessesByPriority(ctx.backend).filter(notRunning), (p, waiting) => startOne(ctx, p, w as boolean, waiting)),
};

export const stopProcessGroup: RpcMethod = {
  name: "supervisor.stopProcessGroup",
  params: [str("name"), wait()],
  returns: "array",
  help: "Stop all processes in the process group named 'name'.\n\n@param string name The group name\n@param boolean wait Wait for each process to be fully stopped\n@return array result An array of process status info structs",
  call: (ctx, [name, w]) => forEachProcess(findGroup(ctx.backend, name as string).processes.filter(running), (p, waiting) => stopOne(ctx, p, w as boolean, waiting)),
};

export const stopProcess: RpcMethod = {
  name: "supervisor.stopProcess",
  params: [str("name"), wait()],
  returns: "boolean",
  help: "Stop a process named by name.\n\n@param string name The name of the process to stop (or 'group:name')\n@param boolean wait Wait for the process to be fully stopped\n@return boolean result Always return True unless error",
  call: (ctx, [name, w]) => {
    const t = findTarget(ctx.backend, name as string);
    return t.process ? stopOne(ctx, t.process, w as boolean) : stopProcessGroup.call(ctx, [t.group.name, w!]);
  },
};

export const stopAllProcesses: RpcMethod = {
  name: "supervisor.stopAllProcesses",
  params: [wait()],
  returns: "array",
  help: "Stop all processes in the process list.\n\n@param boolean wait Wait for each process to be fully stopped\n@return array result An array of process status info structs",
  call: (ctx, [w]) => forEachProcess(allProcessesByPriority(ctx.backend).filter(running), (p, waiting) => stopOne(ctx, p, w as boolean, waiting)),
};

export const START_STOP_METHODS: readonly RpcMethod[] = [
  startProcess, startProcessGroup, startAllProcesses, stopProcess, stopProcessGroup, stopAllProcesses,
];
