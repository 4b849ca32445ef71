import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, FIXTURES, pollUntil, ROOT, runMonitor, waitReady } from "../helpers/monitor.ts";

function envOf(out: string[]): Record<string, string> {
  return Object.fromEntries(out.filter((l) => l.startsWith("env:")).map((l) => {
    const kv = l.slice(4);
    const eq = kv.indexOf("=");
    return [kv.slice(0, eq), kv.slice(eq + 1)];
  }));
}

const field = (out: string[], key: string) => out.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);

describe("the child's environment, directory and umask", () => {
  test("the environment is exactly monitor's plus --env-file, then --env on top", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    const file = join(dir, "app.env");
    writeFileSync(file, "# settings\nexport FROM_FILE=file\nSHARED=from-file\nQUOTED=\"a b\"\n\n");
    const given = { MONITOR_TEST: "1", SHOW_PARENT: "kept" };
    await using run = runMonitor(
      ["--restart=never", `--env-file=${file}`, "--env=SHARED=from-flag", "--env=EMPTY=", "--env=WITH_EQ=a=b", fixture("show-setup.sh")],
      { env: given },
    );
    expect(await run.exited()).toBe(0);
    const monitorEnv = { ...process.env, ...given } as Record<string, string>;
    expect(envOf(run.out)).toEqual({ ...monitorEnv, FROM_FILE: "file", SHARED: "from-flag", QUOTED: "a b", EMPTY: "", WITH_EQ: "a=b" });
  });

  test("without those options the child gets monitor's environment, unchanged", async () => {
    await using run = runMonitor(["--restart=never", fixture("show-setup.sh")], { env: { SHOW_PARENT: "kept" } });
    expect(await run.exited()).toBe(0);
    expect(envOf(run.out)).toEqual({ ...process.env, MONITOR_TEST: "1", SHOW_PARENT: "kept" } as Record<string, string>);
  });

  test("--cwd sets the directory, and a relative PROGRAM is found from there", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "monitor-")));
    {
      await using run = runMonitor(["--restart=never", `--cwd=${dir}`, fixture("show-setup.sh")]);
      expect(await run.exited()).toBe(0);
      expect(field(run.out, "cwd")).toBe(dir);
    }
    {
      // From ROOT, ./show-setup.sh does not exist; from fixtures/bin it does.
      await using run = runMonitor(["--restart=never", `--cwd=${FIXTURES}`, "./show-setup.sh"], { cwd: ROOT });
      expect(await run.exited()).toBe(0);
      expect(field(run.out, "cwd")).toBe(realpathSync(FIXTURES));
    }
  });

  test("--umask sets the child's umask; without it the child has monitor's", async () => {
    {
      await using run = runMonitor(["--restart=never", "--umask=027", fixture("show-setup.sh")]);
      expect(await run.exited()).toBe(0);
      expect(field(run.out, "umask")).toBe("0027");
    }
    {
      await using run = runMonitor(["--restart=never", fixture("show-setup.sh")]);
      expect(await run.exited()).toBe(0);
      expect(field(run.out, "umask")).toBe(process.umask().toString(8).padStart(4, "0"));
    }
  });

  test("the health command runs with the child's environment and directory, nothing of monitor's own added", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "monitor-")));
    const seen = join(dir, "probe-env");
    const probe = `pwd -P > ${seen}.cwd; tr '\\0' '\\n' < /proc/$$/environ > ${seen}.tmp; mv ${seen}.tmp ${seen}`;
    await using run = runMonitor(["--env=FROM_FLAG=1", `--cwd=${dir}`, `--health-cmd=${probe}`, "--health-interval=50ms", "--start-secs=50ms", fixture("sleeper.sh")]);
    await waitReady(run);
    const text = await pollUntil(() => (existsSync(seen) ? readFileSync(seen, "utf8") : undefined), 5000, "the probe's environment");
    const env = Object.fromEntries(text.split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    // /proc/$$/environ is the probe shell's environment as monitor passed it, before sh sets anything.
    expect(env).toEqual({ ...process.env, MONITOR_TEST: "1", FROM_FLAG: "1" } as Record<string, string>);
    expect(readFileSync(`${seen}.cwd`, "utf8").trim()).toBe(dir);
  });

  test("a bad value is one line on stderr, exit 2, and nothing is started", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-"));
    const marker = join(dir, "started");
    const badEnv = join(dir, "bad.env");
    writeFileSync(badEnv, "GOOD=1\nthis is not a pair\n");
    const cases: [string, RegExp][] = [
      ["--env=NOEQUALS", /--env: 'NOEQUALS' is not K=V/],
      ["--env==value", /--env: '=value' is not K=V/],
      [`--env-file=${join(dir, "missing.env")}`, /--env-file: cannot read .*ENOENT/],
      [`--env-file=${badEnv}`, /bad\.env:2: 'this is not a pair' is not KEY=value/],
      [`--cwd=${join(dir, "nowhere")}`, /--cwd: .*ENOENT/],
      [`--cwd=${badEnv}`, /--cwd: .* is not a directory/],
      ["--umask=9", /--umask: '9' is not an octal umask/],
      ["--umask=7777", /--umask: '7777' is more than 0777/],
    ];
    for (const [option, message] of cases) {
      await using run = runMonitor([option, "touch", marker]);
      expect(await run.exited()).toBe(2);
      expect(run.err.filter((l) => l.trim())).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
    }
    expect(await Bun.file(marker).exists()).toBe(false);
  });
});
