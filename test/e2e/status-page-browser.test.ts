// The status page of a real `monitor serve`, in Debian's headless Chromium
// driven by playwright-core: load it, click stop and see STOPPED, click
// start and see RUNNING (the page refreshing itself), open the tail panel.
// /metrics of the same server lists every process. A screenshot is kept in
// test-output/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchChromium, type Chromium } from "../helpers/chromium.ts";
import { freePort, monitorCtl, startCtlServer, type DebianSupervisord } from "../helpers/ctl-servers.ts";
import { ROOT } from "../helpers/monitor.ts";

const OUTPUT = resolve(ROOT, "test-output");
let chromium: Chromium;
let serve: DebianSupervisord;
let url: string;

beforeAll(async () => {
  const port = freePort();
  url = `http://127.0.0.1:${port}`;
  const programs = `
[program:web]
command=/bin/sh -c 'echo GET / 200; exec sleep 3600'
startsecs=0

[group:workers]
programs=worker

[program:worker]
command=sleep 3600
numprocs=2
process_name=%(program_name)s_%(process_num)d
startsecs=0
`;
  [serve, chromium] = await Promise.all([startCtlServer({ kind: "monitor", programs, inetPort: port }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.[Symbol.asyncDispose]();
  await serve?.[Symbol.asyncDispose]();
});

test("in Chromium, monitor serve's page lists its processes; stop shows STOPPED, start shows RUNNING", async () => {
  const page = await chromium.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  try {
    await page.goto(`${url}/`);
    const state = (name: string) => page.locator(`tr[data-name="${name}"] td.state`);
    await state("workers:worker_1").filter({ hasText: /^RUNNING$/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator("tbody#rows tr").count()).toBe(3);
    const pid = monitorCtl(serve.conf, "pid", "web").stdout.trim();
    expect(await page.locator('tr[data-name="web"] td.pid').textContent()).toBe(pid);

    await page.locator('tr[data-name="web"] button[data-action="stop"]').click();
    await state("web").filter({ hasText: /^STOPPED$/ }).waitFor({ timeout: 15_000 });
    expect(monitorCtl(serve.conf, "status", "web").stdout).toMatch(/^web +STOPPED/);

    await page.locator('tr[data-name="web"] button[data-action="start"]').click();
    await state("web").filter({ hasText: /^RUNNING$/ }).waitFor({ timeout: 15_000 });
    expect(monitorCtl(serve.conf, "pid", "web").stdout.trim()).not.toBe(pid);

    await page.locator('tr[data-name="web"] button[data-action="tail"]').click();
    await page.locator("#tail pre", { hasText: "GET / 200" }).waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "status-page.png"), fullPage: true });
  } finally {
    await page.close();
  }
});

test("/metrics of monitor serve has every process", async () => {
  const body = await (await fetch(`${url}/metrics`)).text();
  for (const program of ["web", "workers:worker_0", "workers:worker_1"]) expect(body).toContain(`monitor_program_state{program="${program}",`);
  expect(body).toContain("monitor_supervisor_up 1\n");
});
