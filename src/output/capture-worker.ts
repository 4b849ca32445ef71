// The capture thread's entry point (a Bun Worker; built into dist/monitor as
// a second entry point, see package.json). The first message names the
// control pipe; from then on the thread lives in runCaptureLoop, blocked in
// epoll_wait(2), and never returns to its event loop until monitor closes it.
import { runCaptureLoop } from "./capture-loop.ts";

declare const self: Worker;

self.onmessage = (e: MessageEvent<{ controlFd: number }>) => {
  self.onmessage = null;
  try {
    runCaptureLoop(e.data.controlFd, (event, transfer) => self.postMessage(event, transfer ?? []));
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    self.postMessage({ type: "notice", level: "error", message: `output capture thread failed: ${message.split("\n").join(" | ")}` });
    self.postMessage({ type: "failed" });
  }
};
