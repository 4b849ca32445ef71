// `monitor scan`'s engine: svscan's loop (scan-plan.ts) with every supervise
// in this one process. Each known service has a ServiceSupervisor for SUB and,
// when SUB/log exists, one for SUB/log joined by the pipe of log-pipe.ts. A
// supervisor that ends (`svc -x`) is started again on the next pass, as
// svscan restarts a supervise that exited; one that cannot take its
// directory (the lock is held) is reported and tried again on the next pass.
import type { Log } from "../log.ts";
import { RuntimeError } from "../errors.ts";
import { openLogPipe, type LogPipe } from "./log-pipe.ts";
import { hasLogDir, servicePath, ServiceLister } from "./scan-dir.ts";
import { planScan, type KnownService } from "./scan-plan.ts";
import { ServiceSupervisor } from "./service-supervisor.ts";

/** svscan sleeps 5 s between passes. */
export const RESCAN_MS = 5000;
/** At shutdown, a log service still up this long after its service stopped is stopped too. */
export const LOG_DRAIN_MS = 2000;

interface Entry {
  name: string;
  pipe?: LogPipe;
  main?: ServiceSupervisor;
  log?: ServiceSupervisor;
}

export class Scanner {
  private readonly entries = new Map<string, Entry>();
  private timer: Timer | undefined;
  private stopping = false;
  private readonly lister: ServiceLister;
  /** Something outside the directory asks for a pass: a supervisor ended, a start was refused or failed. */
  private pending = false;

  constructor(
    readonly root: string,
    private readonly log: Log,
    private readonly env: Readonly<Record<string, string>>,
  ) {
    this.lister = new ServiceLister(root);
  }

  /** Scan now, then every RESCAN_MS until shutdown(). */
  start(): void {
    if (this.stopping) return;
    this.scanOnce();
    this.timer = setTimeout(() => this.start(), RESCAN_MS);
  }

  get serviceCount(): number {
    return this.entries.size;
  }

  scanOnce(): void {
    const warn = (line: string) => this.log.warn(line);
    const listing = this.lister.list(warn);
    if (!listing.ok) return warn(listing.error);
    // An idle pass: nothing changed in the directory, nothing ended. No work, no garbage.
    if (!listing.changed && !this.pending) return;
    this.pending = false;
    const known = new Map<string, KnownService>();
    for (const [key, e] of this.entries) {
      known.set(key, { name: e.name, hasLog: e.pipe !== undefined, mainRunning: e.main !== undefined, logRunning: e.log !== undefined });
    }
    const plan = planScan(known, listing.services);
    if (plan.refused.length) this.pending = true;
    for (const name of plan.refused) warn(`unable to start ${servicePath(this.root, name)}: running too many services`);
    for (const key of plan.forget) {
      this.entries.get(key)!.pipe?.close();
      this.entries.delete(key);
    }
    for (const l of plan.rename) {
      const e = this.entries.get(l.key)!;
      e.name = l.name;
      e.main?.moveTo(servicePath(this.root, l.name));
      e.log?.moveTo(`${servicePath(this.root, l.name)}/log`);
    }
    for (const l of plan.add) {
      const e: Entry = { name: l.name };
      if (hasLogDir(servicePath(this.root, l.name), warn)) e.pipe = openLogPipe();
      this.entries.set(l.key, e);
      // svscan starts the service's supervise first, then the log's.
      this.startMain(e);
      if (e.pipe) this.startLog(e);
    }
    for (const key of plan.startMain) this.startMain(this.entries.get(key)!);
    for (const key of plan.startLog) this.startLog(this.entries.get(key)!);
  }

  private startMain(e: Entry): void {
    const dir = servicePath(this.root, e.name);
    e.main = this.supervise(dir, { stdout: e.pipe?.writeEnd }, () => (e.main = undefined));
  }

  private startLog(e: Entry): void {
    const dir = `${servicePath(this.root, e.name)}/log`;
    e.log = this.supervise(dir, { stdin: e.pipe!.readEnd }, () => (e.log = undefined));
  }

  private supervise(dir: string, fds: { stdin?: number; stdout?: number }, onEnd: () => void): ServiceSupervisor | undefined {
    let sup: ServiceSupervisor;
    try {
      sup = ServiceSupervisor.open({ dir, log: this.log, env: this.env, ...fds });
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      this.log.warn(`supervise ${dir}: ${e.message}`);
      this.pending = true;
      return undefined;
    }
    void sup.finished.then(() => {
      onEnd();
      this.pending = true;
    });
    sup.start();
    return sup;
  }

  /**
   * Stop everything: each service as `svc -dx`; once it is down, monitor's
   * copy of its log pipe is closed so the log service reads what is left and
   * meets end-of-file; a log service still up LOG_DRAIN_MS later is stopped.
   * Resolves when every supervisor has ended and every leftover is gone.
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const all: ServiceSupervisor[] = [];
    const each = [...this.entries.values()].map(async (e) => {
      const { main, log, pipe } = e;
      if (main) all.push(main);
      if (log) all.push(log);
      main?.shutdown();
      await main?.finished;
      pipe?.closeWrite();
      if (!log) return;
      log.control({ type: "exit" });
      const grace = setTimeout(() => log.shutdown(), LOG_DRAIN_MS);
      await log.finished;
      clearTimeout(grace);
    });
    await Promise.all(each);
    await Promise.all(all.map((s) => s.settled()));
    for (const e of this.entries.values()) e.pipe?.close();
    this.entries.clear();
  }
}
