// Event listeners under `monitor serve`, beside Debian's supervisord on the
// same config: a listener written with supervisor.childutils records what
// it is sent while a program starts, writes a line and is stopped; both
// servers must send it the same events with the same payloads (pids aside).
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pollUntil, ROOT } from "../helpers/monitor.ts";
import { monitorCtl, startCtlServer } from "../helpers/ctl-servers.ts";

const LISTENER = resolve(ROOT, "fixtures/listeners/record-events.py");

interface Recorded {
  headers: Record<string, string>;
  payload: string;
}

const recorded = (log: string): Recorded[] =>
  existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];

async function eventsFrom(kind: "supervisord" | "monitor"): Promise<{ events: Recorded[]; pid: number }> {
  // %(here)s is the server's temp dir; the listener writes its record there.
  const programs = `
[program:web]
command=/bin/sh -c 'echo hello from web; exec sleep 3600'
startsecs=0
stdout_events_enabled=true
stopwaitsecs=5

[eventlistener:rec]
command=/usr/bin/python3 ${LISTENER} %(here)s/events.jsonl
events=PROCESS_STATE,PROCESS_LOG,SUPERVISOR_STATE_CHANGE
startsecs=0
`;
  await using server = await startCtlServer({ kind, programs });
  const log = join(server.dir, "events.jsonl");
  const about = (r: Recorded) => r.payload.includes("processname:web") && r.headers.eventname === "PROCESS_STATE_RUNNING";
  await pollUntil(() => recorded(log).some(about), 15_000, `${kind}: web's RUNNING event at the listener`);
  const pid = Number(monitorCtl(server.conf, "pid", "web").stdout);
  expect(monitorCtl(server.conf, "stop", "web").stdout).toBe("web: stopped\n");
  await pollUntil(() => recorded(log).some((r) => r.payload.includes("processname:web") && r.headers.eventname === "PROCESS_STATE_STOPPED"), 15_000, `${kind}: web's STOPPED event`);
  return { events: recorded(log), pid };
}

/** The events about web and about the server, in order, with web's pid as PID. */
function story(events: Recorded[], pid: number): [string, string][] {
  return events
    .filter((r) => r.headers.eventname!.startsWith("SUPERVISOR_STATE") || r.payload.includes("processname:web"))
    .map((r) => [r.headers.eventname!, r.payload.replaceAll(`pid:${pid}`, "pid:PID")]);
}

test("monitor serve sends a childutils listener what supervisord sends: server RUNNING, web's states, its output, its stop", async () => {
  const theirs = await eventsFrom("supervisord");
  const ours = await eventsFrom("monitor");
  const expected: [string, string][] = [
    ["SUPERVISOR_STATE_CHANGE_RUNNING", ""],
    ["PROCESS_STATE_STARTING", "processname:web groupname:web from_state:STOPPED tries:0"],
    ["PROCESS_STATE_RUNNING", "processname:web groupname:web from_state:STARTING pid:PID"],
    ["PROCESS_LOG_STDOUT", "processname:web groupname:web pid:PID channel:stdout\nhello from web\n"],
    ["PROCESS_STATE_STOPPING", "processname:web groupname:web from_state:RUNNING pid:PID"],
    ["PROCESS_STATE_STOPPED", "processname:web groupname:web from_state:STOPPING pid:PID"],
  ];
  // The output may reach the listener before or after RUNNING (with startsecs=0 supervisord itself
  // sends either order): that one pair is compared without its order.
  const settle = (s: [string, string][]) => [...s.slice(0, 2), ...s.slice(2, 4).sort(), ...s.slice(4)];
  expect(settle(story(theirs.events, theirs.pid))).toEqual(settle(expected));
  expect(settle(story(ours.events, ours.pid))).toEqual(settle(expected));
  // Headers as supervisord writes them: serials from 0 in order, one pool.
  expect(ours.events.map((r) => r.headers.serial)).toEqual(ours.events.map((_, i) => String(i)));
  expect(new Set(ours.events.map((r) => `${r.headers.ver} ${r.headers.server} ${r.headers.pool}`))).toEqual(new Set(["3.0 supervisor rec"]));
});
