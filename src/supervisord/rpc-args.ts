// Checking an XML-RPC call's arguments against a method's parameter list.
// supervisord answers a wrong argument count with INCORRECT_PARAMETERS (its
// Python call raises TypeError); monitor also refuses wrong types that way,
// naming the parameter, where supervisord would fail with an HTTP 500.
import { Faults, RpcFault } from "./faults.ts";
import type { XmlRpcValue } from "./xmlrpc.ts";

/** XML-RPC type names as supervisord's docstrings write them (methodSignature answers these). */
export type ParamType = "string" | "int" | "boolean" | "array" | "struct";

export interface Param {
  readonly name: string;
  readonly type: ParamType;
  /** Present for optional trailing parameters (supervisor's `wait=True`). */
  readonly default?: XmlRpcValue;
}

function isStruct(v: XmlRpcValue): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** Python's int() on what clients send: whole numbers, or their decimal text. */
function toInt(v: XmlRpcValue): number | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "string" && /^\s*[+-]?\d{1,15}\s*$/.test(v)) return Number(v);
  return undefined;
}

function coerce(p: Param, v: XmlRpcValue): XmlRpcValue {
  const refuse = (): never => {
    throw new RpcFault(Faults.INCORRECT_PARAMETERS, `${p.name} must be ${p.type === "int" ? "an int" : `a ${p.type}`}`);
  };
  switch (p.type) {
    case "string":
      return typeof v === "string" ? v : refuse();
    case "int":
      return toInt(v) ?? refuse();
    case "boolean":
      // Python truthiness, as supervisord's `if wait:` reads it.
      return typeof v === "boolean" ? v : typeof v === "number" ? v !== 0 : refuse();
    case "array":
      return Array.isArray(v) ? v : refuse();
    case "struct":
      return isStruct(v) ? v : refuse();
  }
}

/** The arguments with defaults filled in; INCORRECT_PARAMETERS when the count or a type is wrong. */
export function checkArgs(params: readonly Param[], args: readonly XmlRpcValue[]): XmlRpcValue[] {
  const required = params.filter((p) => p.default === undefined).length;
  if (args.length < required || args.length > params.length) throw new RpcFault(Faults.INCORRECT_PARAMETERS);
  return params.map((p, i) => (i < args.length ? coerce(p, args[i]!) : p.default!));
}

/** Checks only the count, for parameters whose type errors have their own fault (signalProcess's signal). */
export function checkArity(params: readonly Param[], args: readonly XmlRpcValue[]): void {
  const required = params.filter((p) => p.default === undefined).length;
  if (args.length < required || args.length > params.length) throw new RpcFault(Faults.INCORRECT_PARAMETERS);
}
