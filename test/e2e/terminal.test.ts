import { describe, expect, test } from "bun:test";
import { fixture, MONITOR } from "../helpers/monitor.ts";

describe("the controlling terminal", () => {
  test("the child's group becomes the foreground group when monitor owns the terminal", async () => {
    // util-linux `script` gives monitor a pseudo-terminal of its own.
    const proc = Bun.spawn(["script", "-qec", `${MONITOR} --restart=never ${fixture("show-tty.sh")}`, "/dev/null"], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const timer = setTimeout(() => proc.kill(9), 10_000);
    const out = await new Response(proc.stdout).text();
    await proc.exited;
    clearTimeout(timer);
    const m = /pgid=(\d+) tpgid=(\d+)/.exec(out);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(m![2]);
  });

  test("without a terminal nothing is attempted and the child still runs", async () => {
    const proc = Bun.spawn([MONITOR, "--restart=never", fixture("show-tty.sh")], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    expect(out).toMatch(/tpgid=-1/);
  });
});
