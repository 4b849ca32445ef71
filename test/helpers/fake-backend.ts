// An in-memory SupervisorBackend for the status page's tests: processes that
// go STARTING -> RUNNING and STOPPING -> STOPPED on short timers, with real
// log files in a temp dir. It spawns nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GroupStatus, ProcessRef, ProcessStatus, SupervisorBackend, SupervisorStateName } from "../../src/supervisord/backend.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class FakeBackend implements SupervisorBackend, Disposable {
  readonly dir = mkdtempSync(join(tmpdir(), "monitor-fake-backend-"));
  readonly procs: Mutable<ProcessStatus>[] = [];
  state: SupervisorStateName = "RUNNING";
  private watchers = new Set<(s: ProcessStatus) => void>();
  private nextPid = 40000;
  readonly calls: string[] = [];

  constructor(names: { group: string; name: string; running?: boolean; log?: string }[], readonly delayMs = 150) {
    const now = Date.now() / 1000;
    for (const n of names) {
      const stdout = join(this.dir, `${n.name}.out.log`);
      writeFileSync(stdout, n.log ?? "");
      this.procs.push({
        group: n.group,
        name: n.name,
        state: n.running ? "RUNNING" : "STOPPED",
        start: n.running ? now - 3723 : 0,
        stop: 0,
        pid: n.running ? this.nextPid++ : 0,
        exitstatus: 0,
        spawnerr: "",
        stdoutLogfile: stdout,
        stderrLogfile: null,
      });
    }
  }

  private find(ref: ProcessRef): Mutable<ProcessStatus> {
    const p = this.procs.find((x) => x.group === ref.group && x.name === ref.name);
    if (!p) throw new Error(`no ${ref.group}:${ref.name}`);
    return p;
  }

  private set(p: Mutable<ProcessStatus>, change: Partial<ProcessStatus>): void {
    Object.assign(p, change);
    for (const w of [...this.watchers]) w({ ...p });
  }

  getIdentification = () => "fake-supervisor";
  getState = () => this.state;
  getPid = () => process.pid;
  mainLogfile = () => null;
  groups(): GroupStatus[] {
    const names = [...new Set(this.procs.map((p) => p.group))];
    return names.map((name) => ({ name, processes: this.procs.filter((p) => p.group === name).map((p) => ({ ...p })) }));
  }
  getProcess(ref: ProcessRef): ProcessStatus | undefined {
    const p = this.procs.find((x) => x.group === ref.group && x.name === ref.name);
    return p && { ...p };
  }
  configuredGroups = () => [];
  watchProcesses(listener: (s: ProcessStatus) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }
  async startProcess(ref: ProcessRef): Promise<void> {
    this.calls.push(`start ${ref.group}:${ref.name}`);
    const p = this.find(ref);
    this.set(p, { state: "STARTING", pid: this.nextPid++, start: Date.now() / 1000, spawnerr: "" });
    setTimeout(() => p.state === "STARTING" && this.set(p, { state: "RUNNING" }), this.delayMs);
  }
  async stopProcess(ref: ProcessRef): Promise<void> {
    this.calls.push(`stop ${ref.group}:${ref.name}`);
    const p = this.find(ref);
    this.set(p, { state: "STOPPING" });
    setTimeout(() => this.set(p, { state: "STOPPED", pid: 0, stop: Date.now() / 1000, exitstatus: 0 }), this.delayMs);
  }
  async signalProcess(): Promise<void> {}
  async reloadProcess(): Promise<void> {}
  async writeStdin(): Promise<void> {}
  async clearProcessLogs(ref: ProcessRef): Promise<void> {
    this.calls.push(`clear ${ref.group}:${ref.name}`);
    writeFileSync(this.find(ref).stdoutLogfile!, "");
  }
  async clearMainLog(): Promise<void> {}
  async reloadConfig(): Promise<never> {
    throw new Error("not in the fake");
  }
  async addProcessGroup(): Promise<void> {}
  async removeProcessGroup(): Promise<boolean> {
    return true;
  }
  shutdown(): void {
    this.state = "SHUTDOWN";
  }
  restart(): void {}
  sendRemoteCommEvent(): void {}

  [Symbol.dispose](): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
