// --user through the compiled binary. The accounts live in a private mount
// namespace (copies of /etc/passwd and /etc/group bind-mounted over the real
// ones), so the test never edits this machine's account files.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, runMonitor, SIG, waitReady } from "../helpers/monitor.ts";

const UID = 4242;

function accountsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "monitor-accounts-"));
  writeFileSync(join(dir, "passwd"), `${readFileSync("/etc/passwd", "utf8")}montest:x:${UID}:${UID}::/home/montest:/bin/sh\n`);
  const groups = [
    `montest:x:${UID}:`,
    "monextra:x:4343:montest",
    "monother:x:4344:someone,montest",
    "monnot:x:4345:montester", // a longer name that starts with montest: not a member
  ];
  writeFileSync(join(dir, "group"), `${readFileSync("/etc/group", "utf8")}${groups.join("\n")}\n`);
  return dir;
}

/** Run monitor with the test accounts mounted over /etc/passwd and /etc/group. */
function withAccounts(dir: string, args: string[]) {
  const script = `mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group && shift && exec "$@"`;
  return runMonitor(args, { prefix: ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", dir] });
}

function ids(pid: number): { uid: string; gid: string; groups: string } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, "m").exec(status)![1]!.trim().split(/\s+/).join(" ");
  return { uid: field("Uid"), gid: field("Gid"), groups: field("Groups") };
}

describe("--user", () => {
  test("USER runs the child with USER's uid, primary gid and every group that lists USER", async () => {
    const dir = accountsDir();
    for (const user of ["montest", String(UID)]) {
      await using run = withAccounts(dir, ["--user", user, fixture("sleeper.sh")]);
      const { pid } = await waitReady(run);
      expect(ids(pid)).toEqual({ uid: `${UID} ${UID} ${UID} ${UID}`, gid: `${UID} ${UID} ${UID} ${UID}`, groups: `${UID} 4343 4344` });
      process.kill(run.pid, SIG.SIGTERM);
      expect(await run.exited()).toBe(143);
    }
  });

  test("USER:GROUP makes GROUP the primary and only group", async () => {
    await using run = withAccounts(accountsDir(), ["--user=montest:monextra", fixture("sleeper.sh")]);
    const { pid } = await waitReady(run);
    expect(ids(pid)).toEqual({ uid: `${UID} ${UID} ${UID} ${UID}`, gid: "4343 4343 4343 4343", groups: "4343" });
    // Contrast: monitor itself is still root.
    expect(ids(run.pid).uid).toBe("0 0 0 0");
  });

  test("the child keeps monitor's environment: HOME, USER and LOGNAME are not changed", async () => {
    await using run = withAccounts(accountsDir(), ["--restart=never", "--user=montest", "--env=EXTRA=1", fixture("show-setup.sh")]);
    expect(await run.exited()).toBe(0);
    const env = Object.fromEntries(run.out.filter((l) => l.startsWith("env:")).map((l) => {
      const i = l.indexOf("=");
      return [l.slice(4, i), l.slice(i + 1)];
    }));
    expect(env).toEqual({ ...process.env, MONITOR_TEST: "1", EXTRA: "1" } as Record<string, string>);
  });

  test("an unknown user or group is one line on stderr, exit 2, and nothing is started", async () => {
    const dir = accountsDir();
    const marker = join(dir, "started");
    const cases: [string, RegExp][] = [
      ["--user=nosuchuser", /--user: no such user 'nosuchuser'/],
      ["--user=montest:nosuchgroup", /--user: no such group 'nosuchgroup'/],
      ["--user=98765", /--user: no such user '98765' .*98765:98765/],
      ["--user=montest:", /--user: 'montest:' is not USER or USER:GROUP/],
    ];
    for (const [option, message] of cases) {
      await using run = withAccounts(dir, [option, "touch", marker]);
      expect(await run.exited()).toBe(2);
      expect(run.err.filter((l) => l.trim())).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
    }
    expect(await Bun.file(marker).exists()).toBe(false);
  });

  test("a uid with no passwd entry runs with the group given beside it", async () => {
    await using run = runMonitor(["--user=98765:98765", fixture("sleeper.sh")]);
    const { pid } = await waitReady(run);
    expect(ids(pid)).toEqual({ uid: "98765 98765 98765 98765", gid: "98765 98765 98765 98765", groups: "98765" });
  });
});
