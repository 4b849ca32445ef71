import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, pollUntil, runMonitor, SIG, waitReady, type Run } from "../helpers/monitor.ts";

/** The server's address, from monitor's log line (port 0 is picked by the kernel). */
async function metricsAddress(run: Run): Promise<string> {
  const m = await run.waitForLine(/metrics on http:\/\/([\d.]+:\d+)\/metrics/, 5000, "err");
  return m[1]!;
}

/** name{labels} -> value, from Prometheus text. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

async function scrape(addr: string): Promise<Map<string, number>> {
  const res = await fetch(`http://${addr}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parse(await res.text());
}

describe("--metrics", () => {
  test("serves the program's state, restarts, last exit, uptime, orphans reaped and signals forwarded", async () => {
    const program = fixture("orphan-maker.sh");
    const p = (name: string, extra = "") => `${name}{program="${program}"${extra}}`;
    await using run = runMonitor(["--metrics=127.0.0.1:0", "--subreaper", "--start-secs=100ms", "--backoff=50ms", program, "3", "0"]);
    const addr = await metricsAddress(run);
    await waitReady(run);
    let m = await pollUntil(async () => {
      const s = await scrape(addr);
      return s.get(p("monitor_program_up")) === 1 && s.get("monitor_orphans_reaped_total") === 3 ? s : undefined;
    }, 5000, "RUNNING with 3 orphans reaped");
    expect(m.get(p("monitor_program_state", ',state="RUNNING"'))).toBe(1);
    expect(m.get(p("monitor_program_state", ',state="STARTING"'))).toBe(0);
    expect(m.get(p("monitor_program_restarts_total"))).toBe(0);
    expect(m.has(p("monitor_program_last_exit_code"))).toBe(false);
    expect(m.get(p("monitor_program_uptime_seconds"))).toBeGreaterThan(0);
    expect(m.get("monitor_signals_forwarded_total")).toBe(0);

    // USR1 is forwarded to the group; the child (exec'd sleep) dies of it and is restarted.
    process.kill(run.pid, SIG.SIGUSR1);
    await waitReady(run, 2);
    m = await pollUntil(async () => {
      const s = await scrape(addr);
      return s.get(p("monitor_program_up")) === 1 ? s : undefined;
    }, 5000, "RUNNING again");
    expect(m.get(p("monitor_program_restarts_total"))).toBe(1);
    expect(m.get(p("monitor_program_last_exit_code"))).toBe(128 + SIG.SIGUSR1);
    expect(m.get("monitor_signals_forwarded_total")).toBe(1);

    const health = await fetch(`http://${addr}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok\n");
    expect((await fetch(`http://${addr}/nothing`)).status).toBe(404);
    expect((await fetch(`http://${addr}/metrics`, { method: "POST" })).status).toBe(405);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
    // Contrast: once monitor is gone nothing answers.
    expect(await fetch(`http://${addr}/healthz`).then(() => "answered", () => "refused")).toBe("refused");
  });

  test("a bad address is one line, exit 2; a port already taken is one line, exit 1; nothing is started either way", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), "monitor-")), "started");
    for (const value of ["localhost", "127.0.0.1:65536", "127.0.0.1:http", "[::1:9100"]) {
      await using run = runMonitor([`--metrics=${value}`, "touch", marker]);
      expect(await run.exited()).toBe(2);
      expect(run.err.filter((l) => l.trim())).toHaveLength(1);
      expect(run.err[0]).toContain(`--metrics: '${value}' is not HOST:PORT`);
    }
    using taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("mine") });
    await using run = runMonitor([`--metrics=127.0.0.1:${taken.port}`, "touch", marker]);
    expect(await run.exited()).toBe(1);
    expect(run.err.filter((l) => l.trim())).toEqual([`monitor: --metrics: cannot listen on 127.0.0.1:${taken.port}: EADDRINUSE`]);
    expect(await Bun.file(marker).exists()).toBe(false);
  });
});
