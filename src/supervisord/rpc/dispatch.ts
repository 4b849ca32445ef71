// Calling methods by name, as supervisord's XML-RPC handler does: unknown
// names are UNKNOWN_METHOD (all of supervisor.* without
// [rpcinterface:supervisor]), a wrong argument count or type is
// INCORRECT_PARAMETERS, every supervisor.* method answers SHUTDOWN_STATE once
// supervisord is shutting down or restarting, and system.multicall runs calls
// in order, each answering its value or its fault struct. An unexpected
// error becomes a FAILED fault; the server keeps serving.
import { SUPERVISOR_STATE_CODES } from "../backend.ts";
import { Faults, RpcFault } from "../faults.ts";
import { checkArgs, checkArity } from "../rpc-args.ts";
import type { MethodResponse, XmlRpcStruct, XmlRpcValue } from "../xmlrpc.ts";
import type { RpcContext, RpcMethod } from "./method.ts";

export type MethodTable = ReadonlyMap<string, RpcMethod>;

function faultOf(e: unknown): RpcFault {
  if (e instanceof RpcFault) return e;
  return new RpcFault(Faults.FAILED, e instanceof Error ? `${e.name}:${e.message}` : String(e));
}

// Sending an event to listeners is allowed in any state (supervisord's method skips _update).
const ANY_STATE = new Set(["supervisor.sendRemoteCommEvent"]);

export async function callMethod(ctx: RpcContext, methods: MethodTable, name: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue> {
  const method = methods.get(name);
  if (!method) throw new RpcFault(Faults.UNKNOWN_METHOD);
  if (name.startsWith("supervisor.") && !ANY_STATE.has(name) && SUPERVISOR_STATE_CODES[ctx.backend.getState()] < SUPERVISOR_STATE_CODES.RUNNING) {
    throw new RpcFault(Faults.SHUTDOWN_STATE);
  }
  let args: XmlRpcValue[];
  if (method.looseTypes) {
    checkArity(method.params, params);
    args = method.params.map((p, i) => (i < params.length ? params[i]! : p.default!));
  } else args = checkArgs(method.params, params);
  return method.call(ctx, args);
}

/** One call as a methodResponse: the value, or the fault. */
export async function respond(ctx: RpcContext, methods: MethodTable, name: string, params: readonly XmlRpcValue[]): Promise<MethodResponse> {
  try {
    return { kind: "value", value: await callMethod(ctx, methods, name, params) };
  } catch (e) {
    const f = faultOf(e);
    return { kind: "fault", faultCode: f.code, faultString: f.faultString };
  }
}

/** system.multicall: each result is the call's value itself, or a {faultCode, faultString} struct (supervisord's layout). */
export async function multicall(ctx: RpcContext, methods: MethodTable, calls: readonly XmlRpcValue[]): Promise<XmlRpcValue[]> {
  const results: XmlRpcValue[] = [];
  for (const c of calls) {
    try {
      const call = (c && typeof c === "object" && !Array.isArray(c) ? c : {}) as XmlRpcStruct;
      const name = call.methodName;
      if (typeof name !== "string" || name === "") throw new RpcFault(Faults.INCORRECT_PARAMETERS, "No methodName");
      if (name === "system.multicall") throw new RpcFault(Faults.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
      const params = call.params ?? [];
      if (!Array.isArray(params)) throw new RpcFault(Faults.INCORRECT_PARAMETERS, "params must be an array");
      results.push(await callMethod(ctx, methods, name, params));
    } catch (e) {
      const f = faultOf(e);
      results.push({ faultCode: f.code, faultString: f.faultString });
    }
  }
  return results;
}
