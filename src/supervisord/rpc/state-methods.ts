// supervisord's own state: versions, identification, state ("mood"), pid,
// shutdown and restart, and remote-communication events for listeners.
import { SUPERVISOR_STATE_CODES } from "../backend.ts";
import { version } from "../../cli/version.ts";
import { alias, str, type RpcMethod } from "./method.ts";

/** supervisor's rpcinterface API_VERSION; supervisorctl refuses a server that answers anything else. */
export const API_VERSION = "3.0";
/** The supervisor release whose behaviour monitor follows, then monitor's own version. */
export const SUPERVISOR_VERSION = `4.2.5 (monitor ${version})`;

const getAPIVersion: RpcMethod = {
  name: "supervisor.getAPIVersion",
  params: [],
  returns: "string",
  help: "Return the version of the RPC API used by supervisord.\n\n@return string version id",
  call: () => API_VERSION,
};

export const STATE_METHODS: readonly RpcMethod[] = [
  getAPIVersion,
  alias("supervisor.getVersion", getAPIVersion),
  {
    name: "supervisor.getSupervisorVersion",
    params: [],
    returns: "string",
    help: "Return the version of the supervisor package in use by supervisord.\n\n@return string version id",
    call: () => SUPERVISOR_VERSION,
  },
  {
    name: "supervisor.getIdentification",
    params: [],
    returns: "string",
    help: "Return identifying string of supervisord.\n\n@return string identifier identifying string",
    call: (ctx) => ctx.backend.getIdentification(),
  },
  {
    name: "supervisor.getState",
    params: [],
    returns: "struct",
    help: "Return current state of supervisord as a struct.\n\n@return struct A struct with keys int statecode, string statename",
    call: (ctx) => {
      const statename = ctx.backend.getState();
      return { statecode: SUPERVISOR_STATE_CODES[statename], statename };
    },
  },
  {
    name: "supervisor.getPID",
    params: [],
    returns: "int",
    help: "Return the PID of supervisord.\n\n@return int PID",
    call: (ctx) => ctx.backend.getPid(),
  },
  {
    name: "supervisor.shutdown",
    params: [],
    returns: "boolean",
    help: "Shut down the supervisor process.\n\n@return boolean result always returns True unless error",
    call: (ctx) => {
      ctx.backend.shutdown();
      return true;
    },
  },
  {
    name: "supervisor.restart",
    params: [],
    returns: "boolean",
    help: "Restart the supervisor process.\n\n@return boolean result always return True unless error",
    call: (ctx) => {
      ctx.backend.restart();
      return true;
    },
  },
  {
    name: "supervisor.sendRemoteCommEvent",
    params: [str("type"), str("data")],
    returns: "boolean",
    help: "Send an event that will be received by event listener subprocesses subscribing to the RemoteCommunicationEvent.\n\n@param string type String for the \"type\" key in the event header\n@param string data Data for the event body\n@return boolean Always return True unless error",
    call: (ctx, [type, data]) => {
      ctx.backend.sendRemoteCommEvent(type as string, data as string);
      return true;
    },
  },
];
