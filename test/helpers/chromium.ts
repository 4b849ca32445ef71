// Debian's /usr/bin/chromium, headless, driven by playwright-core, with a
// fresh profile directory that is removed at dispose. No network: every
// background service that would call out is switched off.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface Chromium extends AsyncDisposable {
  readonly context: BrowserContext;
}

export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), "monitor-chromium-"));
  // playwright passes the profile as --user-data-dir itself.
  const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: ARGS, timeout: 30_000 });
  return {
    context,
    async [Symbol.asyncDispose]() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
