// The engine's core: supervisord's active process groups in priority order
// (low first), each process a SupervisedProcess, supervisord's "mood"
// (RUNNING, RESTARTING, SHUTDOWN), the state-change notifications (watchers
// and EngineEvents), depends_on starts and essential=true. engine.ts puts
// the SupervisorBackend API on top; serve/run.ts drives the lifecycle.
import type { Log } from "../../log.ts";
import type { ProcessRef, ProcessStateName, ProcessStatus, SupervisorStateName } from "../backend.ts";
import type { GroupSpec, SupervisordConfig } from "../config.ts";
import type { LogTap } from "../http/logtail-route.ts";
import { DependencyStarts } from "./dependency-starts.ts";
import { EngineEvents } from "./engine-events.ts";
import { SupervisedProcess, type ProcessContext } from "./process.ts";
import { essentialVerdict } from "./essential.ts";

export interface ActiveGroup {
  readonly spec: GroupSpec;
  readonly processes: readonly SupervisedProcess[];
}

export interface EngineHooks {
  readonly log: Log;
  /** Reads the config file again; throws ConfigError / UsageError. */
  loadConfig(): SupervisordConfig;
  /** The main log, for readLog, clearLog and /mainlogtail. */
  readonly mainLog: { readonly path: string | null; clear(): Promise<void>; tap(): LogTap | null };
  /** Build the per-process context for this config (paths, server URL, logs). */
  processContext(config: SupervisordConfig, changed: ProcessContext["changed"]): Omit<ProcessContext, "changed">;
  /** Asked to shut down (RPC, essential program) or restart (RPC); the lifecycle carries it out. */
  requestShutdown(status: number): void;
  requestRestart(): void;
}

const byPriority = (a: ActiveGroup, b: ActiveGroup) =>
  a.spec.priority - b.spec.priority || (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0);

export class EngineCore {
  readonly events: EngineEvents;
  mood: SupervisorStateName = "RUNNING";
  protected active: ActiveGroup[] = [];
  /** The active processes by `group:name`, for lookups per event (a thousand programs, a few events each). */
  private readonly byName = new Map<string, SupervisedProcess>();
  protected readonly watchers = new Set<(p: ProcessStatus) => void>();
  private readonly perProcess = new Map<SupervisedProcess, Set<(to: ProcessStateName) => void>>();
  private context: ProcessContext;
  readonly deps: DependencyStarts;

  constructor(
    public config: SupervisordConfig,
    protected readonly hooks: EngineHooks,
  ) {
    this.events = new EngineEvents((e) => hooks.log.error(`event listener failed: ${e instanceof Error ? e.message : String(e)}`));
    this.context = this.makeContext(config);
    this.deps = new DependencyStarts({
      processesOf: (program) => this.processes().filter((p) => p.spec.program === program),
      mayStart: () => this.mood === "RUNNING",
      onChange: (p, l) => {
        const set = this.perProcess.get(p) ?? new Set();
        this.perProcess.set(p, set);
        set.add(l);
        return () => set.delete(l);
      },
    });
  }

  private makeContext(config: SupervisordConfig): ProcessContext {
    return { ...this.hooks.processContext(config, (p, from) => this.changed(p, from)), changed: (p, from) => this.changed(p, from) };
  }

  /** A new config for a restart: the next groups are built with its settings. */
  replaceConfig(config: SupervisordConfig): void {
    this.config = config;
    this.context = this.makeContext(config);
  }

  private changed(p: SupervisedProcess, from: ProcessStateName): void {
    const status = p.status();
    for (const l of [...(this.perProcess.get(p) ?? [])]) l(status.state);
    for (const w of [...this.watchers]) w(status);
    this.events.emit({ kind: "process-state", process: status, from, tries: p.tries, expected: p.lastExitExpected });
    if (p.spec.essential) this.essentialChanged(p, status.state);
  }

  private essentialChanged(p: SupervisedProcess, to: ProcessStateName): void {
    if (this.mood !== "RUNNING") return;
    const verdict = essentialVerdict(p.spec, to, p.lastExitExpected, p.runner.state.lastStatus);
    if (verdict?.kind === "shutdown") {
      this.hooks.log.error(`essential: ${p.spec.name} is ${to}; shutting everything down`);
      queueMicrotask(() => this.hooks.requestShutdown(verdict.status));
    } else if (verdict?.kind === "restart") {
      queueMicrotask(() => this.mood === "RUNNING" && p.state === "EXITED" && p.start());
    }
  }

  // --- groups -------------------------------------------------------------

  activeGroups(): readonly ActiveGroup[] {
    return this.active;
  }

  processes(): SupervisedProcess[] {
    return this.active.flatMap((g) => g.processes);
  }

  /** An active process by its group and name. */
  process(group: string, name: string): SupervisedProcess | undefined {
    return this.byName.get(`${group}:${name}`);
  }

  /** Make a configured group active; its autostart processes start (after their dependencies). */
  activate(spec: GroupSpec): ActiveGroup {
    const processes: SupervisedProcess[] = [];
    try {
      for (const p of spec.processes) processes.push(new SupervisedProcess(p, this.context));
    } catch (e) {
      // A listen= socket could not be bound: nothing of this group stays open.
      for (const p of processes) void p.close();
      throw e;
    }
    const group: ActiveGroup = { spec, processes };
    // In priority order: inserted after the last group that sorts before it or with it.
    let at = this.active.length;
    while (at > 0 && byPriority(this.active[at - 1]!, group) > 0) at--;
    this.active = [...this.active.slice(0, at), group, ...this.active.slice(at)];
    for (const p of processes) this.byName.set(`${p.spec.group}:${p.spec.name}`, p);
    this.events.emit({ kind: "group-added", group: spec.name });
    return group;
  }

  autostart(group: ActiveGroup): void {
    for (const p of group.processes) {
      if (!p.spec.autostart) continue;
      this.deps.start(p).catch((e: Error) => this.hooks.log.warn(`not started: ${e.message}`));
    }
    this.createLogsAfterStarts(group);
  }

  private logQueue: Promise<void> = Promise.resolve();

  /** AUTO log files, created once this turn's first starts are made, one group after another. */
  private createLogsAfterStarts(group: ActiveGroup): void {
    const next = () => new Promise<void>((r) => setImmediate(r)).then(async () => {
      for (const p of group.processes) await p.output.createAutoLogs();
    });
    this.logQueue = this.logQueue.then(next, next);
  }

  async deactivate(name: string): Promise<void> {
    const g = this.active.find((x) => x.spec.name === name);
    if (!g) return;
    this.active = this.active.filter((x) => x !== g);
    for (const p of g.processes) {
      this.perProcess.delete(p);
      if (this.byName.get(`${p.spec.group}:${p.spec.name}`) === p) this.byName.delete(`${p.spec.group}:${p.spec.name}`);
    }
    this.events.emit({ kind: "group-removed", group: name });
    await Promise.all(g.processes.map((p) => p.close()));
  }

  protected find(ref: ProcessRef): SupervisedProcess {
    const p = this.process(ref.group, ref.name);
    if (!p) throw new Error(`no such process ${ref.group}:${ref.name}`);
    return p;
  }

}
