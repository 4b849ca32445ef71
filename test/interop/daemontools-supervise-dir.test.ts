// monitor's supervise/ directory (lock, control, ok, status) driven by
// Debian's own svc, svstat, svok and supervise, and by runit's sv: no process
// engine needed, the test plays the supervisor's part.
import { describe, expect, test } from "bun:test";
import { existsSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { controlEventOf, type ControlEvent } from "../../src/daemontools/control.ts";
import type { ServiceStatus, StatusLayout, Want } from "../../src/daemontools/status-file.ts";
import { openSuperviseDir, SUPERVISE_SETUP_FAILED } from "../../src/daemontools/supervise-dir.ts";
import { RuntimeError } from "../../src/errors.ts";
import { debian, makeServiceRoot, ours, startDebianSupervise, waitFor, withoutSeconds } from "../helpers/daemontools.ts";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const status = (pid: number, o: Partial<ServiceStatus> = {}): ServiceStatus => ({
  changedAt: { seconds: nowSeconds(), nanoseconds: 0 },
  pid,
  paused: false,
  want: "up",
  ...o,
});

describe("svok and supervise's lock", () => {
  test("svok says running exactly while the directory is open, and supervise/ looks like daemontools'", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("a");
    expect(debian("svok", dir).status).toBe(100);
    const sup = openSuperviseDir(dir, status(0, { want: "down" }));
    try {
      expect(debian("svok", dir).status).toBe(0);
      expect(ours("svok", dir).status).toBe(0);
      const mode = (name: string) => statSync(`${dir}/supervise/${name}`).mode;
      const S_IFIFO = 0o010000;
      expect(mode("control") & 0o170000).toBe(S_IFIFO);
      expect(mode("ok") & 0o170000).toBe(S_IFIFO);
      expect(mode("control") & 0o777).toBe(0o600);
      expect(statSync(`${dir}/supervise`).mode & 0o777).toBe(0o700);
      expect(statSync(`${dir}/supervise/status`).size).toBe(18);
    } finally {
      await sup.close();
    }
    expect(debian("svok", dir).status).toBe(100);
    expect(debian("svstat", dir).stdout).toBe(`${dir}: supervise not running\n`);
  });

  test("Debian's supervise refuses a directory we hold, and we refuse one it holds", async () => {
    using svc = makeServiceRoot();
    const ourDir = svc.service("ours");
    const sup = openSuperviseDir(ourDir, status(0));
    try {
      const r = Bun.spawnSync(["/usr/bin/supervise", ourDir], { stderr: "pipe", timeout: 5000 });
      expect(r.exitCode).toBe(111);
      expect(r.stderr.toString()).toBe(`supervise: fatal: unable to acquire ${ourDir}/supervise/lock: temporary failure\n`);
    } finally {
      await sup.close();
    }

    const theirDir = svc.service("theirs");
    await using theirs = startDebianSupervise(theirDir);
    await theirs.ready();
    let thrown: unknown;
    try {
      await openSuperviseDir(theirDir, status(0)).close();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RuntimeError);
    expect((thrown as RuntimeError).status).toBe(SUPERVISE_SETUP_FAILED);
    expect((thrown as Error).message).toBe(`unable to acquire ${theirDir}/supervise/lock: temporary failure`);
    // Refusing changed nothing: Debian's supervise still answers.
    expect(debian("svok", theirDir).status).toBe(0);
  });

  test("the lock is free again after close: a second open of the same directory succeeds", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("again");
    await openSuperviseDir(dir, status(0)).close();
    const second = openSuperviseDir(dir, status(0));
    expect(debian("svok", dir).status).toBe(0);
    await second.close();
  });
});

describe("control letters from Debian's svc", () => {
  test("every letter arrives as its event, in the order svc writes them", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("ctl");
    const sup = openSuperviseDir(dir, status(0));
    const events: ControlEvent[] = [];
    sup.watchControl((e) => events.push(e));
    try {
      expect(debian("svc", "-udopchaitkx", dir)).toEqual({ status: 0, stdout: "", stderr: "" });
      await waitFor(() => events.length >= 11, "11 control events");
      expect(events).toEqual([..."udopchaitkx"].map((l) => controlEventOf(l)!));
      ours("svc", "-t", dir);
      ours("svc", "-x", dir);
      await waitFor(() => events.length >= 13, "2 more control events");
      expect(events.slice(11).map((e) => e.type)).toEqual(["signal", "exit"]);
    } finally {
      await sup.close();
    }
  });
});

describe("Debian's svstat reads the status we write", () => {
  const wants: Want[] = ["up", "down", "none"];
  for (const layout of ["daemontools", "runit"] as StatusLayout[]) {
    test(`every combination of pid, paused, want and down file reads the same in both svstats (${layout})`, async () => {
      using svc = makeServiceRoot();
      const dir = svc.service("st");
      const sup = openSuperviseDir(dir, status(0), layout);
      try {
        let combos = 0;
        for (const pid of [0, 4_000_000_123])
          for (const paused of [false, true])
            for (const want of wants)
              for (const down of [false, true]) {
                if (down) writeFileSync(`${dir}/down`, "");
                else if (existsSync(`${dir}/down`)) unlinkSync(`${dir}/down`);
                sup.writeStatus(status(pid, { paused, want, changedAt: { seconds: nowSeconds() - 100, nanoseconds: 5 } }));
                const theirs = debian("svstat", dir).stdout;
                const mine = ours("svstat", dir).stdout;
                // Ages may differ by one: glibc's time() reads the coarse clock,
                // which can still show the previous second when Date.now() does not.
                expect(withoutSeconds(mine)).toBe(withoutSeconds(theirs));
                for (const text of [mine, theirs]) {
                  expect(text).toMatch(pid ? new RegExp(`: up \\(pid ${pid}\\) (99|100|101) seconds`) : /: down (99|100|101) seconds/);
                }
                combos++;
              }
        expect(combos).toBe(24);
      } finally {
        await sup.close();
      }
    });
  }
});

describe("runit's sv needs the 20-byte layout", () => {
  test("sv reads our runit layout and calls the 18-byte one bad format", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("rn");
    const sup = openSuperviseDir(dir, status(4242, { changedAt: { seconds: nowSeconds() - 7, nanoseconds: 0 } }), "runit");
    try {
      expect(debian("sv", "status", dir).stdout).toMatch(new RegExp(`^run: ${dir}: \\(pid 4242\\) [6-8]s`));
    } finally {
      await sup.close();
    }
    // The layout is chosen when the directory is opened: reopen to switch.
    const sup18 = openSuperviseDir(dir, status(4242), "daemontools");
    try {
      expect(debian("sv", "status", dir).stdout).toContain("unable to read supervise/status: bad format");
      expect(withoutSeconds(debian("svstat", dir).stdout)).toBe(`${dir}: up (pid 4242) N seconds\n`);
    } finally {
      await sup18.close();
    }
  });
});
