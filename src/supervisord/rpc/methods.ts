// Every XML-RPC method monitor serves, by name. Without
// [rpcinterface:supervisor] only system.* answers, as with supervisord.
import type { MethodTable } from "./dispatch.ts";
import { CONFIG_METHODS } from "./config-methods.ts";
import { LOG_METHODS } from "./log-methods.ts";
import { MONITOR_METHODS } from "./monitor-methods.ts";
import type { RpcMethod } from "./method.ts";
import { PROCESS_METHODS } from "./process-methods.ts";
import { START_STOP_METHODS } from "./start-stop-methods.ts";
import { STATE_METHODS } from "./state-methods.ts";
import { systemMethods } from "./system-methods.ts";

export const SUPERVISOR_METHODS: readonly RpcMethod[] = [
  ...STATE_METHODS, ...PROCESS_METHODS, ...START_STOP_METHODS, ...LOG_METHODS, ...CONFIG_METHODS,
  // monitor's own (monitor-methods.ts), answered with the supervisor namespace.
  ...MONITOR_METHODS,
];

export function buildMethodTable(rpcInterface: boolean): MethodTable {
  const table = new Map<string, RpcMethod>();
  for (const m of [...(rpcInterface ? SUPERVISOR_METHODS : []), ...systemMethods(() => table)]) table.set(m.name, m);
  return table;
}
