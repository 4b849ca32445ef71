// `monitor ctl` against Debian's real supervisord and against `monitor serve`,
// compared line by line and status by status with Debian's supervisorctl
// running the same command on the same server state (uptimes and clock times
// aside).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { MONITOR_COMMAND } from "../helpers/monitor-bin.ts";
import { pollUntil, SIG } from "../helpers/monitor.ts";
import { bothClients, monitorCtl, startCtlServer, supervisorctl, withoutAges, type DebianSupervisord } from "../helpers/ctl-servers.ts";

const PROGRAMS = `
[program:sleeper]
command=/bin/sh -c 'echo hello; echo oops >&2; exec sleep 3600'
startsecs=0
stopwaitsecs=5

[program:idle]
command=sleep 3600
autostart=false
startsecs=0

[program:quick]
command=/bin/sh -c 'exit 3'
autostart=false
startsecs=1
startretries=0

[program:missing]
command=/nonexistent/program
autostart=false
startsecs=0
startretries=0

[group:g]
programs=a,b

[program:a]
command=sleep 3600
startsecs=0

[program:b]
command=sleep 3600
startsecs=0
autostart=false
`;

for (const kind of ["supervisord", "monitor"] as const) {
  describe(`against ${kind === "monitor" ? "monitor serve" : "Debian's supervisord"}`, () => {
    let sd: DebianSupervisord;
    beforeAll(async () => {
      sd = await startCtlServer({ programs: PROGRAMS, kind });
    });
    afterAll(async () => {
      await sd?.[Symbol.asyncDispose]();
    });

    const theirs = (...args: string[]) => supervisorctl(sd.conf, ...args);
    const ours = (...args: string[]) => monitorCtl(sd.conf, ...args);
    const view = (r: { status: number; stdout: string; stderr: string }) => ({ status: r.status, stdout: withoutAges(r.stdout), stderr: r.stderr });

    /** Both clients run `args`; `reset` (run with supervisorctl) after each restores the server's state. */
    function same(args: string[], reset: string[][] = []): { status: number; stdout: string } {
      const a = theirs(...args);
      for (const r of reset) theirs(...r);
      const b = ours(...args);
      for (const r of reset) theirs(...r);
      expect(view(b)).toEqual(view(a));
      return { status: a.status, stdout: withoutAges(a.stdout) };
  }

    /** Both clients at once on a command that changes nothing. */
    async function sameRead(...args: string[]): Promise<{ status: number; stdout: string }> {
      const [a, b] = await bothClients(sd.conf, ...args);
      expect(view(b)).toEqual(view(a));
      return { status: a.status, stdout: withoutAges(a.stdout) };
  }

    describe("monitor ctl prints what supervisorctl prints and exits as it does", () => {
      test("status of all, of one, of a group and of unknown names (exit 3 when one is stopped, 4 when unknown)", async () => {
        expect((await sameRead("status")).status).toBe(3);
        expect(await sameRead("status", "sleeper")).toEqual({ status: 0, stdout: expect.stringMatching(/^sleeper {26}RUNNING {3}pid \d+, uptime N\n$/) });
        expect((await sameRead("status", "g:")).status).toBe(3);
        expect(await sameRead("status", "nope")).toEqual({ status: 4, stdout: "nope: ERROR (no such process)\n" });
        expect((await sameRead("status", "g:zz")).status).toBe(4);
        expect((await sameRead("status", "zz:")).stdout).toBe("zz: ERROR (no such group)\n");
        expect((await sameRead("status", "sleeper", "nope", "idle")).status).toBe(3);
      });

      test("pid of the server, of every process and of single names (7 when not running, 1 when unknown)", async () => {
        expect((await sameRead("pid")).stdout).toBe(`${sd.pid}\n`);
        await sameRead("pid", "all");
        expect((await sameRead("pid", "sleeper")).status).toBe(0);
        expect(await sameRead("pid", "idle")).toEqual({ status: 7, stdout: "0\n" });
        expect(await sameRead("pid", "nope")).toEqual({ status: 1, stdout: "No such process nope\n" });
      });

      test("start: started, already started, spawn error (7), no such process, groups and all", async () => {
        expect(same(["start", "idle"], [["stop", "idle"]])).toEqual({ status: 0, stdout: "idle: started\n" });
        expect(await sameRead("start", "sleeper")).toEqual({ status: 0, stdout: "sleeper: ERROR (already started)\n" });
        expect(same(["start", "quick"]).status).toBe(7);
        expect(same(["start", "missing"]).status).not.toBe(0);
        expect(await sameRead("start", "nope")).toEqual({ status: 1, stdout: "nope: ERROR (no such process)\n" });
        expect(await sameRead("start", "zz:")).toEqual({ status: 2, stdout: "zz: ERROR (no such group)\n" });
        expect(same(["start", "g:"], [["stop", "g:b"]]).stdout).toContain("g:b: started\n");
        same(["start", "all"], [["stop", "idle", "g:b"]]);
        expect((await sameRead("start")).status).toBe(2);
      });

      test("stop, restart and signal, for names, groups and all", async () => {
        expect(await sameRead("stop", "idle")).toEqual({ status: 0, stdout: "idle: ERROR (not running)\n" });
        expect(same(["stop", "g:a"], [["start", "g:a"]])).toEqual({ status: 0, stdout: "g:a: stopped\n" });
        expect((await sameRead("stop", "nope")).status).toBe(1);
        expect((await sameRead("stop", "zz:")).status).toBe(1);
        expect((await sameRead("stop")).status).toBe(1);
        expect(same(["restart", "sleeper"]).stdout).toBe("sleeper: stopped\nsleeper: started\n");
        expect(same(["restart", "g:"], [["stop", "g:b"]]).status).toBe(0);
        expect((await sameRead("restart")).status).toBe(1);
        expect(same(["signal", "HUP", "sleeper"]).stdout).toBe("sleeper: signalled\n");
        expect(await sameRead("signal", "BOGUS", "sleeper")).toEqual({ status: 1, stdout: "sleeper: ERROR (bad signal name)\n" });
        expect((await sameRead("signal", "USR1", "idle")).status).toBe(7);
        same(["signal", "WINCH", "all"]);
        expect((await sameRead("signal", "HUP")).status).toBe(1);
      });

      test("tail and maintail: bytes, channels, and the argument errors", async () => {
        expect((await sameRead("tail", "sleeper")).stdout).toContain("hello\n");
        expect((await sameRead("tail", "sleeper", "stderr")).stdout).toContain("oops\n");
        expect((await sameRead("tail", "-3", "sleeper")).stdout).toBe("lo\n\n");
        expect(await sameRead("tail", "nope")).toEqual({ status: 1, stdout: "nope: ERROR (no such process name)\n" });
        expect((await sameRead("tail", "-x", "sleeper")).stdout).toBe("Error: bad argument -x\n");
        expect((await sameRead("tail", "sleeper", "stdx")).stdout).toBe("Error: bad channel 'stdx'\n");
        expect((await sameRead("tail")).status).toBe(1);
        expect((await sameRead("tail", "-f")).stdout).toBe("Error: tail requires process name\n");
        await sameRead("tail", "a", "b", "c", "d");
        await sameRead("maintail", "-80");
        expect((await sameRead("maintail", "x")).status).toBe(1);
      });

      test("clear, avail, reread, update, version and the usage errors", async () => {
        // Clearing twice clears the same: both clients at once (supervisord takes a while per process).
        expect((await sameRead("clear", "sleeper")).stdout).toBe("sleeper: cleared\n");
        await sameRead("clear", "all");
        expect((await sameRead("clear", "nope")).status).toBe(1);
        await sameRead("clear", "g:");
        expect((await sameRead("clear")).status).toBe(1);
        expect((await sameRead("avail")).stdout).toContain("g:a                              in use    auto      999:999\n");
        expect((await sameRead("reread")).stdout).toBe("No config updates to processes\n");
        expect(same(["update"]).stdout).toBe("");
        expect(await sameRead("update", "nope")).toEqual({ status: 1, stdout: "ERROR: no such group: nope\n" });
        expect((await sameRead("version")).stdout).toStartWith("4.2.5");
        for (const action of ["version", "shutdown"]) expect((await sameRead(action, "x")).status).toBe(1);
        expect(await sameRead("frobnicate", "x")).toEqual({ status: 1, stdout: "*** Unknown syntax: frobnicate x\n" });
      });

      test("reread and update after the config changed: available, added, then changed and updated", async () => {
        appendFileSync(sd.conf, "\n[program:extra]\ncommand=sleep 3600\nstartsecs=0\n");
        expect((await sameRead("reread")).stdout).toBe("extra: available\n");
        const removeExtra = [["stop", "extra"], ["remove", "extra"]];
        expect(same(["update"], removeExtra).stdout).toBe("extra: added process group\n");
        expect(same(["update", "extra"], removeExtra).stdout).toBe("extra: added process group\n");
        expect(same(["add", "extra"], removeExtra).stdout).toBe("extra: added process group\n");
        theirs("update");
        expect(same(["add", "extra"]).stdout).toBe("ERROR: process group already active\n");
        expect(same(["remove", "extra"]).stdout).toBe("ERROR: process/group still running: extra\n");
      });

      test("tail -f streams the log until Ctrl-C, then prints an empty line and exits 0", async () => {
        theirs("restart", "sleeper"); // its log holds `hello` again (an earlier test cleared it)
        const outputs: string[] = [];
        for (const cmd of [["/usr/bin/supervisorctl"], [...MONITOR_COMMAND, "ctl"]]) {
          const proc = Bun.spawn([...cmd, "-c", sd.conf, "tail", "-f", "sleeper"], { stdout: "pipe", stderr: "pipe" });
          let text = "";
          const pump = (async () => {
            for await (const chunk of proc.stdout) text += new TextDecoder().decode(chunk);
          })();
          try {
            await pollUntil(() => text.includes("hello\n"), 10_000, `${cmd[0]} tail -f to show the log`);
            proc.kill(SIG.SIGINT);
            expect(await proc.exited).toBe(0);
            await pump;
          } finally {
            proc.kill(SIG.SIGKILL);
          }
          outputs.push(text);
        }
        expect(outputs[1]).toBe(outputs[0]!);
        expect(outputs[1]!.startsWith("==> Press Ctrl-C to exit <==\n")).toBe(true);
        expect(outputs[1]!.endsWith("\n\n")).toBe(true);
      });

      if (kind === "supervisord") test("reload NAME is monitor's zero-downtime reload: supervisord does not know it, and ctl says so in one line", async () => {
        const r = ours("reload", "sleeper");
        expect(r).toEqual({ status: 1, stdout: "sleeper: ERROR (server has no monitor.reloadProcess: zero-downtime reload needs monitor serve)\n", stderr: "" });
      });

      if (kind === "supervisord") test("a server that refuses or is gone: the same messages and statuses as supervisorctl", async () => {
        const refused = ["-s", `unix://${sd.conf}`];
        for (const args of [["status"], ["start", "x"], ["tail", "x"], ["shutdown"]]) {
          const a = supervisorctl(sd.conf, ...refused, ...args);
          const b = monitorCtl(sd.conf, ...refused, ...args);
          expect(view(b)).toEqual(view(a));
        }
      });
    });
  });
}
