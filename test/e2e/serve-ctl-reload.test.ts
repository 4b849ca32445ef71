// `monitor ctl reload NAME` against `monitor serve`: monitor.reloadProcess
// starts a new child, waits for it to be ready, then stops the old one.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { alive, pollUntil } from "../helpers/monitor.ts";
import { monitorCtl, startCtlServer, type DebianSupervisord } from "../helpers/ctl-servers.ts";

let serve: DebianSupervisord;
beforeAll(async () => {
  serve = await startCtlServer({
    kind: "monitor",
    programs: "[program:web]\ncommand=sleep 3600\nstartsecs=0\nready=200ms\n\n[program:idle]\ncommand=sleep 3600\nautostart=false\n",
  });
});
afterAll(async () => {
  await serve?.[Symbol.asyncDispose]();
});

test("reload NAME answers 'reloaded' once a new child runs in place of the old one", async () => {
  await pollUntil(() => /RUNNING/.test(monitorCtl(serve.conf, "status", "web").stdout), 10_000, "web RUNNING (ready after 200 ms)");
  const before = Number(monitorCtl(serve.conf, "pid", "web").stdout);
  expect(alive(before)).toBe(true);
  expect(monitorCtl(serve.conf, "reload", "web")).toEqual({ status: 0, stdout: "web: reloaded\n", stderr: "" });
  const after = Number(monitorCtl(serve.conf, "pid", "web").stdout);
  expect(after).not.toBe(before);
  expect(alive(after)).toBe(true);
  await pollUntil(() => !alive(before), 10_000, "the old child to be gone");
  expect(monitorCtl(serve.conf, "status", "web").stdout).toMatch(/^web +RUNNING +pid \d+/);
});

test("reload of an unknown or stopped process: one line each, the statuses of the other actions", async () => {
  expect(monitorCtl(serve.conf, "reload", "nope")).toEqual({ status: 1, stdout: "nope: ERROR (no such process)\n", stderr: "" });
  expect(monitorCtl(serve.conf, "reload", "idle")).toEqual({ status: 7, stdout: "idle: ERROR (not running)\n", stderr: "" });
});
