// Waiting for a process to settle, as supervisord's deferred start and stop
// callbacks do (they poll every 50 ms; here each state change is checked as it
// happens). `decide` is asked now and after every change of the process: it
// returns the answer, throws a fault, or returns undefined to keep waiting.
import type { ProcessRef, ProcessStatus, SupervisorBackend } from "../backend.ts";

export function waitFor<T>(backend: SupervisorBackend, ref: ProcessRef, decide: (p: ProcessStatus) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let unsubscribe = () => {};
    const check = (p: ProcessStatus | undefined) => {
      if (settled) return;
      try {
        // A process removed meanwhile (removeProcessGroup) can never settle.
        if (!p) throw new Error(`${ref.group}:${ref.name} was removed`);
        const answer = decide(p);
        if (answer === undefined) return;
        settled = true;
        unsubscribe();
        resolve(answer);
      } catch (e) {
        settled = true;
        unsubscribe();
        reject(e);
      }
    };
    unsubscribe = backend.watchProcesses((p) => {
      if (p.group === ref.group && p.name === ref.name) check(p);
    });
    check(backend.getProcess(ref));
  });
}
