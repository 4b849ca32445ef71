// How optional capabilities plug into single-program mode. A feature module
// declares its own options and validates them (create() parses only; nothing
// happens before every option of every feature has been read), then takes
// part in the run through these hooks, called in registry order.
import type { OptionSpec } from "../cli/argv.ts";
import type { SingleConfig } from "../cli/single-options.ts";
import type { Log } from "../log.ts";
import type { PolicyConfig, ProcessState } from "../policy/types.ts";
import type { SpawnOptions, Spawned } from "../sys/spawn.ts";
import type { ExitStatus } from "../sys/wait-status.ts";
import type { ProgramRunner } from "./program.ts";

/** Counters single mode keeps for features to read (metrics). */
export interface SingleStats {
  /** Signals received and delivered to the child or its group (a forwarded shutdown included). */
  signalsForwarded: number;
}

export interface FeatureContext {
  readonly config: SingleConfig;
  readonly log: Log;
  readonly runner: ProgramRunner;
  readonly stats: SingleStats;
}

export interface Feature {
  readonly name: string;
  /** Adjust the machine's policy (rollback, health retries, readiness). */
  policy?(p: PolicyConfig): PolicyConfig;
  /** Before the first start: open files, bind sockets, start servers. May throw a MonitorError. */
  setup?(ctx: FeatureContext): void | Promise<void>;
  /** Adjust each start's spawn options (environment, fds, directory). */
  spawnOptions?(o: SpawnOptions): SpawnOptions;
  onSpawned?(s: Spawned): void;
  /** A signal reached monitor; true when this feature consumed it (it is then neither forwarded nor a shutdown). */
  onSignal?(signal: number): boolean;
  /** Signals onSignal may consume: they always reach the event loop, never the native forwarding handler. */
  readonly claimedSignals?: readonly number[];
  onExit?(pid: number, status: ExitStatus): void;
  onState?(from: ProcessState, to: ProcessState, reason: string): void;
  /** Answer the machine's rollback request: true when the backup is in place. */
  rollback?(): boolean;
  /** Inodes of pipes the child's output goes through besides monitor's own
   *  stdout and stderr (the capture pipes): whoever still holds one at exit is
   *  a straggler. */
  outputPipes?(): readonly number[];
  /** After the program is done and its group stopped, before monitor exits. */
  teardown?(): void | Promise<void>;
}

export interface FeatureModule {
  readonly options: readonly OptionSpec[];
  /** Validate this feature's options; undefined when none of them was given. Throws UsageError. */
  create(options: ReadonlyMap<string, string[]>, core: SingleConfig): Feature | undefined;
}
