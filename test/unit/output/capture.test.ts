// The capture API as monitor serve uses it, in-process: a real capture thread
// and real pipes, written to from the test (no child processes).
import { describe, expect, test } from "bun:test";
import { pollUntil } from "../../helpers/monitor.ts";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CapturedSource, type Notice, OutputCapture } from "../../../src/output/capture.ts";

async function waitFor(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !check(); await Bun.sleep(5)) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the capture thread");
  }
}

/** This process's fds open on the source's pipe. */
function pipeFds(source: CapturedSource): number[] {
  const fds: number[] = [];
  for (const name of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) === `pipe:[${source.pipeInode}]`) fds.push(Number(name));
    } catch {
      // closed meanwhile
    }
  }
  return fds;
}

/** Whether some epoll set of this process watches `fd` (the kernel lists each watched fd in the set's fdinfo). */
function watched(fd: number): boolean {
  for (const name of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) !== "anon_inode:[eventpoll]") continue;
      if (new RegExp(`^tfd:\\s+${fd}\\s`, "m").test(readFileSync(`/proc/self/fdinfo/${name}`, "utf8"))) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

function tempPath(): string {
  return join(mkdtempSync(join(tmpdir(), "monitor-capture-")), "prog.log");
}

describe("output capture", () => {
  test("two sources share a file without meeting mid-line; the tap sees what the file gets; flush ends held lines", async () => {
    const notices: Notice[] = [];
    const tapped: string[] = [];
    const capture = new OutputCapture({ notice: (n) => notices.push(n), output: (s, b) => tapped.push(`${s.name}:${new TextDecoder().decode(b)}`) });
    try {
      const path = tempPath();
      const sink = capture.openLog({ path, maxBytes: 0, backups: 0 });
      const out = capture.addSource({ name: "out", sink, tap: true });
      const err = capture.addSource({ name: "err", sink });
      writeSync(out.writeFd, "half");
      writeSync(err.writeFd, "whole\n");
      await waitFor(() => readFileSync(path, "utf8") === "whole\n");
      writeSync(out.writeFd, " and more\npartial");
      await waitFor(() => readFileSync(path, "utf8").length > 6);
      expect(readFileSync(path, "utf8")).toBe("whole\nhalf and more\n");
      await capture.flush();
      expect(readFileSync(path, "utf8")).toBe("whole\nhalf and more\npartial\n");
      expect(tapped.join("")).toBe("out:half and more\nout:partial\n");
      expect(notices).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  test("removeSource reads what is left in the pipe before it lets go; close drains every pipe", async () => {
    const capture = new OutputCapture({ notice: () => {} });
    try {
      const path = tempPath();
      const sink = capture.openLog({ path, maxBytes: 0, backups: 0 });
      const a = capture.addSource({ name: "a", sink, timestamps: true });
      const b = capture.addSource({ name: "b", sink });
      writeSync(a.writeFd, "from a\n");
      await capture.removeSource(a);
      expect(readFileSync(path, "utf8")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z from a\n$/);
      writeSync(b.writeFd, "from b, unterminated");
      await capture.close();
      expect(readFileSync(path, "utf8")).toEndWith("Z from a\nfrom b, unterminated\n");
    } finally {
      await capture.close();
    }
  });

  test("a per-start source holds only its read end: each start gets a new write end of the same pipe, the end of one start's writers parks it, and no line is lost", async () => {
    const eofs: string[] = [];
    const capture = new OutputCapture({ notice: () => {}, eof: (s) => eofs.push(s.name) });
    try {
      const path = tempPath();
      const source = capture.addSource({ name: "web:stdout", sink: capture.openLog({ path, maxBytes: 0, backups: 0 }), perStart: true });
      expect(source.writeFd).toBe(-1);
      for (let start = 1; start <= 3; start++) {
        const w = capture.writerForStart(source);
        writeSync(w.fd, `start ${start} line 1\nstart ${start} unterminated`);
        w.done();
        w.done(); // idempotent: the fd is not closed twice
        // What the start wrote is read; the held tail goes out at the flush after its exit.
        await capture.flush([source]);
        // Only the read end is left in monitor, and the thread no longer watches it (it would report the hang-up for ever).
        const [readFd, ...others] = pipeFds(source);
        expect(others).toEqual([]);
        await pollUntil(() => !watched(readFd!), 5000, "the pipe to be parked");
      }
      expect(readFileSync(path, "utf8")).toBe("start 1 line 1\nstart 1 unterminated\nstart 2 line 1\nstart 2 unterminated\nstart 3 line 1\nstart 3 unterminated\n");
      // A writer that outlives the start (a grandchild) keeps the pipe watched; its lines still come.
      const w = capture.writerForStart(source);
      const [readFd] = pipeFds(source).filter((fd) => fd !== w.fd);
      await pollUntil(() => watched(readFd!), 5000, "the pipe to be watched again");
      writeSync(w.fd, "from a grandchild\n");
      await waitFor(() => readFileSync(path, "utf8").endsWith("from a grandchild\n"));
      w.done();
      expect(eofs).toEqual([]);
    } finally {
      await capture.close();
    }
  });
});
