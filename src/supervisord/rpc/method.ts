// An XML-RPC method as data: its name, parameters, return type and help text
// (what system.methodSignature and system.methodHelp answer), and the call.
// Methods are grouped by concern in *-methods.ts; methods.ts lists them all.
import type { SupervisorBackend } from "../backend.ts";
import type { Param, ParamType } from "../rpc-args.ts";
import type { XmlRpcValue } from "../xmlrpc.ts";

export interface RpcContext {
  readonly backend: SupervisorBackend;
  /** The server's clock, seconds since the epoch (getProcessInfo's `now`). */
  now(): number;
}

export interface RpcMethod {
  readonly name: string;
  readonly params: readonly Param[];
  readonly returns: ParamType;
  readonly help: string;
  /** Arguments are checked for count only; the method checks their types (signalProcess's signal: int or name). */
  readonly looseTypes?: boolean;
  call(ctx: RpcContext, args: XmlRpcValue[]): XmlRpcValue | Promise<XmlRpcValue>;
}

/** Param helpers, to keep the method tables one line per parameter. */
export const str = (name: string): Param => ({ name, type: "string" });
export const int = (name: string): Param => ({ name, type: "int" });
export const wait = (): Param => ({ name: "wait", type: "boolean", default: true });

/** Another name for the same method (supervisord keeps b/c aliases such as getVersion). */
export function alias(name: string, of: RpcMethod): RpcMethod {
  return { ...of, name };
}
