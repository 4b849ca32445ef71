// Event names and payloads compared with supervisor's own events.py: Debian's
// python3 renders the same events from stand-in process objects.
import { describe, expect, test } from "bun:test";
import { PROCESS_STATE_CODES } from "../../../../src/supervisord/backend.ts";
import { eventName, eventPayload, type SupervisorEvent } from "../../../../src/supervisord/events/events.ts";
import { eventAncestry, isSubscribed } from "../../../../src/supervisord/events/event-types.ts";

const web = { name: "web_01", group: "web" };
const bytes = (s: string) => new TextEncoder().encode(s);

const CASES: SupervisorEvent[] = [
  ...(["STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "STOPPED", "FATAL", "UNKNOWN"] as const).map(
    (to, i): SupervisorEvent => ({ kind: "process-state", process: web, from: "STARTING", to, pid: 4242 + i, tries: i, expected: i % 2 === 0 }),
  ),
  { kind: "process-state", process: { name: "solo", group: "solo" }, from: "BACKOFF", to: "STARTING", pid: 0, tries: 3, expected: true },
  { kind: "process-log", channel: "stdout", process: web, pid: 77, data: bytes("line one\nhéllo ✓\n") },
  { kind: "process-log", channel: "stderr", process: web, pid: 77, data: new Uint8Array([0x66, 0xff, 0x27, 0x5c, 0x0a, 0x00]) },
  { kind: "process-communication", channel: "stdout", process: web, pid: 78, data: bytes("<x>hi</x>") },
  { kind: "remote-communication", type: "deploy", data: "v2\nnow" },
  { kind: "supervisor-state", state: "RUNNING" },
  { kind: "supervisor-state", state: "STOPPING" },
  { kind: "tick", period: 5, when: 1700000005 },
  { kind: "tick", period: 60, when: 1700000040 },
  { kind: "tick", period: 3600, when: 1699999200 },
  { kind: "process-group", change: "added", group: "web" },
  { kind: "process-group", change: "removed", group: "web" },
];

const PYTHON = String.raw`
import json, sys
from supervisor import events
class O: pass
def proc(p):
    x = O(); x.config = O(); x.config.name = p["name"]; x.group = O(); x.group.config = O(); x.group.config.name = p["group"]
    x.pid = p.get("pid", 0); x.backoff = p.get("tries", 0); return x
CLASSES = {"STARTING": events.ProcessStateStartingEvent, "RUNNING": events.ProcessStateRunningEvent, "BACKOFF": events.ProcessStateBackoffEvent,
  "STOPPING": events.ProcessStateStoppingEvent, "EXITED": events.ProcessStateExitedEvent, "STOPPED": events.ProcessStateStoppedEvent,
  "FATAL": events.ProcessStateFatalEvent, "UNKNOWN": events.ProcessStateUnknownEvent}
out = []
for c in json.load(sys.stdin):
    k = c["kind"]
    if k == "process-state":
        e = CLASSES[c["to"]](proc(dict(c["process"], pid=c["pid"], tries=c["tries"])), c["fromCode"], c["expected"])
    elif k in ("process-log", "process-communication"):
        base = {"process-log": {"stdout": events.ProcessLogStdoutEvent, "stderr": events.ProcessLogStderrEvent},
                "process-communication": {"stdout": events.ProcessCommunicationStdoutEvent, "stderr": events.ProcessCommunicationStderrEvent}}
        e = base[k][c["channel"]](proc(c["process"]), c["pid"], bytes(c["data"]))
    elif k == "remote-communication": e = events.RemoteCommunicationEvent(c["type"], c["data"])
    elif k == "supervisor-state": e = {"RUNNING": events.SupervisorRunningEvent, "STOPPING": events.SupervisorStoppingEvent}[c["state"]]()
    elif k == "tick": e = {5: events.Tick5Event, 60: events.Tick60Event, 3600: events.Tick3600Event}[c["period"]](c["when"], None)
    else: e = {"added": events.ProcessGroupAddedEvent, "removed": events.ProcessGroupRemovedEvent}[c["change"]](c["group"])
    out.append([events.getEventNameByType(e.__class__), e.payload()])
json.dump(out, sys.stdout)
`;

function pythonRenders(cases: SupervisorEvent[]): [string, string][] {
  const input = cases.map((c) => ("data" in c && c.data instanceof Uint8Array ? { ...c, data: [...c.data] } : c.kind === "process-state" ? { ...c, fromCode: PROCESS_STATE_CODES[c.from] } : c));
  const r = Bun.spawnSync(["/usr/bin/python3", "-c", PYTHON], { stdin: Buffer.from(JSON.stringify(input)), stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`python3: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString());
}

describe("event payloads", () => {
  test("every event type's name and payload are what supervisor's events.py writes, byte for byte", () => {
    expect(CASES.map((c) => [eventName(c), eventPayload(c)])).toEqual(pythonRenders(CASES));
  });

  test("the payloads supervisord's documentation shows", () => {
    expect(eventPayload(CASES[1]!)).toBe("processname:web_01 groupname:web from_state:STARTING pid:4243");
    expect(eventPayload(CASES[4]!)).toBe("processname:web_01 groupname:web from_state:STARTING expected:1 pid:4246");
    expect(eventPayload(CASES[10]!)).toBe('processname:web_01 groupname:web pid:77 channel:stderr\nUndecodable: b"f\\xff\'\\\\\\n\\x00"');
  });
});

describe("events= subscriptions follow supervisor's type hierarchy", () => {
  test("a type is received by its own name, its abstract parent and EVENT, and by nothing else", () => {
    expect(eventAncestry("PROCESS_STATE_RUNNING")).toEqual(["PROCESS_STATE_RUNNING", "PROCESS_STATE", "EVENT"]);
    expect(eventAncestry("PROCESS_LOG_STDERR")).toEqual(["PROCESS_LOG_STDERR", "PROCESS_LOG", "EVENT"]);
    expect(eventAncestry("REMOTE_COMMUNICATION")).toEqual(["REMOTE_COMMUNICATION", "EVENT"]);
    expect(isSubscribed("TICK_60", ["TICK"])).toBe(true);
    expect(isSubscribed("TICK_60", ["TICK_5"])).toBe(false);
    expect(isSubscribed("PROCESS_COMMUNICATION_STDOUT", ["PROCESS_STATE", "PROCESS_LOG"])).toBe(false);
    expect(isSubscribed("SUPERVISOR_STATE_CHANGE_STOPPING", ["SUPERVISOR_STATE_CHANGE"])).toBe(true);
    expect(isSubscribed("PROCESS_GROUP_REMOVED", ["EVENT"])).toBe(true);
  });
});
