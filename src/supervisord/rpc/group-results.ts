// What the *Group and *All methods answer: one struct per process acted on,
// `{name, group, status, description}` with status SUCCESS (80) and
// description OK, or the fault's code and text, as supervisord's make_allfunc
// builds them. Results are listed in the order they settle (an immediate
// refusal before a start that waits for RUNNING), as supervisord lists them.
import type { ProcessStatus } from "../backend.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { XmlRpcStruct } from "../xmlrpc.ts";

export function resultStruct(p: Pick<ProcessStatus, "name" | "group">, outcome: true | RpcFault): XmlRpcStruct {
  return outcome === true
    ? { name: p.name, group: p.group, status: Faults.SUCCESS, description: "OK" }
    : { name: p.name, group: p.group, status: outcome.code, description: outcome.faultString };
}

function asFault(e: unknown): RpcFault {
  return e instanceof RpcFault ? e : new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
}

/** Run `act` for every process (concurrently); results in settling order. */
export async function forEachProcess(processes: readonly ProcessStatus[], act: (p: ProcessStatus) => Promise<unknown>): Promise<XmlRpcStruct[]> {
  const results: XmlRpcStruct[] = [];
  await Promise.all(
    processes.map((p) =>
      act(p).then(
        () => void results.push(resultStruct(p, true)),
        (e: unknown) => void results.push(resultStruct(p, asFault(e))),
      ),
    ),
  );
  return results;
}

