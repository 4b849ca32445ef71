// supervisor.getProcessInfo / getAllProcessInfo, the signal methods and
// sendProcessStdin, with supervisord's faults: BAD_NAME, BAD_SIGNAL,
// NOT_RUNNING (no child, or stopping), NO_FILE (the child closed its stdin).
import { SIGNALLABLE_STATES, type ProcessStatus } from "../backend.ts";
import { Faults, RpcFault } from "../faults.ts";
import { makeNamespec } from "../namespec.ts";
import { packProcessInfo } from "../process-info.ts";
import type { XmlRpcStruct } from "../xmlrpc.ts";
import { forEachProcess } from "./group-results.ts";
import { allProcessesByPriority, allProcessesLexical, findGroup, findProcess, findTarget } from "./lookup.ts";
import { str, type RpcContext, type RpcMethod } from "./method.ts";
import { rpcSignalNumber } from "./signal-name.ts";

const info = (ctx: RpcContext, p: ProcessStatus) => packProcessInfo(p, ctx.now()) as unknown as XmlRpcStruct;

function signalNumberOf(value: unknown): number {
  const n = rpcSignalNumber(value);
  if (n === null) throw new RpcFault(Faults.BAD_SIGNAL, String(value));
  return n;
}

async function signalOne(ctx: RpcContext, p: ProcessStatus, signal: number): Promise<true> {
  if (!SIGNALLABLE_STATES.has(p.state)) throw new RpcFault(Faults.NOT_RUNNING, makeNamespec(p.group, p.name));
  try {
    await ctx.backend.signalProcess(p, signal);
  } catch (e) {
    throw new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
  }
  return true;
}

const signallable = (p: ProcessStatus) => SIGNALLABLE_STATES.has(p.state);

export const signalProcessGroup: RpcMethod = {
  name: "supervisor.signalProcessGroup",
  params: [str("name"), str("signal")],
  returns: "array",
  looseTypes: true,
  help: "Send a signal to all processes in the group named 'name'.\n\n@param string name The group name\n@param string signal Signal to send, as name ('HUP') or number ('1')\n@return array",
  call: (ctx, [name, sig]) => {
    const group = findGroup(ctx.backend, String(name));
    const n = signalNumberOf(sig);
    return forEachProcess(group.processes.filter(signallable), (p) => signalOne(ctx, p, n));
  },
};

export const PROCESS_METHODS: readonly RpcMethod[] = [
  {
    name: "supervisor.getProcessInfo",
    params: [str("name")],
    returns: "struct",
    help: "Get info about a process named name.\n\n@param string name The name of the process (or 'group:name')\n@return struct result A structure containing data about the process",
    call: (ctx, [name]) => info(ctx, findProcess(ctx.backend, name as string)),
  },
  {
    name: "supervisor.getAllProcessInfo",
    params: [],
    returns: "array",
    help: "Get info about all processes.\n\n@return array result An array of process status results",
    call: (ctx) => allProcessesLexical(ctx.backend).map((p) => info(ctx, p)),
  },
  {
    name: "supervisor.signalProcess",
    params: [str("name"), str("signal")],
    returns: "boolean",
    looseTypes: true,
    help: "Send an arbitrary UNIX signal to the process named by name.\n\n@param string name Name of the process to signal (or 'group:name')\n@param string signal Signal to send, as name ('HUP') or number ('1')\n@return boolean",
    call: (ctx, [name, sig]) => {
      const t = findTarget(ctx.backend, String(name));
      if (!t.process) return signalProcessGroup.call(ctx, [t.group.name, sig!]);
      return signalOne(ctx, t.process, signalNumberOf(sig));
    },
  },
  signalProcessGroup,
  {
    name: "supervisor.signalAllProcesses",
    params: [str("signal")],
    returns: "array",
    looseTypes: true,
    help: "Send a signal to all processes in the process list.\n\n@param string signal Signal to send, as name ('HUP') or number ('1')\n@return array An array of process status info structs",
    call: (ctx, [sig]) => {
      const n = signalNumberOf(sig);
      return forEachProcess(allProcessesByPriority(ctx.backend).filter(signallable), (p) => signalOne(ctx, p, n));
    },
  },
  {
    name: "supervisor.sendProcessStdin",
    params: [str("name"), str("chars")],
    returns: "boolean",
    help: "Send a string of chars to the stdin of the process name.\n\n@param string name The process name to send to (or 'group:name')\n@param string chars The character data to send to the process\n@return boolean result Always return True unless error",
    call: async (ctx, [name, chars]) => {
      const p = findProcess(ctx.backend, name as string);
      if (p.pid === 0 || p.state === "STOPPING") throw new RpcFault(Faults.NOT_RUNNING, name as string);
      try {
        await ctx.backend.writeStdin(p, new TextEncoder().encode(chars as string));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EPIPE") throw new RpcFault(Faults.NO_FILE, name as string);
        throw new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
      }
      return true;
    },
  },
];
