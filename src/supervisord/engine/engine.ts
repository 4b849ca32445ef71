// The process engine of `monitor serve` as the XML-RPC layer and /logtail
// see it: the SupervisorBackend API on top of the engine's core. It keeps
// supervisord's rules that belong to the engine (the command checked before a
// start, reread diffing against the active groups, removal refused while a
// process runs); rpc/ keeps the rest (name lookup, state checks, faults).
import { STOPPED_STATES, type GroupStatus, type ProcessRef, type ProcessStatus, type SupervisorBackend, type SupervisorStateName } from "../backend.ts";
import { diffConfigs, type ConfigDiff, type GroupSpec } from "../config.ts";
import type { LogSource, LogTap } from "../http/logtail-route.ts";
import { EngineCore } from "./engine-core.ts";
import { resolveCommand } from "./spawn-plan.ts";

export type { ActiveGroup, EngineHooks } from "./engine-core.ts";

export class SupervisordEngine extends EngineCore implements SupervisorBackend, LogSource {
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
    await this.find(ref).output.clear();
  }

  async clearMainLog(): Promise<void> {
    await this.hooks.mainLog.clear();
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
    const p = this.process(group, name);
    if (!p) return undefined;
    if (channel !== "stdout" && channel !== "stderr") return null;
    return p.output.tap(channel);
  }

  mainLog(): LogTap | null {
    return this.hooks.mainLog.tap();
  }
}

