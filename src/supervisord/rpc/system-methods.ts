// system.listMethods / methodHelp / methodSignature / multicall over a
// method table (supervisord's SystemNamespaceRPCInterface). Signatures are
// [return type, parameter types...], optional parameters included.
import { Faults, RpcFault } from "../faults.ts";
import { multicall, type MethodTable } from "./dispatch.ts";
import { str, type RpcMethod } from "./method.ts";

export function systemMethods(table: () => MethodTable): RpcMethod[] {
  const find = (name: unknown) => {
    const m = table().get(name as string);
    if (!m) throw new RpcFault(Faults.SIGNATURE_UNSUPPORTED);
    return m;
  };
  return [
    {
      name: "system.listMethods",
      params: [],
      returns: "array",
      help: "Return an array listing the available method names.\n\n@return array result An array of method names available (strings).",
      call: () => [...table().keys()].sort(),
    },
    {
      name: "system.methodHelp",
      params: [str("name")],
      returns: "string",
      help: "Return a string showing the method's documentation.\n\n@param string name The name of the method.\n@return string result The documentation for the method name.",
      call: (_ctx, [name]) => find(name).help,
    },
    {
      name: "system.methodSignature",
      params: [str("name")],
      returns: "array",
      help: "Return an array describing the method signature in the form [rtype, ptype, ptype...].\n\n@param string name The name of the method.\n@return array result The result.",
      call: (_ctx, [name]) => {
        const m = find(name);
        return [m.returns, ...m.params.map((p) => p.type)];
      },
    },
    {
      name: "system.multicall",
      params: [{ name: "calls", type: "array" }],
      returns: "array",
      help: "Process an array of calls, and return an array of results. Calls should be structs of the form {'methodName': string, 'params': array}.\n\n@param array calls An array of call requests\n@return array result An array of results",
      call: (ctx, [calls]) => multicall(ctx, table(), calls as never[]),
    },
  ];
}
