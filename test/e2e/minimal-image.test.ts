// dist/monitor as PID 1 in an image that holds nothing but the binary, the
// loader and the libraries ldd lists, Debian's busybox-static as /bin/sh for
// the fixtures, and /dev/null (every container runtime provides /dev; the
// shell needs it for background jobs).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { MONITOR, pollUntil, ROOT, runMonitor, SIG, zombieChildren } from "../helpers/monitor.ts";
import { readFileSync } from "node:fs";

let root: string;

function librariesOf(binary: string): string[] {
  const out = Bun.spawnSync(["ldd", binary]).stdout.toString();
  return [...out.matchAll(/(\/\S+)/g)].map((m) => m[1]!);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "monitor-image-"));
  for (const lib of librariesOf(MONITOR)) {
    mkdirSync(join(root, dirname(lib)), { recursive: true });
    copyFileSync(lib, join(root, lib));
  }
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "proc"));
  mkdirSync(join(root, "dev"));
  copyFileSync(MONITOR, join(root, "bin/monitor"));
  copyFileSync("/bin/busybox", join(root, "bin/busybox"));
  for (const applet of ["sh", "sleep", "setsid", "true", "cut", "printf"]) symlinkSync("busybox", join(root, "bin", applet));
  expect(Bun.spawnSync(["mknod", "-m", "666", join(root, "dev/null"), "c", "1", "3"]).exitCode).toBe(0);
  cpSync(join(ROOT, "fixtures"), join(root, "fixtures"), { recursive: true });
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const inImage = () => ["unshare", "--pid", "--fork", "--mount", "--kill-child", `--root=${root}`, "--mount-proc"];

function monitorPidUnder(unsharePid: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : undefined;
  } catch {
    return undefined;
  }
}

describe("a minimal image", () => {
  test("monitor runs as PID 1 with no shell of its own and reaps every orphan", async () => {
    await using run = runMonitor(["/fixtures/bin/orphan-maker.sh", "100"], { prefix: inImage(), bin: "/bin/monitor" });
    await run.waitForLine(/^orphans done$/, 10_000);
    const pid = await pollUntil(() => monitorPidUnder(run.pid), 5000, "monitor under unshare");
    await pollUntil(() => zombieChildren(pid).length === 0, 5000, "no zombie under monitor");
    expect(run.out.filter((l) => l.startsWith("orphan pid=")).length).toBe(100);
    process.kill(pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
  });

  test("and forwards signals to the child there", async () => {
    await using run = runMonitor(["/fixtures/bin/signal-logger.sh"], { prefix: inImage(), bin: "/bin/monitor" });
    await run.waitForLine(/^ready/, 10_000);
    const pid = await pollUntil(() => monitorPidUnder(run.pid), 5000, "monitor under unshare");
    process.kill(pid, SIG.SIGHUP);
    await run.waitForLine(/^signal=HUP$/);
    process.kill(pid, SIG.SIGTERM);
    await run.waitForLine(/^signal=TERM$/);
    expect(await run.exited()).toBe(143);
  });
});
