// supervisord's lifecycle over the engine: boot (every group of the config,
// then their autostart processes), shutdown (everything stopped in reverse
// priority, leftovers too, then `done` resolves with the exit status) and
// restart (SIGHUP, supervisor.restart: the config is read first, and a bad
// one refuses the restart with one log line; otherwise everything is stopped
// and the new config booted). A shutdown asked for during a restart wins.
import { ConfigError, RuntimeError, UsageError } from "../../errors.ts";
import type { Log } from "../../log.ts";
import type { SupervisordConfig } from "../config.ts";
import type { ActiveGroup, SupervisordEngine } from "../engine/engine.ts";
import { stopInOrder } from "../engine/stop-order.ts";
import { stopLeftovers } from "./leftovers.ts";

export interface LifecycleHooks {
  readonly log: Log;
  loadConfig(): SupervisordConfig;
  /** A new config is in effect (servers, method table). */
  applied(c: SupervisordConfig): Promise<void>;
}

export class Lifecycle {
  readonly done: Promise<number>;
  private finish!: (status: number) => void;
  private busy: Promise<void> | null = null;
  private shutdownStatus: number | null = null;

  constructor(
    private readonly engine: SupervisordEngine,
    public config: SupervisordConfig,
    private readonly hooks: LifecycleHooks,
  ) {
    this.done = new Promise<number>((r) => (this.finish = r));
  }

  /** Every group first, so a depends_on across groups finds its program; then the autostart processes. */
  boot(first: boolean): void {
    const { engine } = this;
    engine.mood = "RUNNING";
    engine.events.emit({ kind: "supervisor-state", state: "RUNNING" });
    const active: ActiveGroup[] = [];
    for (const g of this.config.groups) {
      try {
        active.push(engine.activate(g));
      } catch (e) {
        const why = `[${g.kind === "group" ? "group" : g.kind}:${g.name}] cannot be activated: ${(e as Error).message}`;
        if (first) throw new RuntimeError(why);
        this.hooks.log.error(why);
      }
    }
    for (const g of active) engine.autostart(g);
  }

  async stopEverything(): Promise<void> {
    const { engine } = this;
    engine.events.emit({ kind: "supervisor-state", state: "STOPPING" });
    await stopInOrder(engine.activeGroups().map((g) => g.processes));
    await stopLeftovers(engine.processes(), this.hooks.log);
    await Promise.all(engine.activeGroups().map((g) => engine.deactivate(g.spec.name)));
  }

  shutdown(status: number): void {
    this.shutdownStatus ??= status;
    if (this.engine.mood === "SHUTDOWN") return;
    this.engine.mood = "SHUTDOWN";
    void (async () => {
      if (this.busy) await this.busy;
      await this.stopEverything();
      this.finish(this.shutdownStatus ?? 0);
    })();
  }

  restart(): void {
    if (this.busy || this.engine.mood !== "RUNNING") return;
    let next: SupervisordConfig;
    try {
      next = this.hooks.loadConfig();
    } catch (e) {
      if (!(e instanceof ConfigError) && !(e instanceof UsageError)) throw e;
      this.hooks.log.error(`restart refused, the config is unchanged in effect: ${e.message}`);
      return;
    }
    this.engine.mood = "RESTARTING";
    this.busy = (async () => {
      await this.stopEverything();
      if (this.shutdownStatus !== null) return;
      this.config = next;
      this.engine.replaceConfig(next);
      for (const w of next.warnings) this.hooks.log.warn(`${w.file}:${w.line}: ${w.message}`);
      await this.hooks.applied(next);
      if (this.shutdownStatus === null) this.boot(false);
    })().finally(() => (this.busy = null));
  }
}
