// supervisor's event type hierarchy (events.py EventTypes): a listener that
// subscribes to a type gets every event of that type and of its subtypes,
// as supervisord's isinstance() test gives them. EVENT is the root; the
// abstract parents are PROCESS_STATE, PROCESS_COMMUNICATION, PROCESS_LOG,
// SUPERVISOR_STATE_CHANGE, TICK and PROCESS_GROUP.

export type ConcreteEventName =
  | "PROCESS_STATE_STOPPED"
  | "PROCESS_STATE_EXITED"
  | "PROCESS_STATE_STARTING"
  | "PROCESS_STATE_STOPPING"
  | "PROCESS_STATE_BACKOFF"
  | "PROCESS_STATE_FATAL"
  | "PROCESS_STATE_RUNNING"
  | "PROCESS_STATE_UNKNOWN"
  | "PROCESS_COMMUNICATION_STDOUT"
  | "PROCESS_COMMUNICATION_STDERR"
  | "PROCESS_LOG_STDOUT"
  | "PROCESS_LOG_STDERR"
  | "REMOTE_COMMUNICATION"
  | "SUPERVISOR_STATE_CHANGE_RUNNING"
  | "SUPERVISOR_STATE_CHANGE_STOPPING"
  | "TICK_5"
  | "TICK_60"
  | "TICK_3600"
  | "PROCESS_GROUP_ADDED"
  | "PROCESS_GROUP_REMOVED";

const ABSTRACT_PARENTS = ["PROCESS_STATE", "PROCESS_COMMUNICATION", "PROCESS_LOG", "SUPERVISOR_STATE_CHANGE", "TICK", "PROCESS_GROUP"] as const;

/** The type itself, its abstract parent (if any), then EVENT. */
export function eventAncestry(name: ConcreteEventName): string[] {
  // Parents are prefixes ending at an underscore; the longest match wins
  // (PROCESS_STATE_STOPPED is a PROCESS_STATE, not a PROCESS_...).
  const parent = ABSTRACT_PARENTS.filter((p) => name.startsWith(`${p}_`)).sort((a, b) => b.length - a.length)[0];
  return parent ? [name, parent, "EVENT"] : [name, "EVENT"];
}

/** Whether a pool subscribed to `subscribed` (events= names) receives an event of type `name`. */
export function isSubscribed(name: ConcreteEventName, subscribed: readonly string[]): boolean {
  return eventAncestry(name).some((t) => subscribed.includes(t));
}
