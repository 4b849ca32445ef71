// One line per process result, worded as supervisorctl's _startresult,
// _signalresult (stop is the same with "stopped") and _clearresult. A code
// supervisorctl does not expect is an error, as its ValueError is.
import { Faults } from "../supervisord/faults.ts";
import { makeNamespec } from "../supervisord/namespec.ts";

export interface ProcessResult {
  readonly name: string;
  readonly group: string;
  readonly status: number;
  readonly description: string;
}

export class UnexpectedResult extends Error {
  override name = "UnexpectedResult";
  constructor(code: number, name: string) {
    super(`Unknown result code ${code} for ${name}`);
  }
}

const error = (name: string, what: string) => `${name}: ERROR (${what})`;

export function formatStartResult(r: ProcessResult): string {
  const name = makeNamespec(r.group, r.name);
  switch (r.status) {
    case Faults.BAD_NAME:
      return error(name, "no such process");
    case Faults.NO_FILE:
      return error(name, "no such file");
    case Faults.NOT_EXECUTABLE:
      return error(name, "file is not executable");
    case Faults.ALREADY_STARTED:
      return error(name, "already started");
    case Faults.SPAWN_ERROR:
      return error(name, "spawn error");
    case Faults.ABNORMAL_TERMINATION:
      return error(name, "abnormal termination");
    case Faults.SUCCESS:
      return `${name}: started`;
  }
  throw new UnexpectedResult(r.status, name);
}

export function formatSignalResult(r: ProcessResult, success = "signalled"): string {
  const name = makeNamespec(r.group, r.name);
  switch (r.status) {
    case Faults.BAD_NAME:
      return error(name, "no such process");
    case Faults.BAD_SIGNAL:
      return error(name, "bad signal name");
    case Faults.NOT_RUNNING:
      return error(name, "not running");
    case Faults.SUCCESS:
      return `${name}: ${success}`;
    case Faults.FAILED:
      return r.description;
  }
  throw new UnexpectedResult(r.status, name);
}

export function formatStopResult(r: ProcessResult): string {
  return formatSignalResult(r, "stopped");
}

export function formatClearResult(r: ProcessResult): string {
  const name = makeNamespec(r.group, r.name);
  switch (r.status) {
    case Faults.BAD_NAME:
      return error(name, "no such process");
    case Faults.FAILED:
      return error(name, "failed");
    case Faults.SUCCESS:
      return `${name}: cleared`;
  }
  throw new UnexpectedResult(r.status, name);
}
