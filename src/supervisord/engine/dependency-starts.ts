// depends_on (monitor extension): a process starts only once every process of
// each program it depends on is RUNNING (RUNNING comes after ready= when that
// is set). Starting a process starts the programs it depends on first, even
// those with autostart=false, as `docker compose up web` starts `db`. A start
// waiting on a dependency that ends up FATAL, STOPPED or EXITED instead fails
// with a message naming it; one waiting while monitor shuts down never spawns.
// The config loader already refused unknown names and cycles.
import { RUNNING_STATES, type ProcessStateName } from "../backend.ts";
import type { SupervisedProcess } from "./process.ts";

export interface DependencyWorld {
  processesOf(program: string): SupervisedProcess[];
  /** False once monitor is shutting down or restarting. */
  mayStart(): boolean;
  /** Hear every state change of `p` until the returned function is called. */
  onChange(p: SupervisedProcess, listener: (to: ProcessStateName) => void): () => void;
}

export class DependencyStarts {
  private readonly pending = new Map<SupervisedProcess, Promise<void>>();

  constructor(private readonly world: DependencyWorld) {}

  /** Start `p` after its dependencies are RUNNING (starting them if needed). One start at a time per process. */
  start(p: SupervisedProcess): Promise<void> {
    const existing = this.pending.get(p);
    if (existing) return existing;
    const run = (async () => {
      await this.dependenciesOf(p);
      if (!this.world.mayStart() || RUNNING_STATES.has(p.state)) return;
      p.start();
    })().finally(() => this.pending.delete(p));
    this.pending.set(p, run);
    return run;
  }

  /** Whether `p` waits for a dependency (it shows STOPPED meanwhile). */
  isWaiting(p: SupervisedProcess): boolean {
    return this.pending.has(p);
  }

  private async dependenciesOf(p: SupervisedProcess): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const program of p.spec.dependsOn) {
      const deps = this.world.processesOf(program);
      if (deps.length === 0) throw new Error(`${p.spec.name} depends on '${program}', which is not an active program`);
      for (const d of deps) waits.push(this.running(d, p));
    }
    await Promise.all(waits);
  }

  /** Resolves when `d` is RUNNING; starts it when nothing is starting it. */
  private running(d: SupervisedProcess, forWhom: SupervisedProcess): Promise<void> {
    if (d.state === "RUNNING") return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const fail = (why: string) => reject(new Error(`${forWhom.spec.name} depends on ${d.spec.name}, which ${why}`));
      const off = this.world.onChange(d, (to) => {
        if (to === "RUNNING") {
          off();
          resolve();
        } else if (to === "FATAL" || to === "STOPPED" || to === "EXITED") {
          off();
          fail(`is ${to}`);
        }
      });
      if (!RUNNING_STATES.has(d.state)) {
        this.start(d).catch((e: Error) => {
          off();
          fail(`could not start: ${e.message}`);
        });
      }
    });
  }
}
