// `monitor serve` from start to exit: a bad config starts nothing; SIGTERM
// stops groups from the highest priority down and leaves no process behind
// (not even one that left its group); SIGHUP stops everything and starts the
// config as it now reads; malformed requests get an error and the server goes
// on serving.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, fixture, pollUntil, runMonitor, SIG } from "../helpers/monitor.ts";
import { baseConfig, rpc, startServer, statusOf, waitForState } from "../helpers/serve.ts";

/** Send raw bytes to the unix socket; the whole answer, once the server closes or `until` matches. */
function rawRequest(sock: string, bytes: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = "";
    const c = connect(sock);
    const timer = setTimeout(() => (c.destroy(), reject(new Error(`no answer matching ${until}: ${JSON.stringify(got)}`))), 5000);
    c.on("data", (d) => {
      got += d.toString("latin1");
      if (until.test(got)) {
        clearTimeout(timer);
        c.destroy();
        resolve(got);
      }
    });
    c.on("close", () => (clearTimeout(timer), resolve(got)));
    c.on("error", reject);
    c.write(bytes);
  });
}

describe("monitor serve from start to exit", () => {
  test("a config error is one line naming file:line, exit 2, and nothing starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-serve-bad-"));
    try {
      const marker = join(dir, "started");
      const conf = join(dir, "supervisord.conf");
      writeFileSync(conf, `${baseConfig()}\n[program:ok]\ncommand=/bin/sh -c "touch ${marker}; exec sleep 100"\n\n[program:bad]\ncommand=sleep 1\nstartsecs=soon\n`);
      await using run = runMonitor(["serve", "-c", conf], { cwd: dir });
      expect(await run.exited()).toBe(2);
      expect(run.err).toEqual([expect.stringMatching(new RegExp(`^monitor: ${conf}:\\d+: .*startsecs.*'soon'`))]);
      expect([existsSync(marker), existsSync(join(dir, "sock")), existsSync(join(dir, "supervisord.pid"))]).toEqual([false, false, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("SIGTERM stops the highest priority first and nothing monitor started outlives it", async () => {
    const conf = `
[program:first]
command=${fixture("sleeper.sh")}
priority=1
startsecs=0

[program:last]
command=${fixture("sleeper.sh")}
priority=900
startsecs=0

[program:escaper]
command=${fixture("escape-holder.sh")}
stdout_logfile=%(here)s/escaper.log
startsecs=0
`;
    await using s = await startServer("monitor", baseConfig() + conf);
    const [first, last] = await Promise.all([waitForState(s, "first", /RUNNING/), waitForState(s, "last", /RUNNING/)]);
    const escaperLog = () => (existsSync(join(s.dir, "escaper.log")) ? readFileSync(join(s.dir, "escaper.log"), "utf8") : "");
    const escaped = await pollUntil(() => Number(/escaped pid=(\d+)/.exec(escaperLog())?.[1]), 10_000, "escaper's grandchild");
    expect(alive(escaped)).toBe(true);
    process.kill(s.pid, SIG.SIGTERM);
    expect(await s.exited()).toBe(0);
    const log = s.mainLog();
    expect(log).toContain("received SIGTERM indicating exit request");
    expect(log.indexOf("stopped: last")).toBeLessThan(log.indexOf("stopped: first"));
    expect(log.indexOf("stopped: last")).toBeGreaterThan(-1);
    for (const pid of [first.pid, last.pid, escaped]) expect(alive(pid)).toBe(false);
    expect([existsSync(join(s.dir, "sock")), existsSync(join(s.dir, "supervisord.pid"))]).toEqual([false, false]);
  });

  test("SIGHUP stops everything, rereads the file and starts what it now says", async () => {
    await using s = await startServer("monitor", `${baseConfig()}\n[program:old]\ncommand=${fixture("sleeper.sh")}\nstartsecs=0\n`);
    const old = await waitForState(s, "old", /RUNNING/);
    s.writeConfig(`${baseConfig()}\n[program:old]\ncommand=${fixture("sleeper.sh")}\nstartsecs=0\n\n[program:new]\ncommand=${fixture("sleeper.sh")}\nstartsecs=0\n`);
    process.kill(s.pid, SIG.SIGHUP);
    const fresh = await pollUntil(async () => {
      const st = await statusOf(s, "new").catch(() => undefined);
      return st?.state === "RUNNING" ? st : undefined;
    }, 10_000, "the new program to run");
    const again = await waitForState(s, "old", /RUNNING/);
    expect(again.pid).not.toBe(old.pid);
    expect(alive(old.pid)).toBe(false);
    expect(alive(fresh.pid)).toBe(true);
    expect(s.mainLog()).toContain("received SIGHUP indicating restart request");
    expect((await rpc(s, "supervisor.getPID")) as number).toBe(s.pid);
  });

  test("malformed requests get an error response and the server keeps serving", async () => {
    await using s = await startServer("monitor", `${baseConfig()}\n[program:a]\ncommand=${fixture("sleeper.sh")}\nstartsecs=0\n`);
    const sock = join(s.dir, "sock");
    const xml = (body: string) => `POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    expect(await rawRequest(sock, "NONSENSE\r\n\r\n", /\r\n\r\n.*\n/s)).toStartWith("HTTP/1.1 400 ");
    expect(await rawRequest(sock, xml("<methodCall><methodName>x"), /\r\n\r\n.*\n/s)).toStartWith("HTTP/1.1 400 ");
    expect(await rawRequest(sock, "POST /RPC2 HTTP/1.1\r\nContent-Length: nope\r\n\r\n", /\r\n\r\n.*\n/s)).toStartWith("HTTP/1.1 400 ");
    expect(await rawRequest(sock, "GET /nowhere HTTP/1.0\r\n\r\n", /\r\n\r\n.*\n/s)).toStartWith("HTTP/1.0 404 ");
    const unknown = await rawRequest(sock, xml("<?xml version='1.0'?><methodCall><methodName>supervisor.nope</methodName></methodCall>"), /<\/methodResponse>/);
    expect(unknown).toStartWith("HTTP/1.1 200 ");
    expect(unknown).toContain("<name>faultCode</name>\n<value><int>1</int></value>");
    await expect(rpc(s, "supervisor.getProcessInfo")).rejects.toThrow("INCORRECT_PARAMETERS");
    // Still serving, and the same connection carries several requests.
    const two = await rawRequest(sock, xml("<methodCall><methodName>supervisor.getPID</methodName></methodCall>").repeat(2), /(<\/methodResponse>[\s\S]*){2}/);
    expect(two.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    expect((await s.ctl("status", "a")).stdout).toMatch(/^a +RUNNING +pid \d+/);
  });

  test("shutdown over XML-RPC answers true, stops everything and exits 0", async () => {
    await using s = await startServer("monitor", `${baseConfig()}\n[program:a]\ncommand=${fixture("sleeper.sh")}\nstartsecs=0\n`);
    const a = await waitForState(s, "a", /RUNNING/);
    expect(await rpc(s, "supervisor.shutdown")).toBe(true);
    expect(await s.exited()).toBe(0);
    expect(alive(a.pid)).toBe(false);
  });
});
