// The capture API as monitor serve uses it, in-process: a real capture thread
// and real pipes, written to from the test (no child processes).
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Notice, OutputCapture } from "../../../src/output/capture.ts";

async function waitFor(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !check(); await Bun.sleep(5)) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the capture thread");
  }
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
});
