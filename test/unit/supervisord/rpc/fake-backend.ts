// An in-memory SupervisorBackend for the XML-RPC layer's tests: processes as
// plain records, state changes made by the test and announced to watchers.
import type { GroupStatus, ProcessRef, ProcessStatus, SupervisorBackend, SupervisorStateName } from "../../../../src/supervisord/backend.ts";
import { ExecError } from "../../../../src/errors.ts";
import type { ConfigDiff, GroupSpec } from "../../../../src/supervisord/config.ts";

export function proc(group: string, name: string, patch: Partial<ProcessStatus> = {}): ProcessStatus {
  return { group, name, state: "STOPPED", start: 0, stop: 0, pid: 0, exitstatus: 0, spawnerr: "", stdoutLogfile: null, stderrLogfile: null, ...patch };
}

export class FakeBackend implements SupervisorBackend {
  mood: SupervisorStateName = "RUNNING";
  calls: string[] = [];
  missingCommands = new Set<string>();
  /** What a start does; default: STARTING, then RUNNING on the next tick. */
  onStart: (p: ProcessStatus) => void = (p) => {
    this.set(p, { state: "STARTING" });
    setTimeout(() => this.set(p, { state: "RUNNING", pid: 42 }), 1);
  };
  private watchers = new Set<(p: ProcessStatus) => void>();

  constructor(public list: GroupStatus[]) {}

  set(ref: ProcessRef, patch: Partial<ProcessStatus>): void {
    for (const g of this.list) {
      const i = g.processes.findIndex((p) => p.name === ref.name && g.name === ref.group);
      if (i === -1) continue;
      const next = { ...g.processes[i]!, ...patch };
      (g.processes as ProcessStatus[])[i] = next;
      for (const w of [...this.watchers]) w(next);
    }
  }

  getIdentification = () => "fake";
  getState = () => this.mood;
  getPid = () => 1234;
  mainLogfile = () => null;
  groups = () => this.list;
  getProcess = (ref: ProcessRef) => this.list.find((g) => g.name === ref.group)?.processes.find((p) => p.name === ref.name);
  configuredGroups = (): GroupSpec[] => [];
  watchProcesses(l: (p: ProcessStatus) => void) {
    this.watchers.add(l);
    return () => this.watchers.delete(l);
  }
  async startProcess(ref: ProcessRef) {
    this.calls.push(`start ${ref.group}:${ref.name}`);
    if (this.missingCommands.has(ref.name)) throw new ExecError(ref.name, 127, 2, "ENOENT");
    this.onStart(this.getProcess(ref)!);
  }
  async stopProcess(ref: ProcessRef) {
    this.calls.push(`stop ${ref.group}:${ref.name}`);
    this.set(ref, { state: "STOPPING" });
    setTimeout(() => this.set(ref, { state: "STOPPED", pid: 0 }), 1);
  }
  async signalProcess(ref: ProcessRef, signal: number) {
    this.calls.push(`signal ${ref.group}:${ref.name} ${signal}`);
  }
  async reloadProcess() {}
  async writeStdin() {}
  async clearProcessLogs() {}
  async clearMainLog() {}
  async reloadConfig(): Promise<ConfigDiff> {
    return { added: [], changed: [], removed: [] };
  }
  async addProcessGroup() {}
  async removeProcessGroup() {
    return true;
  }
  shutdown() {
    this.mood = "SHUTDOWN";
  }
  restart() {
    this.mood = "RESTARTING";
  }
  sendRemoteCommEvent() {}
}
