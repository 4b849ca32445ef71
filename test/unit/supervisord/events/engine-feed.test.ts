import { expect, test } from "bun:test";
import { createLog, memoryReporter } from "../../../../src/log.ts";
import type { ProcessStatus } from "../../../../src/supervisord/backend.ts";
import { EventBus } from "../../../../src/supervisord/events/event-bus.ts";
import { EngineFeed, fromEngineEvent } from "../../../../src/supervisord/events/engine-feed.ts";
import { unpackEnvelope } from "../../../../src/supervisord/events/envelope.ts";
import { ListenerPool } from "../../../../src/supervisord/events/listener-pool.ts";

const settle = () => new Promise((r) => setTimeout(r, 0));
const status = (group: string, name: string, state: ProcessStatus["state"], pid = 0): ProcessStatus => ({
  group, name, state, pid, start: 0, stop: 0, exitstatus: 0, spawnerr: "", stdoutLogfile: null, stderrLogfile: null,
});

test("engine events become bus events; a listener process's states attach it to, and detach it from, its pool", async () => {
  const bus = new EventBus();
  const pool = new ListenerPool({ name: "mon", events: ["PROCESS_STATE", "PROCESS_GROUP"], bufferSize: 10, identifier: "supervisor", serials: bus.serials, log: createLog({ reporter: memoryReporter() }) });
  bus.subscribeRecords((r) => pool.offer(r));
  const written: string[] = [];
  let stdout: ((c: Uint8Array) => void) | null = null;
  const feed = new EngineFeed(bus, new Map([["mon", pool]]), {
    async writeStdin(_ref, data) {
      written.push(new TextDecoder().decode(data));
    },
    followStdout(_ref, onData) {
      stdout = onData;
      return () => (stdout = null);
    },
  });
  const say = (s: string) => stdout!(new TextEncoder().encode(s));

  feed.handle({ kind: "process-state", process: status("mon", "mon", "STARTING"), from: "STOPPED", tries: 0, expected: true });
  say("READY\n");
  feed.handle({ kind: "process-state", process: status("mon", "mon", "RUNNING", 77), from: "STARTING", tries: 0, expected: true });
  feed.handle({ kind: "process-state", process: status("web", "web", "RUNNING", 88), from: "STARTING", tries: 0, expected: true });
  await settle();
  // The first event is the listener's own STARTING (it was not RUNNING yet, so it waited in the buffer).
  expect(written.map((w) => unpackEnvelope(w)!.envelope.payload)).toEqual(["processname:mon groupname:mon from_state:STOPPED tries:0"]);

  feed.handle({ kind: "process-state", process: status("mon", "mon", "EXITED", 77), from: "RUNNING", tries: 0, expected: false });
  expect(stdout).toBeNull();
  feed.handle({ kind: "group-added", group: "extra" });
  feed.handle({ kind: "process-state", process: status("mon", "mon", "STARTING"), from: "EXITED", tries: 0, expected: true });
  say("READY\n");
  feed.handle({ kind: "process-state", process: status("mon", "mon", "RUNNING", 78), from: "STARTING", tries: 0, expected: true });
  await settle();
  // The event the dead listener held (serial 0) comes first again.
  expect(unpackEnvelope(written[1]!)!.envelope).toMatchObject({ serial: 0, payload: "processname:mon groupname:mon from_state:STOPPED tries:0" });
});

test("engine events map to supervisord's event kinds", () => {
  expect(fromEngineEvent({ kind: "group-removed", group: "g" })).toEqual({ kind: "process-group", change: "removed", group: "g" });
  expect(fromEngineEvent({ kind: "process-state", process: status("g", "p", "EXITED", 5), from: "RUNNING", tries: 2, expected: true })).toEqual({
    kind: "process-state", process: { name: "p", group: "g" }, from: "RUNNING", to: "EXITED", pid: 5, tries: 2, expected: true,
  });
});

test("STOPPED and EXITED carry the pid of the child that ended, as supervisord's payloads do; after BACKOFF there is none", () => {
  const bus = new EventBus();
  const seen: string[] = [];
  bus.subscribe((e) => e.kind === "process-state" && seen.push(`${e.to}:${e.pid}`));
  const feed = new EngineFeed(bus, new Map(), { writeStdin: async () => {}, followStdout: () => () => {} });
  const step = (state: ProcessStatus["state"], pid: number, from: ProcessStatus["state"]) => feed.handle({ kind: "process-state", process: status("w", "w", state, pid), from, tries: 0, expected: true });
  step("RUNNING", 41, "STARTING");
  step("STOPPING", 41, "RUNNING");
  step("STOPPED", 0, "STOPPING");
  step("STARTING", 0, "STOPPED");
  step("BACKOFF", 0, "STARTING");
  step("STOPPED", 0, "BACKOFF");
  expect(seen).toEqual(["RUNNING:41", "STOPPING:41", "STOPPED:41", "STARTING:0", "BACKOFF:0", "STOPPED:0"]);
});
