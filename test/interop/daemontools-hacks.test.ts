// monitor pgrphack and fghack next to Debian's own, run the same way.
import { describe, expect, test } from "bun:test";
import { debian, FIXTURES, ours, waitFor } from "../helpers/daemontools.ts";
import { MONITOR_COMMAND } from "../helpers/monitor-bin.ts";
import { procState } from "../helpers/monitor.ts";

const tools = { debian: ["/usr/bin/fghack"], monitor: [...MONITOR_COMMAND, "fghack"] } as const;
const pgrp = { debian: ["/usr/bin/pgrphack"], monitor: [...MONITOR_COMMAND, "pgrphack"] } as const;
const SELF_IDS = ["sh", "-c", "read -r s < /proc/$$/stat; set -- $s; echo $1 $5 $6"];


describe("pgrphack", () => {
  for (const [kind, cmd] of Object.entries(pgrp)) {
    test(`${kind}: the program runs in place (same pid) as the leader of a new session and group`, async () => {
      const proc = Bun.spawn([...cmd, ...SELF_IDS], { stdout: "pipe", stderr: "pipe" });
      const text = (await new Response(proc.stdout).text()).trim();
      expect(await proc.exited).toBe(0);
      expect(text).toBe(`${proc.pid} ${proc.pid} ${proc.pid}`);
      // Already a group leader (setsid fails): it runs all the same.
      const led = Bun.spawnSync(["setsid", ...cmd, "sh", "-c", "exit 7"]);
      expect(led.exitCode).toBe(7);
    });
  }

  test("usage and a missing program read as Debian's", () => {
    expect(ours("pgrphack")).toEqual(debian("pgrphack"));
    expect(ours("pgrphack", "/nonexistent/prog")).toEqual(debian("pgrphack", "/nonexistent/prog"));
    expect(ours("pgrphack").status).toBe(100);
  });
});

describe("fghack", () => {
  for (const [kind, cmd] of Object.entries(tools)) {
    test(`${kind}: stays while a background descendant holds the pipe, then exits with the program's code`, async () => {
      const proc = Bun.spawn(["setsid", ...cmd, `${FIXTURES}/orphan-holder.sh`, "4"], { stdout: "pipe", stderr: "pipe" });
      const lines: string[] = [];
      void (async () => {
        for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) lines.push(...new TextDecoder().decode(chunk).split("\n"));
      })();
      let orphan = 0;
      try {
        const child = Number(/^ready pid=(\d+)/.exec(await waitFor(() => lines.find((l) => l.startsWith("ready ")), "the ready line"))![1]);
        orphan = Number(/^orphan pid=(\d+)/.exec(await waitFor(() => lines.find((l) => l.startsWith("orphan ")), "the orphan line"))![1]);
        // The program has exited (a zombie fghack has not waited for yet) and fghack is still there.
        await waitFor(() => procState(child) === "Z", `pid ${child} to exit`);
        expect(proc.exitCode).toBeNull();
        expect(procState(proc.pid)).not.toBe("Z");
        process.kill(orphan, "SIGKILL");
        expect(await Promise.race([proc.exited, Bun.sleep(5000).then(() => "timeout")])).toBe(4);
      } finally {
        try {
          process.kill(-proc.pid, "SIGKILL");
        } catch {
          // group gone
        }
      }
    });
  }

  test("a program killed by a signal is 'child crashed' (111); usage and a missing program read as Debian's", () => {
    const crash = ["sh", "-c", "kill -9 $$"];
    expect(ours("fghack", ...crash)).toEqual(debian("fghack", ...crash));
    expect(ours("fghack", ...crash)).toEqual({ status: 111, stdout: "", stderr: "fghack: fatal: child crashed\n" });
    expect(ours("fghack")).toEqual(debian("fghack"));
    expect(ours("fghack", "/nonexistent/prog")).toEqual(debian("fghack", "/nonexistent/prog"));
    expect(ours("fghack", "sh", "-c", "exit 9").status).toBe(9);
  });
});
