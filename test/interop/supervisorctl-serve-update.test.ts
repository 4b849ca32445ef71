// supervisorctl reread / update / add / remove / shutdown against monitor
// serve and against Debian's supervisord, on the same config edited the same
// way; then what only monitor's side can show: tail -f and maintail -f
// streaming, basic auth, the inet server.
import { describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import { alive, pollUntil } from "../helpers/monitor.ts";
import { baseConfig, normalize, startServer, supervisorctl, type Server } from "../helpers/serve.ts";

const before = `
[program:keep]
command=sleep 3600
[program:gone]
command=sleep 3600
[program:change]
command=sleep 3600
`;
const after = `
[program:keep]
command=sleep 3600
[program:change]
command=sleep 3601
[program:new]
command=sleep 3600
`;

async function transcript(s: Server, commands: string[][]): Promise<string> {
  let out = "";
  for (const args of commands) {
    const r = await s.ctl(...args);
    out += `$ ${args.join(" ")}\n${r.stdout}${r.stderr}rc=${r.status}\n`;
  }
  return normalize(out);
}

describe("reread and update touch only the groups that changed, as supervisord does", () => {
  test("reread, avail, update, remove, add, a bad edit, then shutdown: the same transcript as supervisord's", async () => {
    await using ours = await startServer("monitor", baseConfig() + before);
    await using theirs = await startServer("supervisord", baseConfig() + before);
    const keepPid = async (s: Server) => (await s.ctl("pid", "keep")).stdout.trim();
    const keptBefore = await keepPid(ours);
    for (const s of [ours, theirs]) s.writeConfig(baseConfig() + after);
    const update = [["reread"], ["avail"], ["update"]];
    const [mine1, reference1] = await Promise.all([transcript(ours, update), transcript(theirs, update)]);
    // update left the unchanged group running: same pid.
    expect(await keepPid(ours)).toBe(keptBefore);
    const byHand = [["remove", "keep"], ["stop", "keep"], ["remove", "keep"], ["add", "keep"], ["add", "nosuch"], ["reread"]];
    const [mine2, reference2] = await Promise.all([transcript(ours, byHand), transcript(theirs, byHand)]);
    const [mine, reference] = [mine1 + mine2, reference1 + reference2];
    expect(mine).toBe(reference);
    expect(mine).toContain("$ reread\nchange: changed\ngone: disappeared\nnew: available\nrc=0\n");
    expect(mine).toContain("gone: stopped\ngone: removed process group\nchange: stopped\nchange: updated process group\nnew: added process group\n");
    expect(mine).toContain("ERROR: process/group still running: keep\nrc=1\n");
    expect(keptBefore).toMatch(/^\d+$/);

    for (const s of [ours, theirs]) s.writeConfig(`${baseConfig() + after}\n[program:broken]\n`);
    const [bad, badRef] = await Promise.all([ours.ctl("reread"), theirs.ctl("reread")]);
    expect([bad.status, badRef.status]).toEqual([1, 1]);
    expect(bad.stdout).toMatch(/^ERROR: CANT_REREAD: \/.*supervisord\.conf:\d+: \[program:broken\] has no command\n$/);

    const [down, downRef] = await Promise.all([ours.ctl("shutdown"), theirs.ctl("shutdown")]);
    expect(down).toEqual(downRef);
    expect(down.stdout).toBe("Shut down\n");
    expect(await ours.exited()).toBe(0);
    expect(await theirs.exited()).toBe(0);
  });
});

/** Run a streaming supervisorctl command until its output satisfies `done`, then interrupt it as Ctrl-C does. */
async function streamUntil(conf: string, args: string[], done: (text: string) => boolean): Promise<string> {
  const proc = Bun.spawn(["supervisorctl", "-c", conf, ...args], { stdout: "pipe", stderr: "pipe" });
  let text = "";
  const reading = (async () => {
    for await (const chunk of proc.stdout) text += new TextDecoder().decode(chunk);
  })();
  try {
    await pollUntil(() => done(text), 10_000, `supervisorctl ${args.join(" ")} (have: ${JSON.stringify(text.slice(-200))})`);
    return text;
  } finally {
    proc.kill("SIGINT");
    await Promise.race([proc.exited, Bun.sleep(3000)]);
    proc.kill("SIGKILL");
    await Promise.race([reading, Bun.sleep(1000)]);
  }
}

describe("what supervisorctl streams and how it logs in", () => {
  test("tail -f follows a process's log and maintail -f the main log until interrupted", async () => {
    const ticker = `\n[program:ticker]\ncommand=/bin/sh -c 'i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done'\n`;
    await using s = await startServer("monitor", baseConfig() + ticker);
    // New lines keep arriving, in order, over one connection.
    const text = await streamUntil(s.conf, ["tail", "-f", "ticker"], (t) => [...t.matchAll(/tick (\d+)/g)].length >= 8);
    const ticks = [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
    expect(ticks).toEqual(ticks.map((_, i) => ticks[0]! + i));
    expect(text).toStartWith("==> Press Ctrl-C to exit <==\n");
    const main = await streamUntil(s.conf, ["maintail", "-f"], (t) => t.includes("success: ticker entered RUNNING state"));
    expect(main).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO spawned: 'ticker' with pid \d+\n/);
    const tail = await s.ctl("maintail", "-200");
    expect(tail.status).toBe(0);
    expect(tail.stdout).toMatch(/ INFO success: ticker entered RUNNING state/);
  });

  test("with username and password every request needs them: supervisorctl without them is refused with 401", async () => {
    // {SHA} + sha1("test"), as supervisord accepts it.
    const auth = baseConfig().replace("file=%(here)s/sock\n", "file=%(here)s/sock\nusername=user\npassword={SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\n");
    const withLogin = auth.replace("serverurl=unix://%(here)s/sock\n", "serverurl=unix://%(here)s/sock\nusername=user\npassword=test\n");
    await using s = await startServer("monitor", withLogin + "\n[program:a]\ncommand=sleep 3600\n");
    const ok = await s.ctl("status", "a");
    expect(ok.stdout).toMatch(/^a +(STARTING|RUNNING)/);
    const noLogin = `${s.dir}/nologin.conf`;
    await Bun.write(noLogin, `[supervisorctl]\nserverurl=unix://${s.dir}/sock\n`);
    const refused = await supervisorctl(noLogin, ["status"]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toStartWith("Server requires authentication\n");
    const wrong = `${s.dir}/wrong.conf`;
    await Bun.write(wrong, `[supervisorctl]\nserverurl=unix://${s.dir}/sock\nusername=user\npassword=nope\n`);
    expect((await supervisorctl(wrong, ["status"])).stdout).toStartWith("Server requires authentication\n");
  });

  test("the inet server answers supervisorctl over TCP, and the unix socket is created with mode 0700", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const inet = baseConfig().replace("[rpcinterface:supervisor]", `[inet_http_server]\nport=127.0.0.1:${port}\n\n[rpcinterface:supervisor]`);
    await using s = await startServer("monitor", inet + "\n[program:a]\ncommand=sleep 3600\n");
    const tcp = `${s.dir}/tcp.conf`;
    await Bun.write(tcp, `[supervisorctl]\nserverurl=http://127.0.0.1:${port}\n`);
    const r = await supervisorctl(tcp, ["pid"]);
    expect(r).toEqual({ stdout: `${s.pid}\n`, stderr: "", status: 0 });
    const { statSync } = await import("node:fs");
    expect(statSync(`${s.dir}/sock`).mode & 0o777).toBe(0o700);
    expect(alive(s.pid)).toBe(true);
  });
});
