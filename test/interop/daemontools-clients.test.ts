// Our svc, svstat and svok against Debian's real /usr/bin/supervise, each
// compared with Debian's own client on the same directory at the same moment.
import { describe, expect, test } from "bun:test";
import { procState } from "../helpers/monitor.ts";
import { closeSync, constants, mkdirSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import {
  debian,
  makeServiceRoot,
  ours,
  startDebianSupervise,
  waitFor,
  withoutSeconds,
} from "../helpers/daemontools.ts";

/** Both svstats on `dir`; they must agree (ages aside) and that text is returned. */
function svstatBoth(dir: string): string {
  const theirs = debian("svstat", dir);
  const mine = ours("svstat", dir);
  expect(withoutSeconds(mine.stdout)).toBe(withoutSeconds(theirs.stdout));
  expect([mine.status, mine.stderr]).toEqual([theirs.status, theirs.stderr]);
  return withoutSeconds(theirs.stdout);
}

const waitForStatus = (dir: string, re: RegExp) =>
  waitFor(() => re.test(debian("svstat", dir).stdout), `svstat ${dir} to match ${re}`);

describe("our svstat reads Debian's supervise as Debian's svstat does", () => {
  test("up, paused, continued, down, normally down, up again: the same line every time", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("web");
    await using sup = startDebianSupervise(dir);
    const pid = await sup.ready();
    await waitForStatus(dir, /up \(pid/);
    expect(svstatBoth(dir)).toBe(`${dir}: up (pid ${pid}) N seconds\n`);

    debian("svc", "-p", dir);
    await waitForStatus(dir, /paused/);
    expect(svstatBoth(dir)).toBe(`${dir}: up (pid ${pid}) N seconds, paused\n`);

    debian("svc", "-c", dir);
    await waitForStatus(dir, /seconds$/m);
    debian("svc", "-d", dir);
    await waitForStatus(dir, /down/);
    expect(svstatBoth(dir)).toBe(`${dir}: down N seconds, normally up\n`);

    writeFileSync(`${dir}/down`, "");
    expect(svstatBoth(dir)).toBe(`${dir}: down N seconds\n`);
    debian("svc", "-u", dir);
    const again = await sup.ready(2);
    await waitForStatus(dir, /up \(pid/);
    expect(svstatBoth(dir)).toBe(`${dir}: up (pid ${again}) N seconds, normally down\n`);
  });

  test("a service that ignores TERM shows 'want down' after svc -d", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("stubborn", "ignore-term.sh");
    await using sup = startDebianSupervise(dir);
    const pid = await sup.ready();
    debian("svc", "-d", dir);
    await waitForStatus(dir, /want down/);
    expect(svstatBoth(dir)).toBe(`${dir}: up (pid ${pid}) N seconds, want down\n`);
  });

  test("the age agrees with Debian's to the second, so the TAI64N offset is read right", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("clock");
    await using sup = startDebianSupervise(dir);
    await sup.ready();
    await Bun.sleep(1100); // one whole second must pass for an age of at least 1
    const age = (text: string) => Number(/ (\d+) seconds/.exec(text)![1]);
    const theirs = age(debian("svstat", dir).stdout);
    const mine = age(ours("svstat", dir).stdout);
    // An offset read 10 s wrong would give 0 (clamped) or 11+ here.
    expect(theirs).toBeGreaterThanOrEqual(1);
    expect(mine).toBeGreaterThanOrEqual(1);
    expect(Math.abs(mine - theirs)).toBeLessThanOrEqual(1);
  });
});

describe("our svc drives Debian's supervise", () => {
  test("-d stops the service, -u starts a new one, -p and -c pause and continue it", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("web");
    await using sup = startDebianSupervise(dir);
    const first = await sup.ready();

    expect(ours("svc", "-d", dir)).toEqual({ status: 0, stdout: "", stderr: "" });
    await waitForStatus(dir, /: down/);
    await waitFor(() => !isAlive(first), `pid ${first} to exit`);

    ours("svc", "-u", dir);
    const second = await sup.ready(2);
    expect(second).not.toBe(first);
    await waitForStatus(dir, new RegExp(`up \\(pid ${second}\\)`));

    ours("svc", "-p", dir);
    await waitForStatus(dir, /, paused/);
    await waitFor(() => procState(second) === "T", `pid ${second} to be stopped`);
    expect(ours("svstat", dir).stdout).toMatch(/, paused\n$/);

    ours("svc", "-c", dir);
    await waitFor(() => procState(second) === "S", `pid ${second} to run again`);
    expect(debian("svstat", dir).stdout).not.toMatch(/paused/);
  });

  test("-h reaches the service as SIGHUP and -t makes supervise restart it", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("logger", "signal-logger.sh");
    await using sup = startDebianSupervise(dir);
    const first = await sup.ready();
    ours("svc", "-h", dir);
    await waitFor(() => sup.lines.includes("signal=HUP"), "signal=HUP from the service");
    ours("svc", "-t", dir);
    await waitFor(() => sup.lines.includes("signal=TERM"), "signal=TERM from the service");
    expect(await sup.ready(2)).not.toBe(first);
  });

  test("-dx makes supervise exit; then both svok say 100 and both svstat say not running", async () => {
    using svc = makeServiceRoot();
    const dir = svc.service("web");
    await using sup = startDebianSupervise(dir);
    await sup.ready();
    expect(ours("svok", dir).status).toBe(0);
    expect(debian("svok", dir).status).toBe(0);

    ours("svc", "-dx", dir);
    const exited = await Promise.race([sup.proc.exited, Bun.sleep(5000).then(() => "timeout")]);
    expect(exited).toBe(0);
    expect(ours("svok", dir).status).toBe(100);
    expect(debian("svok", dir).status).toBe(100);
    expect(svstatBoth(dir)).toBe(`${dir}: supervise not running\n`);
  });
});

describe("problems are reported in daemontools' words and statuses", () => {
  test("each broken directory gives the same output and status from ours as from Debian's", () => {
    using svc = makeServiceRoot();
    const root = svc.root;
    writeFileSync(`${root}/a-file`, "");
    mkdirSync(`${root}/no-supervise`);
    mkdirSync(`${root}/no-ok/supervise`, { recursive: true });
    mkdirSync(`${root}/no-reader/supervise`, { recursive: true });
    execFileSync("mkfifo", [`${root}/no-reader/supervise/ok`, `${root}/no-reader/supervise/control`]);
    // ok held open for reading but no status file yet, and a short status file.
    mkdirSync(`${root}/no-status/supervise`, { recursive: true });
    mkdirSync(`${root}/short-status/supervise`, { recursive: true });
    writeFileSync(`${root}/short-status/supervise/status`, "tooshort");
    execFileSync("mkfifo", [`${root}/no-status/supervise/ok`, `${root}/short-status/supervise/ok`]);
    // ok and control that are directories; ok a plain file; a down symlink that loops.
    mkdirSync(`${root}/ok-dir/supervise/ok`, { recursive: true });
    mkdirSync(`${root}/ok-dir/supervise/control`);
    mkdirSync(`${root}/ok-file/supervise`, { recursive: true });
    writeFileSync(`${root}/ok-file/supervise/ok`, "");
    mkdirSync(`${root}/down-loop`);
    symlinkSync("down", `${root}/down-loop/down`);
    const held = [`${root}/no-status`, `${root}/short-status`].map((d) =>
      openSync(`${d}/supervise/ok`, constants.O_RDONLY | constants.O_NONBLOCK),
    );
    try {
      const names = ["missing", "a-file", "no-supervise", "no-ok", "no-reader", "no-status", "short-status"];
      const dirs = [...names, "ok-dir", "ok-file", "down-loop"].map(
        (n) => `${root}/${n}`,
      );
      dirs.push("");
      const theirs = debian("svstat", ...dirs);
      expect(ours("svstat", ...dirs)).toEqual(theirs);
      // The table covers every message svstat has for an unusable directory.
      expect(theirs.stdout).toContain("unable to chdir: file does not exist");
      expect(theirs.stdout).toContain("unable to chdir: not a directory");
      expect(theirs.stdout).toContain("unable to open supervise/ok: file does not exist");
      expect(theirs.stdout).toContain("supervise not running");
      expect(theirs.stdout).toContain("unable to open supervise/status: file does not exist");
      expect(theirs.stdout).toContain("unable to read supervise/status: bad format");
      expect(theirs.stdout).toContain("unable to open supervise/ok: is a directory");
      expect(theirs.stdout).toContain("unable to stat down: symbolic link loop");

      expect(ours("svc", "-u", ...dirs)).toEqual(debian("svc", "-u", ...dirs));
      for (const dir of dirs) expect({ dir, ...ours("svok", dir) }).toEqual({ dir, ...debian("svok", dir) });
    } finally {
      for (const fd of held) closeSync(fd);
    }
  });

  test("usage errors exit as daemontools' do: svc 100 naming the option, svok 100", () => {
    const theirs = debian("svc", "-uz", "x");
    const mine = ours("svc", "-uz", "x");
    expect(mine.status).toBe(theirs.status);
    expect(mine.stderr.split("\n")[0]).toStartWith(theirs.stderr.split("\n")[0]!);
    expect(mine.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(ours("svok")).toEqual(debian("svok"));
    expect(ours("svstat")).toEqual(debian("svstat"));
    expect(ours("svc", "-u")).toEqual(debian("svc", "-u"));
  });
});


function isAlive(pid: number): boolean {
  const state = procState(pid);
  return state !== undefined && state !== "Z";
}
