// The status page in Debian's headless Chromium, driven by playwright-core:
// load it, click stop, see STOPPED; click start, see RUNNING, the page
// refreshing itself in between. A screenshot is kept in test-output/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchChromium, type Chromium } from "../helpers/chromium.ts";
import { createStatusPage } from "../../src/supervisord/status-page/handler.ts";
import { FakeBackend } from "../helpers/fake-backend.ts";
import { ROOT } from "../helpers/monitor.ts";

const OUTPUT = resolve(ROOT, "test-output");
let chromium: Chromium;

beforeAll(async () => {
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.[Symbol.asyncDispose]();
});

test("in Chromium: the page lists the processes; stop shows STOPPED, start shows RUNNING", async () => {
  using backend = new FakeBackend([
    { group: "web", name: "web", running: true, log: "GET / 200\n" },
    { group: "workers", name: "worker_0", running: true },
    { group: "workers", name: "worker_1" },
  ]);
  const handler = createStatusPage(backend, { version: "test" });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  const page = await chromium.context.newPage();
  try {
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    const state = (name: string) => page.locator(`tr[data-name="${name}"] td.state`);
    expect(await state("web").textContent()).toBe("RUNNING");
    expect(await page.locator("tbody#rows tr").count()).toBe(3);

    await page.locator('tr[data-name="web"] button[data-action="stop"]').click();
    await page.locator('tr[data-name="web"] td.state', { hasText: /^STOPPED$/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#message").textContent()).toBe("web: stopped");
    expect(await page.locator('tr[data-name="web"] button[data-action="start"]').isEnabled()).toBe(true);

    await page.locator('tr[data-name="web"] button[data-action="start"]').click();
    await page.locator('tr[data-name="web"] td.state', { hasText: /^RUNNING$/ }).waitFor({ timeout: 15_000 });
    expect(backend.calls).toEqual(["stop web:web", "start web:web"]);

    await page.locator('tr[data-name="web"] button[data-action="tail"]').click();
    await page.locator("#tail pre", { hasText: "GET / 200" }).waitFor({ timeout: 15_000 });

    expect(problems).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "status-page.png"), fullPage: true });
  } finally {
    await page.close();
    await server.stop(true);
  }
});
