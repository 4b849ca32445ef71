// supervisord's XML-RPC fault codes (supervisor/xmlrpc.py, class Faults) and
// the faultString convention: the code's name, then ": " and the detail when
// there is one (`BAD_NAME: foo`). supervisorctl switches on these numbers to
// choose its message and exit status, so they are a wire contract.

export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

export type FaultName = keyof typeof Faults;
export type FaultCode = (typeof Faults)[FaultName];

const NAMES = new Map<number, FaultName>(Object.entries(Faults).map(([name, code]) => [code, name as FaultName]));

/** `BAD_NAME` for 10; `UNKNOWN` for a code supervisor does not define. */
export function faultName(code: number): string {
  return NAMES.get(code) ?? "UNKNOWN";
}

/** An XML-RPC fault as a method answers it: the code and supervisor's faultString. */
export class RpcFault extends Error {
  override name = "RpcFault";
  readonly faultString: string;
  constructor(
    readonly code: number,
    detail?: string,
  ) {
    const text = detail === undefined ? faultName(code) : `${faultName(code)}: ${detail}`;
    super(text);
    this.faultString = text;
  }
}

/** Throws RpcFault(code, detail): keeps call sites one line. */
export function fail(code: FaultCode, detail?: string): never {
  throw new RpcFault(code, detail);
}
