// monitor's own XML-RPC namespace, beside supervisord's: methods supervisord
// does not have, so a supervisord answers them UNKNOWN_METHOD (which
// `monitor ctl` reports as such).
//   monitor.reloadProcess(name) -> true
//     SPEC section 6's zero-downtime reload of one RUNNING process: a new
//     child on the same sockets, the old one stopped once the new one is
//     ready. Answers when that is done. Faults: BAD_NAME (unknown name or a
//     group), NOT_RUNNING (not RUNNING), FAILED (the new child did not become
//     ready; the old one keeps running).
import { Faults, RpcFault } from "../faults.ts";
import { findProcess } from "./lookup.ts";
import { str, type RpcMethod } from "./method.ts";

export const reloadProcess: RpcMethod = {
  name: "monitor.reloadProcess",
  params: [str("name")],
  returns: "boolean",
  help: "Reload a RUNNING process without downtime: start a new child, wait until it is ready, then stop the old one.\n\n@param string name The name of the process to reload (or 'group:name')\n@return boolean result Always return True unless error",
  async call(ctx, [name]) {
    const p = findProcess(ctx.backend, name as string);
    if (p.state !== "RUNNING") throw new RpcFault(Faults.NOT_RUNNING, name as string);
    try {
      await ctx.backend.reloadProcess(p);
    } catch (e) {
      if (e instanceof RpcFault) throw e;
      throw new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
    }
    return true;
  },
};

export const MONITOR_METHODS: readonly RpcMethod[] = [reloadProcess];
