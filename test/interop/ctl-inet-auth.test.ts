// `monitor ctl` over HTTP to supervisord's inet server with basic auth:
// credentials from [supervisorctl] or from -u/-p, and a wrong password,
// compared with Debian's supervisorctl.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { bothClients, freePort, startDebianSupervisord, withoutAges, type DebianSupervisord } from "../helpers/ctl-servers.ts";

let sd: DebianSupervisord;
let url: string;
beforeAll(async () => {
  const port = freePort();
  url = `http://127.0.0.1:${port}`;
  sd = await startDebianSupervisord({ programs: "[program:web]\ncommand=sleep 3600\nstartsecs=0\n", inetPort: port, auth: { username: "alice", password: "s3cret" } });
});
afterAll(async () => {
  await sd?.[Symbol.asyncDispose]();
});

async function same(...args: string[]) {
  const [a, b] = await bothClients(sd.conf, ...args);
  expect({ ...b, stdout: withoutAges(b.stdout) }).toEqual({ ...a, stdout: withoutAges(a.stdout) });
  return { status: a.status, stdout: withoutAges(a.stdout) };
}

test("over http:// with the password from the command line, status and pid answer as supervisorctl's do", async () => {
  expect(await same("-s", url, "-u", "alice", "-p", "s3cret", "status")).toEqual({ status: 0, stdout: expect.stringMatching(/^web {30}RUNNING {3}pid \d+, uptime N\n$/) });
  expect((await same("-s", url, "-u", "alice", "-p", "s3cret", "pid", "web")).status).toBe(0);
});

test("over the unix socket with the credentials of [supervisorctl], the same", async () => {
  expect((await same("status", "web")).status).toBe(0);
});

// supervisorctl then runs the action a second time, which fails again with a
// Python traceback line; monitor ctl prints the first line only.
async function firstLineSame(...args: string[]) {
  const [a, b] = await bothClients(sd.conf, ...args);
  expect(a.stdout.split("\n")[1]).toStartWith("error: <class 'xmlrpc.client.ProtocolError'>");
  expect(b).toEqual({ status: a.status, stdout: `${a.stdout.split("\n")[0]}\n`, stderr: a.stderr });
  return b;
}

test("a wrong or empty password is 'Server requires authentication' and status 1, for every action", async () => {
  expect(await firstLineSame("-s", url, "-u", "alice", "-p", "wrong", "pid")).toEqual({ status: 1, stdout: "Server requires authentication\n", stderr: "" });
  expect((await firstLineSame("-s", url, "-u", "alice", "-p", "wrong", "status")).status).toBe(1);
  expect((await firstLineSame("-s", url, "-u", "alice", "-p", "", "stop", "web")).status).toBe(1);
});
