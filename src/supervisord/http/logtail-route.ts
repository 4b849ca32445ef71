// GET /logtail/NAME[/stdout|stderr] and /mainlogtail: what `supervisorctl
// tail -f` and `maintail -f` read. As supervisord's tail_f_producer: the last
// 1024 bytes of the file, then whatever is written to it, for as long as the
// client stays (chunked, no Content-Length), followed as supervisord follows
// it (file-follow.ts). A process without that log, or whose file does not
// exist yet, is 404.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { splitNamespec } from "../namespec.ts";
import { textResponse } from "./responses.ts";
import type { Route } from "./routes.ts";

/** A log file and a way to hear what is appended to it after byte `from`. */
export interface LogTap {
  readonly path: string;
  follow(from: number, onData: (chunk: Uint8Array) => void): () => void;
}

export interface LogSource {
  /** undefined: no such process; null: the process has no such log. */
  processLog(group: string, name: string, channel: string): LogTap | null | undefined;
  mainLog(): LogTap | null;
}

const HEAD_BYTES = 1024;

/** The last bytes, then what comes after them: nothing lost or doubled in between. */
function tailStream(tap: LogTap): Response | null {
  let fd: number;
  try {
    fd = openSync(tap.path, "r");
  } catch {
    return null;
  }
  let head: Uint8Array;
  let mtime: Date;
  let end: number;
  try {
    const st = fstatSync(fd);
    mtime = st.mtime;
    end = st.size;
    const from = st.size >= HEAD_BYTES ? st.size - HEAD_BYTES : 0;
    head = new Uint8Array(st.size - from);
    readSync(fd, head, 0, head.length, from);
  } finally {
    closeSync(fd);
  }
  let unfollow = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length) controller.enqueue(head);
      unfollow = tap.follow(end, (chunk) => controller.enqueue(chunk));
    },
    cancel() {
      unfollow();
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/plain;charset=utf-8", "X-Accel-Buffering": "no", "Last-Modified": mtime.toUTCString() },
  });
}

const notFound = () => textResponse(404, "Not Found\n");

export function logtailRoutes(source: LogSource): Route[] {
  return [
    {
      prefix: "/logtail",
      handle(req, path) {
        if (req.method !== "GET") return textResponse(400, "GET only\n");
        const rest = path.replace(/^\/+logtail\/*/, "");
        const slash = rest.indexOf("/");
        const [name, channel] = slash === -1 ? [rest, "stdout"] : [rest.slice(0, slash), rest.slice(slash + 1)];
        const [group, process] = splitNamespec(name);
        if (process === null) return notFound();
        const tap = source.processLog(group, process, channel);
        return (tap && tailStream(tap)) || notFound();
      },
    },
    {
      prefix: "/mainlogtail",
      handle(req) {
        if (req.method !== "GET") return textResponse(400, "GET only\n");
        const tap = source.mainLog();
        return (tap && tailStream(tap)) || notFound();
      },
    },
  ];
}
