import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readText, rotatedText, waitForFileLine, waitReadyInFile } from "../helpers/log-file.ts";
import { alive, fixture, killQuietly, MONITOR, pollUntil, runMonitor } from "../helpers/monitor.ts";

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

function tempLog(): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), "monitor-output-"));
  return { dir, log: join(dir, "out.log") };
}

const withoutReady = (text: string) => text.split("\n").filter((l) => !/ready pid=/.test(l));

describe("--log-file", () => {
  test("stdout and stderr go to the file, appended, as whole lines: a line written in pieces stays one line and stderr's line never lands inside it", async () => {
    const { log } = tempLog();
    writeFileSync(log, "kept from before\n");
    await using run = runMonitor(["--restart=never", `--log-file=${log}`, fixture("split-writer.sh")]);
    expect(await run.exited()).toBe(0);
    // The unterminated last line is ended with a newline when the child exits.
    expect(withoutReady(readText(log))).toEqual(["kept from before", "err-line", "alpha-beta-gamma", "no-newline-at-exit", ""]);
    expect(run.out).toEqual([]);
  });

  test("--log-timestamps puts exactly one UTC millisecond stamp before each line, pieces or not", async () => {
    const { log } = tempLog();
    const before = Date.now();
    await using run = runMonitor(["--restart=never", `--log-file=${log}`, "--log-timestamps", fixture("split-writer.sh")]);
    expect(await run.exited()).toBe(0);
    const after = Date.now();
    const lines = readText(log).split("\n").slice(0, -1);
    expect(lines.length).toBe(4);
    const rest = lines.map((l) => {
      const m = l.match(STAMP);
      expect(m).not.toBeNull();
      const t = Date.parse(m![1]!);
      expect(t).toBeGreaterThanOrEqual(before - 1);
      expect(t).toBeLessThanOrEqual(after + 1);
      return l.slice(m![0].length);
    });
    expect(rest.slice(1)).toEqual(["err-line", "alpha-beta-gamma", "no-newline-at-exit"]);
    expect(rest[0]).toMatch(/^ready pid=\d+/);
  });

  test("rotates as supervisord does: PATH.1 ... PATH.N, each file ends at a line's end, and no line is lost below the limit", async () => {
    const { log } = tempLog();
    const expected = Array.from({ length: 400 }, (_, i) => `line ${i}`);
    {
      await using run = runMonitor(["--restart=never", `--log-file=${log}`, "--log-max-bytes=1KB", "--log-backups=10", fixture("flood.sh"), "400"]);
      expect(await run.exited()).toBe(0);
    }
    // 400 lines of about 8 bytes: three rotations at 1 KiB.
    expect(existsSync(`${log}.3`)).toBe(true);
    expect(existsSync(`${log}.5`)).toBe(false);
    for (let i = 1; existsSync(`${log}.${i}`); i++) {
      const text = readText(`${log}.${i}`);
      expect(text.endsWith("\n")).toBe(true);
      expect(text.length).toBeGreaterThanOrEqual(1024);
      expect(text.length).toBeLessThan(1024 + 10);
    }
    expect(withoutReady(rotatedText(log, 10))).toEqual([...expected, ""]);

    // Past the limit the oldest file goes: what is kept is the newest lines, whole.
    const { log: small } = tempLog();
    {
      await using run = runMonitor(["--restart=never", `--log-file=${small}`, "--log-max-bytes=1KB", "--log-backups=1", fixture("flood.sh"), "400"]);
      expect(await run.exited()).toBe(0);
    }
    expect(readdirSync(join(small, "..")).sort()).toEqual(["out.log", "out.log.1"]);
    const kept = withoutReady(rotatedText(small, 1)).slice(0, -1);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept).toEqual(expected.slice(expected.length - kept.length));
  });

  test("--tee also copies each stream to monitor's own stdout and stderr; the child does not inherit the log file", async () => {
    const { log } = tempLog();
    await using run = runMonitor(["--restart=never", `--log-file=${log}`, "--tee", "sh", "-c", "echo to-out; echo to-err >&2; ls -l /proc/$$/fd/"]);
    expect(await run.exited()).toBe(0);
    expect(run.out).toContain("to-out");
    expect(run.err).toContain("to-err");
    expect(run.out).not.toContain("to-err");
    const text = readText(log);
    expect(text).toContain("to-out\n");
    expect(text).toContain("to-err\n");
    expect(text).toMatch(/ 1 -> pipe:/);
    expect(text).not.toContain(`-> ${log}`);
  });

  test("a full disk drops lines with exactly one warning, never holds the child back, and logging resumes when space comes back", async () => {
    const { dir } = tempLog();
    const mnt = join(dir, "mnt");
    const marks = join(dir, "marks");
    mkdirSync(mnt);
    mkdirSync(marks);
    const log = join(mnt, "out.log");
    // A 256 KiB tmpfs in monitor's own mount namespace, 192 KiB of it taken
    // by a filler: room for about 64 KiB of log, against a 4 MB burst (more
    // than the 1 MiB pipe holds: the child only finishes if monitor drains).
    await using run = runMonitor(["--restart=never", `--log-file=${log}`, fixture("log-burst.sh"), "100000", marks], {
      prefix: ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
        'mount -t tmpfs -o size=256k tmpfs "$0" && head -c 196608 /dev/zero > "$0/filler" && exec "$@"', mnt],
    });
    // The tmpfs is only visible in monitor's namespace: reach it through /proc.
    const inside = (path: string) => `/proc/${run.pid}/root${path}`;
    await waitReadyInFile(run, inside(log));
    await pollUntil(() => existsSync(join(marks, "burst-done")), 10_000, "the child to finish its burst");
    await run.waitForLine(/cannot write \(ENOSPC\)/, 5000, "err");

    unlinkSync(inside(join(mnt, "filler")));
    writeFileSync(join(marks, "go"), "");
    await waitForFileLine(inside(log), /^after-go$/);
    const resumed = await run.waitForLine(/writing again after ENOSPC; (\d+) lines/, 5000, "err");
    const warnings = run.err.filter((l) => /"level":"warn"/.test(l) && l.includes(log));
    expect(warnings.length).toBe(1);
    // Every line in the file is whole; kept plus dropped is all of the burst.
    const lines = readText(inside(log)).split("\n").slice(0, -1);
    const burst = lines.filter((l) => l === "burst line of some forty bytes, repeated").length;
    expect(lines.length).toBe(burst + 2);
    expect(burst).toBeGreaterThan(100);
    expect(burst + Number(resumed[1])).toBe(100_000);
  });

  test("a deadline is kept although an escaped grandchild holds the capture pipe: exit 124, output so far kept, the grandchild named and stopped", async () => {
    const { log } = tempLog();
    const t0 = Date.now();
    await using run = runMonitor(["--timeout=500ms", "--stop-timeout=300ms", "--restart=always", `--log-file=${log}`, fixture("escape-holder.sh")]);
    await waitReadyInFile(run, log);
    const escaped = Number((await waitForFileLine(log, /^escaped pid=(\d+)/))[1]);
    run.track(escaped);
    expect(await run.exited()).toBe(124);
    // Generous bound for a loaded machine (SPEC: stop-timeout + 100 ms after the deadline).
    expect(Date.now() - t0).toBeLessThan(500 + 300 + 1500);
    expect(run.err.join("\n")).toContain(String(escaped));
    expect(alive(escaped)).toBe(false);
  });

  test("restarts are not held up by grandchildren that keep the capture pipe open, and monitor exits with all of them stopped", async () => {
    const { log } = tempLog();
    await using run = runMonitor([
      "--backoff=50ms", "--max-retries=3", `--log-file=${log}`, fixture("escape-and-exit.sh"), "3",
    ]);
    expect(await run.exited(10_000)).toBe(3);
    const escaped = [...readText(log).matchAll(/escaped pid=(\d+)/g)].map((m) => Number(m[1]));
    for (const pid of escaped) run.track(pid);
    expect(escaped.length).toBe(3);
    for (const pid of escaped) {
      expect(run.err.join("\n")).toContain(String(pid));
      expect(alive(pid)).toBe(false);
    }
  });

  test("with --daemon the log file also takes monitor's own stdio and log once the first start is reported", async () => {
    const { dir, log } = tempLog();
    const pidfile = join(dir, "monitor.pid");
    let daemon = 0;
    let child = 0;
    try {
      const caller = Bun.spawn([MONITOR, "--daemon", `--pidfile=${pidfile}`, `--log-file=${log}`, "--start-secs=300ms", fixture("sleeper.sh")], { stdout: "pipe", stderr: "pipe" });
      const [out, err, status] = await Promise.all([new Response(caller.stdout).text(), new Response(caller.stderr).text(), caller.exited]);
      expect({ status, out, err }).toEqual({ status: 0, out: "", err: "" });
      daemon = Number(readText(pidfile).trim());
      child = Number((await waitForFileLine(log, /ready pid=(\d+)/))[1]);
      const pipeOf = (pid: number, fd: number) => readlinkSync(`/proc/${pid}/fd/${fd}`);
      await pollUntil(() => pipeOf(daemon, 2).startsWith("pipe:"), 5000, "monitor's stderr on the capture pipe");
      expect(pipeOf(daemon, 1)).toBe(pipeOf(daemon, 2));
      expect(pipeOf(child, 1)).toMatch(/^pipe:/);
      expect(pipeOf(child, 1)).not.toBe(pipeOf(daemon, 2));
      process.kill(daemon, "SIGTERM");
      // monitor's info line about the child's end is in the file, after the child's own lines.
      await waitForFileLine(log, new RegExp(`pid ${child} exited \\(signal 15\\)`));
      await pollUntil(() => !alive(daemon), 10_000, "the daemon to exit");
    } finally {
      if (child) killQuietly(-child);
      if (daemon) killQuietly(daemon);
    }
  });

  test("output options are checked before anything starts: one line, status 2", async () => {
    const { dir } = tempLog();
    const cases: Array<[string[], RegExp]> = [
      [["--tee"], /--tee: needs --log-file/],
      [["--log-timestamps"], /--log-timestamps: needs --log-file/],
      [[`--log-file=${dir}/missing/out.log`], /--log-file: directory .* does not exist/],
      [[`--log-file=${dir}`], /--log-file: .* is a directory/],
      [[`--log-file=${dir}/a.log`, "--log-max-bytes=10XB"], /--log-max-bytes: '10XB' is not a size/],
      [[`--log-file=${dir}/a.log`, "--log-backups=-1"], /--log-backups: '-1' is not a whole number/],
      [[`--log-file=${dir}/a.log`, "--tee", "--daemon"], /--tee: not with --daemon/],
    ];
    for (const [args, message] of cases) {
      await using run = runMonitor([...args, "sh", "-c", "echo started"]);
      expect(await run.exited()).toBe(2);
      expect(run.err.length).toBe(1);
      expect(run.err[0]).toMatch(message);
      expect(run.out).toEqual([]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
