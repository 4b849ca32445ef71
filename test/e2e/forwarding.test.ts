import { describe, expect, test } from "bun:test";
import { fixture, pollUntil, runMonitor, SIG, waitReady } from "../helpers/monitor.ts";

describe("signal forwarding", () => {
  test("HUP and USR1 sent to monitor reach the child", async () => {
    await using run = runMonitor(["--restart=never", fixture("signal-logger.sh")]);
    await waitReady(run);
    process.kill(run.pid, SIG.SIGHUP);
    await run.waitForLine(/^signal=HUP$/);
    process.kill(run.pid, SIG.SIGUSR1);
    await run.waitForLine(/^signal=USR1$/);
  });

  test("--forward=group reaches a grandchild; --forward=child does not", async () => {
    const script = 'sh -c \'trap "echo grandchild-got-hup" HUP; echo gc-ready; while :; do sleep 1; done\' & trap "echo child-got-hup" HUP; echo ready pid=$$ pgid=$$; while :; do sleep 1 & wait $!; done';
    for (const mode of ["group", "child"] as const) {
      await using run = runMonitor(["--restart=never", `--forward=${mode}`, "sh", "-c", script]);
      await waitReady(run);
      await run.waitForLine(/^gc-ready$/);
      process.kill(run.pid, SIG.SIGHUP);
      await run.waitForLine(/^child-got-hup$/);
      if (mode === "group") await run.waitForLine(/^grandchild-got-hup$/);
      else {
        // The child's handler ran; a group delivery would have reached the
        // grandchild in the same instant. Send a second HUP to be sure the
        // child's line is not a lone early one, then check.
        process.kill(run.pid, SIG.SIGHUP);
        await pollUntil(() => run.out.filter((l) => l === "child-got-hup").length >= 2);
        expect(run.out).not.toContain("grandchild-got-hup");
      }
    }
  });

  test("--map-signal rewrites a signal, and TO=0 drops it", async () => {
    await using run = runMonitor(["--restart=never", "--map-signal=USR1:USR2", "--map-signal=HUP:0", fixture("signal-logger.sh")]);
    await waitReady(run);
    process.kill(run.pid, SIG.SIGHUP);
    process.kill(run.pid, SIG.SIGUSR1);
    await run.waitForLine(/^signal=USR2$/);
    // Contrast: WINCH is not mapped and arrives; HUP (sent before it) never did.
    process.kill(run.pid, SIG.SIGWINCH);
    await run.waitForLine(/^signal=WINCH$/);
    expect(run.out).not.toContain("signal=HUP");
    expect(run.out).not.toContain("signal=USR1");
  });

  test("--forward=none keeps signals from the child but TERM still stops it", async () => {
    await using run = runMonitor(["--restart=never", "--forward=none", fixture("signal-logger.sh")]);
    await waitReady(run);
    process.kill(run.pid, SIG.SIGUSR1);
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
    expect(run.out).toContain("signal=TERM");
    expect(run.out).not.toContain("signal=USR1");
  });

  test("once the child runs, signals go from monitor's native handler, with --map-signal, while TERM still runs the stop sequence", async () => {
    await using run = runMonitor(["-v", "--restart=never", "--map-signal=USR2:HUP", fixture("signal-logger.sh")]);
    await waitReady(run);
    await run.waitForLine(/forwarding from a native signal handler/, 5000, "err");
    for (const [sent, seen] of [[SIG.SIGUSR1, "USR1"], [SIG.SIGUSR2, "HUP"], [SIG.SIGWINCH, "WINCH"]] as const) {
      process.kill(run.pid, sent);
      await run.waitForLine(new RegExp(`^signal=${seen}$`));
    }
    process.kill(run.pid, SIG.SIGTERM);
    expect(await run.exited()).toBe(143);
    // The three went through the native handler; TERM did not.
    await run.waitForLine(/signals delivered by the native handler: 3"/, 2000, "err");
  });
});
