// The events supervisord hands to listeners, and their payloads exactly as
// supervisor/events.py renders them (the text after the header line). An
// event records its values when it happens, as supervisord's do: the pid
// and the tries are those of the moment of the change.
import type { ProcessStateName } from "../backend.ts";
import type { ConcreteEventName } from "./event-types.ts";

export interface EventProcess {
  readonly name: string;
  readonly group: string;
}

export type SupervisorEvent =
  | {
      readonly kind: "process-state";
      readonly process: EventProcess;
      readonly from: ProcessStateName;
      readonly to: ProcessStateName;
      /** The child's pid at the change (0 when there is none); STOPPED/EXITED carry the pid that ended. */
      readonly pid: number;
      /** Consecutive failed starts so far (supervisord's `backoff` counter), for STARTING and BACKOFF. */
      readonly tries: number;
      /** For EXITED: the exit code was in exitcodes. */
      readonly expected: boolean;
    }
  | { readonly kind: "process-log"; readonly channel: "stdout" | "stderr"; readonly process: EventProcess; readonly pid: number; readonly data: Uint8Array }
  | { readonly kind: "process-communication"; readonly channel: "stdout" | "stderr"; readonly process: EventProcess; readonly pid: number; readonly data: Uint8Array }
  | { readonly kind: "remote-communication"; readonly type: string; readonly data: string }
  | { readonly kind: "supervisor-state"; readonly state: "RUNNING" | "STOPPING" }
  | { readonly kind: "tick"; readonly period: 5 | 60 | 3600; readonly when: number }
  | { readonly kind: "process-group"; readonly change: "added" | "removed"; readonly group: string };

/** Where events come from: `monitor serve`'s engine emits into one of these. */
export interface EventSource {
  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: SupervisorEvent) => void): () => void;
}

export function eventName(e: SupervisorEvent): ConcreteEventName {
  switch (e.kind) {
    case "process-state":
      return `PROCESS_STATE_${e.to}`;
    case "process-log":
      return e.channel === "stdout" ? "PROCESS_LOG_STDOUT" : "PROCESS_LOG_STDERR";
    case "process-communication":
      return e.channel === "stdout" ? "PROCESS_COMMUNICATION_STDOUT" : "PROCESS_COMMUNICATION_STDERR";
    case "remote-communication":
      return "REMOTE_COMMUNICATION";
    case "supervisor-state":
      return `SUPERVISOR_STATE_CHANGE_${e.state}`;
    case "tick":
      return `TICK_${e.period}`;
    case "process-group":
      return e.change === "added" ? "PROCESS_GROUP_ADDED" : "PROCESS_GROUP_REMOVED";
  }
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** Python's repr() of bytes: b'...' (b"..." when it holds ' and no "), with \\n \\t \\r \\\\ and \\xNN escapes. */
function pyBytesRepr(data: Uint8Array): string {
  const quote = data.includes(0x27) && !data.includes(0x22) ? '"' : "'";
  let out = "";
  for (const b of data) {
    if (b === 0x5c) out += "\\\\";
    else if (b === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x09) out += "\\t";
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(b);
  }
  return `b${quote}${out}${quote}`;
}

/** as_string(data), or supervisord's `Undecodable: b'...'` when it is not UTF-8. */
function dataText(data: Uint8Array): string {
  try {
    return strict.decode(data);
  } catch {
    return `Undecodable: ${pyBytesRepr(data)}`;
  }
}

function stateExtras(e: Extract<SupervisorEvent, { kind: "process-state" }>): string {
  switch (e.to) {
    case "STARTING":
    case "BACKOFF":
      return ` tries:${e.tries}`;
    case "EXITED":
      return ` expected:${e.expected ? 1 : 0} pid:${e.pid}`;
    case "RUNNING":
    case "STOPPING":
    case "STOPPED":
      return ` pid:${e.pid}`;
    default:
      return "";
  }
}

export function eventPayload(e: SupervisorEvent): string {
  switch (e.kind) {
    case "process-state":
      return `processname:${e.process.name} groupname:${e.process.group} from_state:${e.from}${stateExtras(e)}`;
    case "process-log":
      return `processname:${e.process.name} groupname:${e.process.group} pid:${e.pid} channel:${e.channel}\n${dataText(e.data)}`;
    case "process-communication":
      return `processname:${e.process.name} groupname:${e.process.group} pid:${e.pid}\n${dataText(e.data)}`;
    case "remote-communication":
      return `type:${e.type}\n${e.data}`;
    case "supervisor-state":
      return "";
    case "tick":
      return `when:${e.when}`;
    case "process-group":
      return `groupname:${e.group}\n`;
  }
}
