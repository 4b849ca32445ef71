// What the *Group and *All methods answer: one struct per process acted on,
// `{name, group, status, description}` with status SUCCESS (80) and
// description OK, or the fault's code and text, as supervisord's make_allfunc
// builds them. Immediate answers (a refusal, a missing command) come first
// in process order, then the ones that waited for a state in the order they
// settled, those settling within one 50 ms poll of supervisord's in process
// order: what supervisord's polling of one callback per process lists.
import type { ProcessStatus } from "../backend.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { XmlRpcStruct } from "../xmlrpc.ts";

/** supervisord's deferred callbacks are polled every 50 ms (`delay = 0.05`). */
const POLL_MS = 50;

export function resultStruct(p: Pick<ProcessStatus, "name" | "group">, outcome: true | RpcFault): XmlRpcStruct {
  return outcome === true
    ? { name: p.name, group: p.group, status: Faults.SUCCESS, description: "OK" }
    : { name: p.name, group: p.group, status: outcome.code, description: outcome.faultString };
}

function asFault(e: unknown): RpcFault {
  return e instanceof RpcFault ? e : new RpcFault(Faults.FAILED, e instanceof Error ? e.message : String(e));
}

/** Run `act` for every process (concurrently); `act` calls `waiting()` when it begins to wait for a state. */
export async function forEachProcess(
  processes: readonly ProcessStatus[],
  act: (p: ProcessStatus, waiting: () => void) => Promise<unknown>,
): Promise<XmlRpcStruct[]> {
  const results: XmlRpcStruct[] = [];
  const waited = processes.map(() => false);
  const settledAt = processes.map(() => 0);
  const start = Date.now();
  await Promise.all(
    processes.map((p, i) =>
      act(p, () => (waited[i] = true)).then(
        () => void (results[i] = resultStruct(p, true)),
        (e: unknown) => void (results[i] = resultStruct(p, asFault(e))),
      ).finally(() => (settledAt[i] = Math.floor((Date.now() - start) / POLL_MS))),
    ),
  );
  const order = [...processes.keys()];
  const late = order.filter((i) => waited[i]).sort((a, b) => settledAt[a]! - settledAt[b]! || a - b);
  return [...order.filter((i) => !waited[i]), ...late].map((i) => results[i]!);
}

