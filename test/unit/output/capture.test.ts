// The capture API as monitor serve uses it, in-process: a real capture thread
// and real pipes, written to from the test (no child processes).
import { describe, expect, test } from "bun:test";
import { pollUntil } from "../../helpers/monitor.ts";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Notice, OutputCapture } from "../../../src/output/capture.ts";

async function waitFor(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !check(); await Bun.sleep(5)) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the capture thread");
  }
}

/** The read ends of pipes this process holds (O_WRONLY clear in their fdinfo flags). */
function pipeReadEnds(): number[] {
  return readdirSync("/proc/self/fd").flatMap((name) => {
    try {
      if (!readlinkSync(`/proc/self/fd/${name}`).startsWith("pipe:")) return [];
      const flags = Number.parseInt(/^flags:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${name}`, "utf8"))![1]!, 8);
      return (flags & 3) === 0 ? [Number(name)] : [];
    } catch {
      return []; // closed meanwhile
    }
  });
}

/** A second descriptor on the same open pipe end. */
function dup(fd: number): number {
  return openSync(`/proc/self/fd/${fd}`, "w");
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

  test("a per-start source gives each start a pipe of its own: a start's unterminated tail ends at the flush after its exit, before the next start's lines, and a writer that outlives its start is read until it closes", async () => {
    const eofs: string[] = [];
    const capture = new OutputCapture({ notice: () => {}, eof: (s) => eofs.push(s.name) });
    try {
      const path = tempPath();
      const source = capture.addSource({ name: "web:stdout", sink: capture.openLog({ path, maxBytes: 0, backups: 0 }), perStart: true });
      expect(source.writeFd).toBe(-1);
      const before = pipeReadEnds().length;
      const inodes = new Set<string>();
      let grandchild = -1;
      for (let start = 1; start <= 3; start++) {
        const w = capture.writerForStart(source);
        inodes.add(readlinkSync(`/proc/self/fd/${w.fd}`));
        writeSync(w.fd, `start ${start} line 1\nstart ${start} unterminated`);
        // The second start leaves a writer behind (a grandchild holding its stdout).
        if (start === 2) grandchild = dup(w.fd);
        w.done();
        w.done(); // idempotent: the fd is not closed twice
        // The flush is sent at the exit; the next start writes at once, before the thread has carried it out.
        const flushed = capture.flush([source]);
        if (start === 3) await flushed;
      }
      expect(inodes.size).toBe(3);
      await waitFor(() => readFileSync(path, "utf8").endsWith("start 3 unterminated\n"));
      expect(readFileSync(path, "utf8")).toBe("start 1 line 1\nstart 1 unterminated\nstart 2 line 1\nstart 2 unterminated\nstart 3 line 1\nstart 3 unterminated\n");
      writeSync(grandchild, "from a grandchild\n");
      await waitFor(() => readFileSync(path, "utf8").endsWith("from a grandchild\n"));
      // Only the live pipes' read ends are left in this process: the grandchild's pipe's, and none of the other starts'.
      await pollUntil(() => pipeReadEnds().length === before + 1, 3000, "the finished starts' read ends to be closed");
      closeSync(grandchild);
      await pollUntil(() => pipeReadEnds().length === before, 3000, "the grandchild's pipe to be closed");
      expect(eofs).toEqual([]);
    } finally {
      await capture.close();
    }
  });
});
