// Runs the [eventlistener:x] pools of a supervisord.conf in a process of its
// own (it reaps its children, so it cannot live inside the test runner) and
// feeds them events read from stdin, one JSON SupervisorEvent a line (`data`
// as a string). Prints JSON lines on stdout: {"log": ...} for monitor's log,
// {"state": [process, from, to], "pid": N} for listener states. Stops its listeners and
// exits when stdin ends.
import type { ConsolaReporter } from "consola/core";
import { createLog } from "../../src/log.ts";
import { loadConfig } from "../../src/supervisord/config.ts";
import { EventBus } from "../../src/supervisord/events/event-bus.ts";
import type { SupervisorEvent } from "../../src/supervisord/events/events.ts";
import { ListenerPools } from "../../src/supervisord/events/listener-pools.ts";
import { startReaper } from "../../src/sys/reaper.ts";
import { writeSync } from "node:fs";
import { format } from "node:util";

const say = (o: unknown) => writeSync(1, `${JSON.stringify(o)}\n`);
const reporter: ConsolaReporter = { log: (obj) => say({ log: `${obj.type}: ${format(...(obj.args as unknown[]))}` }) };
const log = createLog({ reporter, level: 4 });

startReaper();
const config = loadConfig(process.argv[2]!);
const bus = new EventBus();
const pools = new ListenerPools(config.groups, bus, {
  identifier: config.supervisord.identifier,
  log,
  env: (spec) => ({ ...(process.env as Record<string, string>), ...spec.environment, SUPERVISOR_ENABLED: "1", SUPERVISOR_PROCESS_NAME: spec.name, SUPERVISOR_GROUP_NAME: spec.group }),
  processOptions: (spec) => ({ onState: (from, to) => say({ state: [spec.name, from, to], pid: pools.processes.get(`${spec.group}:${spec.name}`)?.runner.pid }) }),
});
pools.start();

let partial = "";
for await (const chunk of Bun.stdin.stream()) {
  partial += new TextDecoder().decode(chunk);
  const lines = partial.split("\n");
  partial = lines.pop()!;
  for (const line of lines.filter(Boolean)) {
    const e = JSON.parse(line);
    bus.emit((typeof e.data === "string" && e.kind !== "remote-communication" ? { ...e, data: new TextEncoder().encode(e.data) } : e) as SupervisorEvent);
  }
}
pools.close();
pools.stopAll();
const deadline = Date.now() + 10_000;
while ([...pools.processes.values()].some((p) => !["STOPPED", "EXITED", "FATAL"].includes(p.runner.phase)) && Date.now() < deadline) await Bun.sleep(20);
say({ exiting: true });
process.exit(0);
