// Listener pools end to end: real listener processes written with Debian's
// supervisor.childutils, started through monitor's spawn and reaper (in a
// host process of their own), fed events and answering on real pipes.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { killQuietly, pollUntil, ROOT } from "../helpers/monitor.ts";

const LISTENER = resolve(ROOT, "fixtures/listeners/record-events.py");
const HOST = resolve(ROOT, "test/helpers/listener-host.ts");

interface Recorded {
  pid: number;
  headers: Record<string, string>;
  payload: string;
}

function startHost(conf: string) {
  const proc = Bun.spawn([process.execPath, HOST, conf], { stdin: "pipe", stdout: "pipe", stderr: "inherit", cwd: ROOT });
  const lines: any[] = [];
  (async () => {
    let partial = "";
    for await (const chunk of proc.stdout) {
      partial += new TextDecoder().decode(chunk);
      const parts = partial.split("\n");
      partial = parts.pop()!;
      for (const p of parts) lines.push(JSON.parse(p));
    }
  })();
  return {
    lines,
    emit(...events: object[]) {
      for (const e of events) proc.stdin.write(`${JSON.stringify(e)}\n`);
      proc.stdin.flush();
    },
    async [Symbol.asyncDispose]() {
      proc.stdin.end();
      const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(15_000).then(() => false)]);
      if (!exited) killQuietly(proc.pid);
      // Any listener still alive (the host failed to stop it) by its pid.
      if (!exited) for (const l of lines) if (l.pid) killQuietly(l.pid);
    },
  };
}

function recorded(log: string): Recorded[] {
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
}

const waitForRecords = (log: string, n: number) =>
  pollUntil(() => (recorded(log).length >= n ? recorded(log) : undefined), 15_000, `${n} events recorded in ${log} (have ${recorded(log).length})`);

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "monitor-listeners-"));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

const web = { name: "web", group: "web" };

describe("event listeners written with supervisor.childutils", () => {
  test("receive supervisord's headers and payloads, filtered by events=, with global and per-pool serials", async () => {
    using tmp = tempDir();
    const [all, states] = [join(tmp.dir, "all.jsonl"), join(tmp.dir, "states.jsonl")];
    const conf = join(tmp.dir, "supervisord.conf");
    writeFileSync(
      conf,
      `[supervisord]\nidentifier=monitor-test\n\n` +
        `[eventlistener:recorder]\ncommand=/usr/bin/python3 ${LISTENER} ${all}\nevents=PROCESS_STATE,PROCESS_LOG,SUPERVISOR_STATE_CHANGE_RUNNING,TICK_60\nstartsecs=0\n\n` +
        `[eventlistener:states]\ncommand=/usr/bin/python3 ${LISTENER} ${states}\nevents=PROCESS_STATE_EXITED\nstartsecs=0\n`,
    );
    await using host = startHost(conf);
    host.emit(
      { kind: "process-state", process: web, from: "STARTING", to: "RUNNING", pid: 4321, tries: 0, expected: true },
      { kind: "tick", period: 60, when: 1700000040 },
      { kind: "tick", period: 5, when: 1700000045 }, // not subscribed by either pool: no serial
      { kind: "process-log", channel: "stdout", process: web, pid: 4321, data: "héllo ✓ 😀\nsecond line\n" },
      { kind: "process-group", change: "added", group: "web" },
      { kind: "supervisor-state", state: "RUNNING" },
      { kind: "process-state", process: web, from: "RUNNING", to: "EXITED", pid: 4321, tries: 0, expected: false },
    );
    const got = await waitForRecords(all, 5);
    const payloads = [
      "processname:web groupname:web from_state:STARTING pid:4321",
      "when:1700000040",
      "processname:web groupname:web pid:4321 channel:stdout\nhéllo ✓ 😀\nsecond line\n",
      "",
      "processname:web groupname:web from_state:RUNNING expected:0 pid:4321",
    ];
    expect(got.map((r) => r.payload)).toEqual(payloads);
    // childutils read exactly `len` characters (not bytes) of each payload: the non-ASCII one came through whole.
    const names = ["PROCESS_STATE_RUNNING", "TICK_60", "PROCESS_LOG_STDOUT", "SUPERVISOR_STATE_CHANGE_RUNNING", "PROCESS_STATE_EXITED"];
    expect(got.map((r) => r.headers)).toEqual(
      names.map((eventname, i) => ({ ver: "3.0", server: "monitor-test", serial: String(i), pool: "recorder", poolserial: String(i), eventname, len: String([...payloads[i]!].length) })),
    );
    const [exited] = await waitForRecords(states, 1);
    expect(exited!.headers).toMatchObject({ serial: "4", pool: "states", poolserial: "0", eventname: "PROCESS_STATE_EXITED" });
  });

  test("a FAIL answer and a listener dying mid-event both get the same event sent again, to the restarted listener for the latter", async () => {
    using tmp = tempDir();
    const log = join(tmp.dir, "events.jsonl");
    const conf = join(tmp.dir, "supervisord.conf");
    writeFileSync(conf, `[supervisord]\n[eventlistener:recorder]\ncommand=/usr/bin/python3 ${LISTENER} ${log}\nevents=PROCESS_LOG\nstartsecs=0\nautorestart=true\n`);
    await using host = startHost(conf);
    host.emit({ kind: "process-log", channel: "stderr", process: web, pid: 1, data: "please reject-me\n" }, { kind: "process-log", channel: "stderr", process: web, pid: 1, data: "then die-me\n" });
    const got = await waitForRecords(log, 4);
    expect(got.map((r) => [r.headers.serial, r.payload.split("\n")[1]])).toEqual([
      ["0", "please reject-me"],
      ["0", "please reject-me"],
      ["1", "then die-me"],
      ["1", "then die-me"],
    ]);
    expect(got[3]!.pid).not.toBe(got[2]!.pid); // the restarted listener
    expect(host.lines.some((l) => l.log === "warn: recorder: event was rejected")).toBe(true);
  });

  test("buffer_size: while the listener holds an event, the oldest waiting ones are dropped with a log line", async () => {
    using tmp = tempDir();
    const [log, gate] = [join(tmp.dir, "events.jsonl"), join(tmp.dir, "gate")];
    const conf = join(tmp.dir, "supervisord.conf");
    // REMOTE_COMMUNICATION, not TICK: a pool listening to TICK also gets the real ticks of the
    // clock, and one more event whenever a 5 s boundary passes mid-test (seen on a loaded machine).
    writeFileSync(conf, `[supervisord]\n[eventlistener:slow]\ncommand=/usr/bin/python3 ${LISTENER} ${log} ${gate}\nevents=REMOTE_COMMUNICATION\nbuffer_size=2\nstartsecs=0\n`);
    await using host = startHost(conf);
    const note = (n: number) => ({ kind: "remote-communication", type: "test", data: `note ${n}` });
    host.emit(note(0));
    await waitForRecords(log, 1); // the listener holds event 0 until the gate opens
    host.emit(note(1), note(2), note(3), note(4));
    await pollUntil(() => host.lines.filter((l) => String(l.log).includes("overflowed")).length >= 2, 10_000, "two overflow lines");
    expect(host.lines.filter((l) => String(l.log).includes("overflowed")).map((l) => l.log)).toEqual([
      "error: pool slow event buffer overflowed, discarding event 1",
      "error: pool slow event buffer overflowed, discarding event 2",
    ]);
    writeFileSync(gate, "");
    const got = await waitForRecords(log, 3);
    expect(got.map((r) => r.payload.split("\n").at(-1))).toEqual(["note 0", "note 3", "note 4"]);
  });
});
