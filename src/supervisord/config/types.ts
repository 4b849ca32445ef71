// What `monitor serve -c FILE` knows once a supervisord.conf is read: server
// settings and one ProcessSpec per process (numprocs already expanded), with
// units an engine uses directly (ms, bytes, signal numbers, restart policy).
import type { Environment } from "./environment.ts";
import type { Autorestart, LogLevel } from "./py-values.ts";

/** Where a setting was written. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** Something supervisord would log as a parse warning; loading still succeeds. */
export interface ConfigWarning extends SourceRef {
  readonly message: string;
}

/** `[supervisord]` */
export interface SupervisordSettings {
  /** Absolute path, or "syslog". Default `supervisord.log` in the current directory. */
  readonly logfile: string;
  readonly logfileMaxBytes: number;
  readonly logfileBackups: number;
  readonly loglevel: LogLevel;
  /** Absolute path. Default `supervisord.pid` in the current directory. */
  readonly pidfile: string;
  readonly nodaemon: boolean;
  readonly silent: boolean;
  readonly minfds: number;
  readonly minprocs: number;
  readonly umask: number;
  /** The user supervisord switches to; null keeps the current one. */
  readonly user: ResolvedUser | null;
  readonly identifier: string;
  /** Directory to chdir to when daemonizing; checked to exist. */
  readonly directory: string | null;
  /** Where AUTO child logs go; default the temp dir. */
  readonly childlogdir: string;
  readonly nocleanup: boolean;
  readonly stripAnsi: boolean;
  /** Added to every process's environment (a program's own wins). */
  readonly environment: Environment;
}

export interface ResolvedUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

/** Basic auth for a server; both set or neither (supervisord refuses half). */
export interface Credentials {
  readonly username: string;
  /** As written: plain text or `{SHA}` + hex SHA-1. */
  readonly password: string;
}

/** `[unix_http_server]` */
export interface UnixServerSettings {
  /** Text after `unix_http_server:` in the header, null for the plain section. */
  readonly name: string | null;
  readonly file: string;
  /** Default 0o700. */
  readonly chmod: number;
  /** -1 leaves uid or gid unchanged. */
  readonly chown: { readonly uid: number; readonly gid: number } | null;
  readonly auth: Credentials | null;
  readonly source: SourceRef;
}

/** `[inet_http_server]` */
export interface InetServerSettings {
  readonly name: string | null;
  /** null binds every interface (`port=9001` or `*:9001`). */
  readonly host: string | null;
  readonly port: number;
  readonly auth: Credentials | null;
  readonly source: SourceRef;
}

/** `[supervisorctl]` of the main file (supervisorctl does not read includes). */
export interface CtlSettings {
  /** Default `http://localhost:9001`; a `unix://` path made absolute. */
  readonly serverurl: string;
  readonly username: string | null;
  readonly password: string | null;
  /** Default `supervisor`. */
  readonly prompt: string;
  readonly historyFile: string | null;
}

export type LogfileSetting =
  | { readonly kind: "auto" }
  | { readonly kind: "none" }
  | { readonly kind: "file"; readonly path: string };

/** One of a process's output channels (`stdout_*` or `stderr_*` keys). */
export interface ChannelSpec {
  /** AUTO (default): a file in childlogdir; none: discarded (still captured for tail if capture is set). */
  readonly logfile: LogfileSetting;
  readonly maxBytes: number;
  readonly backups: number;
  readonly captureMaxBytes: number;
  readonly eventsEnabled: boolean;
  readonly syslog: boolean;
  /** monitor extension `stdout_logfile_timestamps` (always false for stderr). */
  readonly timestamps: boolean;
}

export type HealthCheck =
  | { readonly kind: "command"; readonly command: string; readonly intervalMs: number; readonly retries: number; readonly timeoutMs: number }
  | { readonly kind: "http"; readonly url: string; readonly intervalMs: number; readonly retries: number; readonly timeoutMs: number };

export type ListenAddress =
  | { readonly kind: "tcp"; readonly host: string; readonly port: number; readonly text: string }
  | { readonly kind: "unix"; readonly path: string; readonly text: string };

export type Readiness =
  | { readonly kind: "notify" }
  | { readonly kind: "fd"; readonly fd: number }
  | { readonly kind: "delay"; readonly ms: number };

/**
 * Delay before a restart after a failed start. supervisord's own is linear
 * (1 s, 2 s, 3 s, ...); with `backoff_factor`/`backoff_max` or
 * `startretries=-1` it is exponential from 1 s, capped at maxMs.
 */
export type Backoff =
  | { readonly kind: "linear"; readonly stepMs: number }
  | { readonly kind: "exponential"; readonly firstMs: number; readonly factor: number; readonly maxMs: number };

/** One process to run: a `[program:x]`/`[eventlistener:x]` after numprocs expansion. */
export interface ProcessSpec {
  readonly kind: "program" | "eventlistener";
  /** process_name after expansion. */
  readonly name: string;
  readonly group: string;
  /** `group:name`, or `name` when both are equal (supervisor's make_namespec). */
  readonly namespec: string;
  /** x of `[program:x]`. */
  readonly program: string;
  readonly processNum: number;
  readonly command: string;
  /** command split as supervisord does before exec (shlex.split). */
  readonly argv: readonly string[];
  readonly priority: number;
  readonly autostart: boolean;
  readonly autorestart: Autorestart;
  readonly exitCodes: readonly number[];
  readonly startSecsMs: number;
  /** Failed starts allowed before FATAL; -1 retries forever (monitor extension). */
  readonly startRetries: number;
  readonly backoff: Backoff;
  readonly stopSignal: number;
  readonly stopWaitMs: number;
  readonly stopAsGroup: boolean;
  readonly killAsGroup: boolean;
  readonly user: ResolvedUser | null;
  readonly directory: string | null;
  readonly umask: number | null;
  /** SUPERVISOR_SERVER_URL for the child; null means the server's own (also for AUTO). */
  readonly serverUrl: string | null;
  /** [supervisord] environment, then environment_file, then the program's environment. */
  readonly environment: Environment;
  readonly redirectStderr: boolean;
  readonly stdout: ChannelSpec;
  readonly stderr: ChannelSpec;
  // monitor's extension keys (SPEC section 5)
  readonly dependsOn: readonly string[];
  readonly essential: boolean;
  readonly environmentFile: string | null;
  readonly healthcheck: HealthCheck | null;
  readonly listen: readonly ListenAddress[];
  readonly ready: Readiness | null;
  readonly source: SourceRef;
}

/** A process group as supervisord manages (and rereads) it. */
export interface GroupSpec {
  /** program: from a `[program:x]`; group: a `[group:x]`; eventlistener: a listener pool. */
  readonly kind: "program" | "group" | "eventlistener";
  readonly name: string;
  readonly priority: number;
  readonly processes: readonly ProcessSpec[];
  /** Listener pools only. */
  readonly listener: { readonly events: readonly string[]; readonly bufferSize: number } | null;
  readonly source: SourceRef;
}

export interface SupervisordConfig {
  /** Absolute path of the main file. */
  readonly file: string;
  /** Every file read: the main one, then includes in the order read. */
  readonly files: readonly string[];
  readonly supervisord: SupervisordSettings;
  readonly unixServers: readonly UnixServerSettings[];
  readonly inetServers: readonly InetServerSettings[];
  readonly ctl: CtlSettings | null;
  /** Whether [rpcinterface:supervisor] is configured (without it only system.* methods answer). */
  readonly rpcInterface: boolean;
  /** Default SUPERVISOR_SERVER_URL: the first unix server, else the first inet one. */
  readonly serverUrl: string | null;
  /** Sorted as supervisord starts them: by priority, then name. */
  readonly groups: readonly GroupSpec[];
  /** Every process of every group, in group order. */
  readonly processes: readonly ProcessSpec[];
  readonly warnings: readonly ConfigWarning[];
}
