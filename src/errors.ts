// The few typed errors monitor throws. Each carries the data that names what
// was wrong; main.ts alone maps them to a one-line message and an exit status.

/** Bad command line: exit 2, as tini and getopt-style tools do. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly status = 2;
}

/** A configuration file line that cannot be used; names file:line. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly status = 2;
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${file}:${line}: ${message}`, options);
  }
}

/** A libc call that failed; carries the call's name and errno. */
export class SysError extends Error {
  override name = "SysError";
  readonly status = 1;
  constructor(
    readonly call: string,
    readonly errno: number,
    readonly code: string,
    detail?: string,
  ) {
    super(`${call}${detail ? ` ${detail}` : ""}: ${code} (errno ${errno})`);
  }
}

/** PROGRAM could not be started: 127 when not found, 126 when not executable. */
export class ExecError extends Error {
  override name = "ExecError";
  constructor(
    readonly program: string,
    readonly status: 126 | 127,
    readonly errno: number,
    readonly code: string,
  ) {
    super(
      status === 127
        ? `${program}: not found (${code})`
        : `${program}: cannot execute (${code})`,
    );
  }
}

/** Plain runtime failure with a chosen exit status (pidfile held, ...). */
export class RuntimeError extends Error {
  override name = "RuntimeError";
  constructor(message: string, readonly status = 1) {
    super(message);
  }
}

export type MonitorError = UsageError | ConfigError | SysError | ExecError | RuntimeError;

export function isMonitorError(e: unknown): e is MonitorError {
  return (
    e instanceof UsageError ||
    e instanceof ConfigError ||
    e instanceof SysError ||
    e instanceof ExecError ||
    e instanceof RuntimeError
  );
}
