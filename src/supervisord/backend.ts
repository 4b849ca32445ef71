// The process engine as the control server sees it. `monitor serve`'s engine
// implements SupervisorBackend; rpc.ts turns supervisord's XML-RPC methods into
// these calls and keeps supervisord's rules (name lookup, which state refuses
// what, fault codes, waiting for RUNNING/STOPPED, results for groups) on its
// side, so the engine only reports state and carries out actions.
import type { ConfigDiff, GroupSpec } from "./config.ts";

/** supervisor/states.py ProcessStates, with their wire codes. */
export const PROCESS_STATE_CODES = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;
export type ProcessStateName = keyof typeof PROCESS_STATE_CODES;

// supervisor's state groups: what start refuses, what stop waits for, what may be signalled.
export const RUNNING_STATES: ReadonlySet<ProcessStateName> = new Set(["RUNNING", "BACKOFF", "STARTING"]);
export const STOPPED_STATES: ReadonlySet<ProcessStateName> = new Set(["STOPPED", "EXITED", "FATAL", "UNKNOWN"]);
export const SIGNALLABLE_STATES: ReadonlySet<ProcessStateName> = new Set(["RUNNING", "STARTING", "STOPPING"]);

/** supervisor/states.py SupervisorStates ("mood"); below RUNNING every method answers SHUTDOWN_STATE. */
export const SUPERVISOR_STATE_CODES = { FATAL: 2, RUNNING: 1, RESTARTING: 0, SHUTDOWN: -1 } as const;
export type SupervisorStateName = keyof typeof SUPERVISOR_STATE_CODES;

export interface ProcessRef {
  readonly group: string;
  readonly name: string;
}

/** One process as the engine knows it at this moment. */
export interface ProcessStatus extends ProcessRef {
  readonly state: ProcessStateName;
  /** Last spawn and last stop, seconds since the epoch; 0 when it never happened. */
  readonly start: number;
  readonly stop: number;
  /** 0 when there is no child. */
  readonly pid: number;
  /** Exit code of the last run (-1 when it died of a signal, as supervisord reports). */
  readonly exitstatus: number;
  /**
   * Why the last spawn failed, "" when it did not. Cleared by each start. Set
   * to "Exited too quickly (process log may have details)" when a run ends
   * before startsecs, as supervisord does: start then answers SPAWN_ERROR.
   */
  readonly spawnerr: string;
  /** Resolved log paths (AUTO already chosen); null when the channel is not logged. */
  readonly stdoutLogfile: string | null;
  readonly stderrLogfile: string | null;
}

/** An active process group; processes in priority order. */
export interface GroupStatus {
  readonly name: string;
  readonly processes: readonly ProcessStatus[];
}

/** supervisor.getProcessInfo's struct, members in supervisord's order. */
export interface ProcessInfo {
  name: string;
  group: string;
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: ProcessStateName;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
  description: string;
}

export interface SupervisorBackend {
  /** `[supervisord] identifier`. */
  getIdentification(): string;
  getState(): SupervisorStateName;
  getPid(): number;
  /** `[supervisord] logfile`, or null for syslog. */
  mainLogfile(): string | null;

  /** Active groups, in priority order (the order supervisord starts them). */
  groups(): readonly GroupStatus[];
  getProcess(ref: ProcessRef): ProcessStatus | undefined;
  /** The groups of the config last read (at start or by reloadConfig), active or not. */
  configuredGroups(): readonly GroupSpec[];
  /**
   * Calls `listener` with the new status after every state change of any
   * process; returns the unsubscribe function. Waiting start/stop calls
   * (supervisorctl's default) answer from these notifications.
   */
  watchProcesses(listener: (status: ProcessStatus) => void): () => void;

  /**
   * Spawns a process that is not running (rpc checked the state). Resolves once
   * the attempt is made: STARTING (or RUNNING with startsecs=0), or BACKOFF /
   * FATAL with spawnerr set. Rejects with ExecError(127) when the command does
   * not exist and ExecError(126) when it cannot be executed, checked before
   * spawning as supervisord does; any other rejection becomes FAILED.
   */
  startProcess(ref: ProcessRef): Promise<void>;
  /** Begins stopping a process in a running state: stopsignal and STOPPING (BACKOFF goes straight to STOPPED). A rejection's message becomes FAILED. */
  stopProcess(ref: ProcessRef): Promise<void>;
  /** Sends `signal` to a process in a signallable state. A rejection's message becomes FAILED. */
  signalProcess(ref: ProcessRef, signal: number): Promise<void>;
  /** monitor's zero-downtime restart of a RUNNING process: resolves once the new child is ready and the old one stopped. */
  reloadProcess(ref: ProcessRef): Promise<void>;
  /** Writes to the child's stdin; rejects with an EPIPE-coded error when the child closed it. */
  writeStdin(ref: ProcessRef, data: Uint8Array): Promise<void>;
  /** Removes the process's log files (and rotated ones) and reopens them. */
  clearProcessLogs(ref: ProcessRef): Promise<void>;
  /** Removes and reopens the main log. */
  clearMainLog(): Promise<void>;

  /** Rereads the config file; rejects with ConfigError (file:line) when it is bad, changing nothing. */
  reloadConfig(): Promise<ConfigDiff>;
  /** Activates a configured group that is not active (rpc checked both). */
  addProcessGroup(name: string): Promise<void>;
  /** Removes an active group; false when a process of it is still running. */
  removeProcessGroup(name: string): Promise<boolean>;

  /** Begins shutting down after the current response is sent; getState turns SHUTDOWN. */
  shutdown(): void;
  /** Begins restarting (supervisord's SIGHUP); getState turns RESTARTING. */
  restart(): void;
  /** Hands a REMOTE_COMMUNICATION event to event listeners. */
  sendRemoteCommEvent(type: string, data: string): void;
}
