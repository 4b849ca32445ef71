import { describe, expect, test } from "bun:test";
import { createStatusPage } from "../../../../src/supervisord/status-page/handler.ts";
import { createMetricsHandler } from "../../../../src/supervisord/status-page/process-metrics.ts";
import { renderRow } from "../../../../src/supervisord/status-page/render.ts";
import { packProcessInfo } from "../../../../src/supervisord/process-info.ts";
import { pollUntil } from "../../../helpers/monitor.ts";
import { FakeBackend } from "../../../helpers/fake-backend.ts";

const BASE = "http://127.0.0.1:9001";
const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/action`, { method: "POST", body: new URLSearchParams(body), headers: { Accept: "application/json", Host: "127.0.0.1:9001", ...headers } });

function fixture() {
  const backend = new FakeBackend([
    { group: "web", name: "web", running: true, log: "hello from web\n" },
    { group: "workers", name: "w_0" },
  ]);
  return { backend, page: createStatusPage(backend, { version: "9.9.9" }), [Symbol.dispose]: () => backend[Symbol.dispose]() };
}

describe("the status page handler", () => {
  test("GET / lists every process with state, pid, uptime and buttons; ?fragment=rows is the table body alone", async () => {
    using f = fixture();
    const res = await f.page(new Request(`${BASE}/`));
    expect(res.headers.get("content-type")).toStartWith("text/html");
    const html = await res.text();
    expect(html).toContain(`<tr data-name="web"><td class="state RUNNING">RUNNING</td><td class="name">web</td><td class="pid">40000</td><td class="uptime">1:02:03</td>`);
    expect(html).toContain(`<tr data-name="workers:w_0"><td class="state STOPPED">STOPPED</td>`);
    expect(html).not.toMatch(/<(link|img)\b|src=|https?:\/\//); // no external assets
    const rows = await (await f.page(new Request(`${BASE}/?fragment=rows`))).text();
    expect(rows.startsWith("<tr")).toBe(true);
    expect(rows.split("<tr").length - 1).toBe(2);
  });

  test("POST /action stops and starts with supervisord's refusals, and answers a form without script by a redirect", async () => {
    using f = fixture();
    expect(await (await f.page(post({ action: "start", processname: "web" }))).json()).toEqual({ ok: false, message: "web: already started" });
    expect(await (await f.page(post({ action: "stop", processname: "web" }))).json()).toEqual({ ok: true, message: "web: stopped" });
    await pollUntil(() => f.backend.getProcess({ group: "web", name: "web" })!.state === "STOPPED", 5000, "web STOPPED");
    expect(await (await f.page(post({ action: "stop", processname: "web" }))).json()).toEqual({ ok: false, message: "web: not running" });
    expect(await (await f.page(post({ action: "restart", processname: "workers:w_0" }))).json()).toEqual({ ok: true, message: "workers:w_0: restarted" });
    expect((await f.page(post({ action: "frob", processname: "web" }))).status).toBe(409);
    expect(await (await f.page(post({ action: "start", processname: "nope" }))).json()).toEqual({ ok: false, message: "nope: no such process" });
    const plain = await f.page(new Request(`${BASE}/action`, { method: "POST", body: new URLSearchParams({ action: "clear", processname: "web" }) }));
    expect([plain.status, plain.headers.get("location")]).toEqual([303, "./?message=web%3A%20cleared"]);
    expect(f.backend.calls).toEqual(["stop web:web", "start workers:w_0", "clear web:web"]);
  });

  test("a POST from another site acts on nothing (403)", async () => {
    using f = fixture();
    expect((await f.page(post({ action: "stop", processname: "web" }, { Origin: "http://evil.example" }))).status).toBe(403);
    expect((await f.page(post({ action: "stop", processname: "web" }, { "Sec-Fetch-Site": "cross-site" }))).status).toBe(403);
    expect(f.backend.calls).toEqual([]);
  });

  test("GET /tail shows the end of the process's log; unknown names and paths are 404", async () => {
    using f = fixture();
    expect(await (await f.page(new Request(`${BASE}/tail?processname=web`))).text()).toBe("hello from web\n");
    expect((await f.page(new Request(`${BASE}/tail?processname=zz`))).status).toBe(404);
    expect((await f.page(new Request(`${BASE}/tail?processname=web&channel=stderr`))).status).toBe(404);
    expect((await f.page(new Request(`${BASE}/elsewhere`))).status).toBe(404);
  });

  test("names are escaped in the page", () => {
    const row = renderRow(packProcessInfo({ group: "g", name: `<b>"x"`, state: "FATAL", start: 1, stop: 2, pid: 0, exitstatus: 1, spawnerr: "<oops>", stdoutLogfile: null, stderrLogfile: null }, 3));
    expect(row).not.toContain("<b>");
    expect(row).toContain("&lt;b&gt;&quot;x&quot;");
    expect(row).toContain("&lt;oops&gt;");
  });
});

describe("/metrics", () => {
  test("every process in Prometheus text: up, one sample per state, pid, uptime, last exit", async () => {
    using f = fixture();
    const res = await createMetricsHandler(f.backend, () => f.backend.procs[0]!.start + 10)(new Request(`${BASE}/metrics`));
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const body = await res.text();
    expect(body).toContain('monitor_program_up{program="web",group="web"} 1\n');
    expect(body).toContain('monitor_program_up{program="workers:w_0",group="workers"} 0\n');
    expect(body).toContain('monitor_program_state{program="web",group="web",state="RUNNING"} 1\n');
    expect(body).toContain('monitor_program_state{program="web",group="web",state="FATAL"} 0\n');
    expect(body).toContain('monitor_program_uptime_seconds{program="web",group="web"} 10\n');
    expect(body).toContain("# TYPE monitor_program_pid gauge\n");
    expect(body).toContain("monitor_supervisor_up 1\n");
    expect(body).not.toContain("monitor_program_last_exit_code{"); // nothing has exited yet
  });
});
