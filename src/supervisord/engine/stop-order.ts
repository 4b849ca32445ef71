// Stopping everything the way supervisord shuts down: groups from the highest
// priority number to the lowest, each group stopped as a whole before the
// next begins; and (depends_on) a process only after every process that
// depends on it has stopped, even when that one sits in a later group.
import type { SupervisedProcess } from "./process.ts";

export async function stopInOrder(groups: ReadonlyArray<readonly SupervisedProcess[]>): Promise<void> {
  const all = groups.flat();
  const done = new Map<SupervisedProcess, Promise<void>>();
  const dependentsOf = (p: SupervisedProcess) => all.filter((q) => q.spec.dependsOn.includes(p.spec.program));
  const stop = (p: SupervisedProcess): Promise<void> => {
    let d = done.get(p);
    if (!d) {
      // Registered before waiting, so a dependency graph reaching p again finds this promise.
      let release!: () => void;
      d = new Promise<void>((r) => (release = r));
      done.set(p, d);
      void Promise.all(dependentsOf(p).map(stop)).then(async () => {
        p.stop();
        await p.whenSettled();
        release();
      });
    }
    return d;
  };
  for (const g of [...groups].reverse()) await Promise.all(g.map(stop));
}
