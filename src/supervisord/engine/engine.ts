// The process engine of `monitor serve`: supervisord's process groups, each
// process a SupervisedProcess, behind the SupervisorBackend the XML-RPC layer
// calls. It keeps supervisord's order (groups and processes by priority, low
// first, to start; high first to stop), its "mood" (RUNNING, RESTARTING,
// SHUTDOWN), and reread/update that touch only the groups named.
// Lifecycle (boot, shutdown, SIGHUP restart) is in engine-lifecycle.ts.
import type { Log } from "../../log.ts";
import { STOPPED_STATES, type GroupStatus, type ProcessRef, type ProcessStateName, type ProcessStatus, type SupervisorBackend, type SupervisorStateName } from "../backend.ts";
import { diffConfigs, type ConfigDiff, type GroupSpec, type SupervisordConfig } from "../config.ts";
import type { LogSource, LogTap } from "../http/logtail-route.ts";
import { DependencyStarts } from "./dependency-starts.ts";
import { EngineEvents } from "./engine-events.ts";
import { SupervisedProcess, type ProcessContext } from "./process.ts";
import { resolveCommand } from "./spawn-plan.ts";

export interface ActiveGroup {
  readonly spec: GroupSpec;
  readonly processes: readonly SupervisedProcess[];
}

export interface EngineHooks {
  readonly log: Log;
  /** Reads the config file again; throws ConfigError / UsageError. */
  loadConfig(): SupervisordConfig;
  /** The main log, for readLog, clearLog and /mainlogtail. */
  readonly mainLog: { readonly path: string | null; clear(): void; tap(): LogTap | null };
  /** Build the per-process context for this config (paths, server URL, logs). */
  processContext(config: SupervisordConfig, changed: ProcessContext["changed"]): Omit<ProcessContext, "changed">;
  /** Asked to shut down (RPC, essential program) or restart (RPC); the lifecycle carries it out. */
  requestShutdown(status: number): void;
  requestRestart(): void;
}

const byPriority = (a: ActiveGroup, b: ActiveGroup) =>
  a.spec.priority - b.spec.priority || (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0);

export class SupervisordEngine implements SupervisorBackend, LogSource {
  readonly events: EngineEvents;
  mood: SupervisorStateName = "RUNNING";
  private active: ActiveGroup[] = [];
  private readonly watchers = new Set<(p: ProcessStatus) => void>();
  private readonly perProcess = new Map<SupervisedProcess, Set<(to: ProcessStateName) => void>>();
  private context: ProcessContext;
  readonly deps: DependencyStarts;

  constructor(
    public config: SupervisordConfig,
    private readonly hooks: EngineHooks,
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

  /** essential=true: FATAL or an unexpected exit ends everything; an expected exit restarts per autorestart. */
  private essentialChanged(p: SupervisedProcess, to: ProcessStateName): void {
    if (this.mood !== "RUNNING") return;
    if (to === "FATAL" || (to === "EXITED" && !p.lastExitExpected)) {
      const last = p.runner.state.lastStatus;
      const code = last === null ? 1 : "code" in last ? last.code : 128 + last.signal;
      this.hooks.log.error(`essential: ${p.spec.name} is ${to}; shutting everything down`);
      queueMicrotask(() => this.hooks.requestShutdown(code === 0 ? 1 : code));
    } else if (to === "EXITED" && p.spec.autorestart === "always") {
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
    this.active = [...this.active, group].sort(byPriority);
    this.events.emit({ kind: "group-added", group: spec.name });
    return group;
  }

  autostart(group: ActiveGroup): void {
    for (const p of group.processes) {
      if (!p.spec.autostart) continue;
      this.deps.start(p).catch((e: Error) => this.hooks.log.warn(`not started: ${e.message}`));
    }
  }

  async deactivate(name: string): Promise<void> {
    const g = this.active.find((x) => x.spec.name === name);
    if (!g) return;
    this.active = this.active.filter((x) => x !== g);
    for (const p of g.processes) this.perProcess.delete(p);
    this.events.emit({ kind: "group-removed", group: name });
    await Promise.all(g.processes.map((p) => p.close()));
  }

  private find(ref: ProcessRef): SupervisedProcess {
    const p = this.active.find((g) => g.spec.name === ref.group)?.processes.find((x) => x.spec.name === ref.name);
    if (!p) throw new Error(`no such process ${ref.group}:${ref.name}`);
    return p;
  }

  // --- SupervisorBackend --------------------------------------------------

  getIdentification(): string {
    return this.config.supervisord.identifier;
  }

  getState(): SupervisorStateName {
    return this.mood;
  }

  getPid(): number {
    return process.pid;
  }

  mainLogfile(): string | null {
    return this.hooks.mainLog.path;
  }

  groups(): readonly GroupStatus[] {
    return this.active.map((g) => ({ name: g.spec.name, processes: g.processes.map((p) => p.status()) }));
  }

  getProcess(ref: ProcessRef): ProcessStatus | undefined {
    try {
      return this.find(ref).status();
    } catch {
      return undefined;
    }
  }

  configuredGroups(): readonly GroupSpec[] {
    return this.config.groups;
  }

  watchProcesses(listener: (status: ProcessStatus) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  async startProcess(ref: ProcessRef): Promise<void> {
    const p = this.find(ref);
    // supervisord checks the command before spawning: NO_FILE / NOT_EXECUTABLE.
    resolveCommand(p.spec);
    await this.deps.start(p);
  }

  async stopProcess(ref: ProcessRef): Promise<void> {
    this.find(ref).stop();
  }

  async signalProcess(ref: ProcessRef, signal: number): Promise<void> {
    if (!this.find(ref).signal(signal)) throw new Error(`cannot signal ${ref.name}: no such process`);
  }

  async reloadProcess(ref: ProcessRef): Promise<void> {
    if (!(await this.find(ref).reload())) throw new Error(`${ref.name}: the new child did not become ready; the old one keeps running`);
  }

  writeStdin(ref: ProcessRef, data: Uint8Array): Promise<void> {
    return this.find(ref).writeStdin(data);
  }

  async clearProcessLogs(ref: ProcessRef): Promise<void> {
    this.find(ref).output.clear();
  }

  async clearMainLog(): Promise<void> {
    this.hooks.mainLog.clear();
  }

  async reloadConfig(): Promise<ConfigDiff> {
    const next = this.hooks.loadConfig();
    this.config = next;
    return diffConfigs({ groups: this.active.map((g) => g.spec) }, next);
  }

  async addProcessGroup(name: string): Promise<void> {
    const spec = this.config.groups.find((g) => g.name === name);
    if (!spec || this.active.some((g) => g.spec.name === name)) return;
    this.autostart(this.activate(spec));
  }

  async removeProcessGroup(name: string): Promise<boolean> {
    const g = this.active.find((x) => x.spec.name === name);
    if (!g) return false;
    if (g.processes.some((p) => !STOPPED_STATES.has(p.state) || this.deps.isWaiting(p))) return false;
    await this.deactivate(name);
    return true;
  }

  shutdown(): void {
    this.hooks.requestShutdown(0);
  }

  restart(): void {
    this.hooks.requestRestart();
  }

  sendRemoteCommEvent(type: string, data: string): void {
    this.events.emit({ kind: "remote-communication", type, data });
  }

  // --- LogSource (/logtail) -----------------------------------------------

  processLog(group: string, name: string, channel: string): LogTap | null | undefined {
    const p = this.active.find((g) => g.spec.name === group)?.processes.find((x) => x.spec.name === name);
    if (!p) return undefined;
    if (channel !== "stdout" && channel !== "stderr") return null;
    return p.output.tap(channel);
  }

  mainLog(): LogTap | null {
    return this.hooks.mainLog.tap();
  }
}
