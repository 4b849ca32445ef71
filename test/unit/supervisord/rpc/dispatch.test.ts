import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import { respond } from "../../../../src/supervisord/rpc/dispatch.ts";
import { buildMethodTable } from "../../../../src/supervisord/rpc/methods.ts";
import type { MethodResponse, XmlRpcValue } from "../../../../src/supervisord/xmlrpc.ts";
import { FakeBackend, proc } from "./fake-backend.ts";

// What Debian's supervisord 4.2.5 answers to system.listMethods and
// system.methodSignature, read from a running one.
const SUPERVISORD_SIGNATURES: Record<string, string[]> = {
  "supervisor.addProcessGroup": ["boolean", "string"], "supervisor.clearAllProcessLogs": ["array"],
  "supervisor.clearLog": ["boolean"], "supervisor.clearProcessLog": ["boolean", "string"],
  "supervisor.clearProcessLogs": ["boolean", "string"], "supervisor.getAPIVersion": ["string"],
  "supervisor.getAllConfigInfo": ["array"], "supervisor.getAllProcessInfo": ["array"],
  "supervisor.getIdentification": ["string"], "supervisor.getPID": ["int"],
  "supervisor.getProcessInfo": ["struct", "string"], "supervisor.getState": ["struct"],
  "supervisor.getSupervisorVersion": ["string"], "supervisor.getVersion": ["string"],
  "supervisor.readLog": ["string", "int", "int"], "supervisor.readMainLog": ["string", "int", "int"],
  "supervisor.readProcessLog": ["string", "string", "int", "int"], "supervisor.readProcessStderrLog": ["string", "string", "int", "int"],
  "supervisor.readProcessStdoutLog": ["string", "string", "int", "int"], "supervisor.reloadConfig": ["array"],
  "supervisor.removeProcessGroup": ["boolean", "string"], "supervisor.restart": ["boolean"],
  "supervisor.sendProcessStdin": ["boolean", "string", "string"], "supervisor.sendRemoteCommEvent": ["boolean", "string", "string"],
  "supervisor.shutdown": ["boolean"], "supervisor.signalAllProcesses": ["array", "string"],
  "supervisor.signalProcess": ["boolean", "string", "string"], "supervisor.signalProcessGroup": ["array", "string", "string"],
  "supervisor.startAllProcesses": ["array", "boolean"], "supervisor.startProcess": ["boolean", "string", "boolean"],
  "supervisor.startProcessGroup": ["array", "string", "boolean"], "supervisor.stopAllProcesses": ["array", "boolean"],
  "supervisor.stopProcess": ["boolean", "string", "boolean"], "supervisor.stopProcessGroup": ["array", "string", "boolean"],
  "supervisor.tailProcessLog": ["array", "string", "int", "int"], "supervisor.tailProcessStderrLog": ["array", "string", "int", "int"],
  "supervisor.tailProcessStdoutLog": ["array", "string", "int", "int"], "system.listMethods": ["array"],
  "system.methodHelp": ["string", "string"], "system.methodSignature": ["array", "string"], "system.multicall": ["array", "array"],
};

function setup(rpcInterface = true) {
  const backend = new FakeBackend([
    { name: "web", processes: [proc("web", "web", { state: "RUNNING", pid: 7 })] },
    { name: "jobs", processes: [proc("jobs", "a"), proc("jobs", "b", { state: "FATAL" })] },
  ]);
  const methods = buildMethodTable(rpcInterface);
  const call = (name: string, ...params: XmlRpcValue[]): Promise<MethodResponse> => respond({ backend, now: () => 1_700_000_000 }, methods, name, params);
  return { backend, call };
}

const value = (r: MethodResponse) => (r.kind === "value" ? r.value : r);
const fault = (r: MethodResponse) => (r.kind === "fault" ? [r.faultCode, r.faultString] : ["value", r.value]);

describe("the method table", () => {
  test("lists exactly supervisord 4.2.5's methods, with its signatures, and monitor's own monitor.reloadProcess", async () => {
    const { call } = setup();
    expect(value(await call("system.listMethods"))).toEqual([...Object.keys(SUPERVISORD_SIGNATURES), "monitor.reloadProcess"].sort());
    expect(value(await call("system.methodSignature", "monitor.reloadProcess"))).toEqual(["boolean", "string"]);
    for (const [name, sig] of Object.entries(SUPERVISORD_SIGNATURES)) expect(value(await call("system.methodSignature", name))).toEqual(sig);
    expect(fault(await call("system.methodSignature", "nope"))).toEqual([4, "SIGNATURE_UNSUPPORTED"]);
    expect(value(await call("system.methodHelp", "supervisor.getState"))).toContain("@return struct");
  });

  test("without [rpcinterface:supervisor] only system.* answers", async () => {
    const { call } = setup(false);
    expect(fault(await call("supervisor.getState"))).toEqual([1, "UNKNOWN_METHOD"]);
    expect(value(await call("system.listMethods"))).toEqual(["system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"]);
  });
});

describe("calls and faults", () => {
  test("an unknown method, a wrong count or a wrong type is refused with supervisord's codes", async () => {
    const { call } = setup();
    expect(fault(await call("supervisor.nope"))).toEqual([1, "UNKNOWN_METHOD"]);
    expect(fault(await call("supervisor.getState", 1))).toEqual([2, "INCORRECT_PARAMETERS"]);
    expect(fault(await call("supervisor.getProcessInfo"))).toEqual([2, "INCORRECT_PARAMETERS"]);
    expect(fault(await call("supervisor.readLog", "x", 0))).toEqual([2, "INCORRECT_PARAMETERS: offset must be an int"]);
  });

  test("once shutting down, every supervisor.* method answers SHUTDOWN_STATE and system.* still works", async () => {
    const { backend, call } = setup();
    expect(value(await call("supervisor.shutdown"))).toBe(true);
    expect(backend.mood).toBe("SHUTDOWN");
    expect(fault(await call("supervisor.getState"))).toEqual([6, "SHUTDOWN_STATE"]);
    expect(fault(await call("supervisor.shutdown"))).toEqual([6, "SHUTDOWN_STATE"]);
    expect(value(await call("system.listMethods"))).toContain("system.multicall");
  });

  test("start: BAD_NAME, ALREADY_STARTED, NO_FILE, SPAWN_ERROR, ABNORMAL_TERMINATION, and true once RUNNING", async () => {
    const { backend, call } = setup();
    expect(fault(await call("supervisor.startProcess", "nosuch"))).toEqual([10, "BAD_NAME: nosuch"]);
    expect(fault(await call("supervisor.startProcess", "web"))).toEqual([60, "ALREADY_STARTED: web"]);
    backend.missingCommands.add("a");
    expect(fault(await call("supervisor.startProcess", "jobs:a"))).toEqual([20, "NO_FILE: a: not found (ENOENT)"]);
    backend.missingCommands.clear();
    backend.onStart = (p) => {
      backend.set(p, { state: "STARTING" });
      setTimeout(() => backend.set(p, { state: "BACKOFF", spawnerr: "Exited too quickly (process log may have details)" }), 1);
    };
    expect(fault(await call("supervisor.startProcess", "jobs:a"))).toEqual([50, "SPAWN_ERROR: jobs:a"]);
    backend.set({ group: "jobs", name: "a" }, { state: "STOPPED", spawnerr: "" });
    backend.onStart = (p) => {
      backend.set(p, { state: "STARTING" });
      setTimeout(() => backend.set(p, { state: "STOPPED" }), 1);
    };
    expect(fault(await call("supervisor.startProcess", "jobs:a"))).toEqual([40, "ABNORMAL_TERMINATION: jobs:a"]);
    backend.onStart = (p) => {
      backend.set(p, { state: "STARTING" });
      setTimeout(() => backend.set(p, { state: "RUNNING", pid: 43 }), 1);
    };
    expect(value(await call("supervisor.startProcess", "jobs:a"))).toBe(true);
    expect(backend.getProcess({ group: "jobs", name: "a" })!.state).toBe("RUNNING");
  });

  test("a group start answers one struct per process, refusals first, and skips the running ones", async () => {
    const { backend, call } = setup();
    backend.missingCommands.add("b");
    const r = value(await call("supervisor.startProcess", "jobs:*"));
    expect(r).toEqual([
      { name: "b", group: "jobs", status: 20, description: "NO_FILE: b: not found (ENOENT)" },
      { name: "a", group: "jobs", status: 80, description: "OK" },
    ]);
    expect(backend.calls).toEqual(["start jobs:a", "start jobs:b"]);
    // a is RUNNING now and skipped; b is still not running, so it is tried again.
    expect(value(await call("supervisor.startProcessGroup", "jobs"))).toEqual([{ name: "b", group: "jobs", status: 20, description: "NO_FILE: b: not found (ENOENT)" }]);
  });

  test("stop waits for a stopped state; a stopped process is NOT_RUNNING", async () => {
    const { backend, call } = setup();
    expect(value(await call("supervisor.stopProcess", "web"))).toBe(true);
    expect(backend.getProcess({ group: "web", name: "web" })!.state).toBe("STOPPED");
    expect(fault(await call("supervisor.stopProcess", "web"))).toEqual([70, "NOT_RUNNING: web"]);
  });

  test("signals take a name in any case or a number; anything else is BAD_SIGNAL", async () => {
    const { backend, call } = setup();
    for (const s of ["HUP", "sighup", " hup ", "1", 1]) expect(value(await call("supervisor.signalProcess", "web", s))).toBe(true);
    expect(backend.calls).toEqual(Array(5).fill(`signal web:web ${constants.signals.SIGHUP}`));
    expect(fault(await call("supervisor.signalProcess", "web", "NOPE"))).toEqual([11, "BAD_SIGNAL: NOPE"]);
    expect(fault(await call("supervisor.signalProcess", "web", "999"))).toEqual([11, "BAD_SIGNAL: 999"]);
    expect(fault(await call("supervisor.signalProcess", "jobs:a", "HUP"))).toEqual([70, "NOT_RUNNING: jobs:a"]);
  });

  test("multicall answers each call's value or fault struct in order, and refuses to recurse", async () => {
    const { call } = setup();
    const r = value(
      await call("system.multicall", [
        { methodName: "supervisor.getPID", params: [] },
        { methodName: "supervisor.nope" },
        { methodName: "system.multicall", params: [[]] },
        { params: [] },
      ]),
    );
    expect(r).toEqual([
      1234,
      { faultCode: 1, faultString: "UNKNOWN_METHOD" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: Recursive system.multicall forbidden" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: No methodName" },
    ]);
  });

  test("getAllProcessInfo lists groups and processes by name, with supervisorctl's descriptions", async () => {
    const { call } = setup();
    const r = value(await call("supervisor.getAllProcessInfo")) as Record<string, XmlRpcValue>[];
    expect(r.map((p) => `${p.group}:${p.name} ${p.statename} ${p.description}`)).toEqual([
      "jobs:a STOPPED Not started",
      'jobs:b FATAL unknown error (try "tail b")',
      "web:web RUNNING pid 7, uptime 19675 days, 22:13:20",
    ]);
  });
});
