// The status page as one request handler, mountable at `/` of the inet
// server by any router: `(req) => Response | Promise<Response>`.
//   GET  /, /index.html    the page (`?fragment=rows`: the table body only)
//   POST /action           processname=NAME&action=start|stop|restart|clear
//                          (JSON answer when asked for, else 303 back to /)
//   GET  /tail?processname=NAME[&channel=stderr]  the log's last 4 KiB
// Auth is the router's (the page lives behind the server's basic auth). A
// POST from another site is refused: a browser that keeps the basic-auth
// credentials would otherwise let any page stop processes.
import { readLogRange } from "../log-read.ts";
import { packProcessInfo } from "../process-info.ts";
import { splitNamespec } from "../namespec.ts";
import type { ProcessInfo, SupervisorBackend } from "../backend.ts";
import { performAction } from "./page-actions.ts";
import { renderRows, renderStatusPage } from "./render.ts";

export type RequestHandler = (req: Request) => Response | Promise<Response>;

export interface StatusPageOptions {
  readonly version: string;
  /** Seconds since the epoch; default the real clock. */
  readonly now?: () => number;
}

const TAIL_BYTES = 4096;
const HTML = "text/html; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

const text = (status: number, body: string, type = TEXT, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": type, "Cache-Control": "no-store", ...headers } });

export function processInfos(backend: SupervisorBackend, nowSeconds: number): ProcessInfo[] {
  return backend.groups().flatMap((g) => g.processes.map((p) => packProcessInfo(p, nowSeconds)));
}

function crossSite(req: Request): boolean {
  if (req.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return origin === "null";
  try {
    return new URL(origin).host !== (req.headers.get("host") ?? new URL(req.url).host);
  } catch {
    return true;
  }
}

async function formOf(req: Request): Promise<URLSearchParams> {
  const type = req.headers.get("content-type") ?? "";
  const body = await req.text();
  if (type.includes("application/json")) {
    const j = JSON.parse(body || "{}") as Record<string, unknown>;
    return new URLSearchParams(Object.entries(j).map(([k, v]): [string, string] => [k, String(v)]));
  }
  return new URLSearchParams(body);
}

async function tail(backend: SupervisorBackend, url: URL): Promise<Response> {
  const spec = url.searchParams.get("processname") ?? "";
  const channel = url.searchParams.get("channel") ?? "stdout";
  const [group, name] = splitNamespec(spec);
  const p = name === null ? undefined : backend.getProcess({ group, name });
  if (!p) return text(404, `${spec}: no such process\n`);
  const path = channel === "stderr" ? p.stderrLogfile : p.stdoutLogfile;
  if (!path) return text(404, `${spec}: no ${channel} log file\n`);
  try {
    return text(200, await readLogRange(path, -TAIL_BYTES, 0));
  } catch {
    return text(404, `${spec}: cannot read ${path}\n`);
  }
}

export function createStatusPage(backend: SupervisorBackend, options: StatusPageOptions): RequestHandler {
  const now = options.now ?? (() => Date.now() / 1000);
  const context = (message?: string) => ({ identification: backend.getIdentification(), state: backend.getState(), version: options.version, message });
  return async (req) => {
    const url = new URL(req.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path === "/" || path === "/index.html") {
      if (req.method !== "GET" && req.method !== "HEAD") return text(405, "GET only\n", TEXT, { Allow: "GET, HEAD" });
      const infos = processInfos(backend, now());
      if (url.searchParams.get("fragment") === "rows") return text(200, renderRows(infos), HTML);
      return text(200, renderStatusPage(infos, context(url.searchParams.get("message") ?? undefined)), HTML);
    }
    if (path === "/action") {
      if (req.method !== "POST") return text(405, "POST only\n", TEXT, { Allow: "POST" });
      if (crossSite(req)) return text(403, "cross-site requests cannot act on processes\n");
      let form: URLSearchParams;
      try {
        form = await formOf(req);
      } catch {
        return text(400, "the body is not a form or JSON object\n");
      }
      const result = await performAction(backend, form.get("action") ?? "", form.get("processname") ?? "");
      if ((req.headers.get("accept") ?? "").includes("application/json")) {
        return text(result.ok ? 200 : 409, JSON.stringify(result), "application/json");
      }
      return text(303, `${result.message}\n`, TEXT, { Location: `./?message=${encodeURIComponent(result.message)}` });
    }
    if (path === "/tail") return req.method === "GET" ? tail(backend, url) : text(405, "GET only\n", TEXT, { Allow: "GET" });
    return text(404, "Not Found\n");
  };
}
