// HOOK POINT for other HTTP pages. The server answers by a table of routes,
// longest prefix first: a route owns its prefix exactly and everything below
// it (`/logtail` owns `/logtail/foo/stderr`), as supervisord's handlers match
// `uri.startswith(path)`. serve/run.ts builds the table: rpcRoute (/RPC2),
// logtailRoutes (/logtail, /mainlogtail), then ServeOptions.extraRoutes(engine),
// which is where the status page at `/` and `/metrics` go (cli/serve.ts passes
// them). Handlers are fetch-style (Request in, Response out; a Response
// without Content-Length streams chunked). Basic auth, when configured, guards
// every route alike; a path no route owns is 404.
import type { Credentials } from "../config.ts";
import { isAuthorized, unauthorized } from "./auth.ts";
import type { HttpHandler } from "./http-connection.ts";
import { textResponse } from "./responses.ts";

export interface Route {
  /** `/RPC2`, `/logtail`, `/` (owns every path no longer prefix took). */
  readonly prefix: string;
  /** `path` is the request path, percent-decoded, without the query. */
  handle(req: Request, path: string): Response | Promise<Response>;
}

function owns(prefix: string, path: string): boolean {
  if (prefix === "/") return true;
  return path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}

function pathOf(req: Request): string {
  const raw = new URL(req.url).pathname;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The connection handler for one server: auth, then the route that owns the path. */
export function routeRequests(routes: readonly Route[], auth: Credentials | null): HttpHandler {
  const ordered = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  return (req) => {
    if (auth && !isAuthorized(req.headers.get("authorization"), auth)) return unauthorized();
    const path = pathOf(req);
    const route = ordered.find((r) => owns(r.prefix, path));
    if (!route) return textResponse(404, "Not Found\n");
    return route.handle(req, path);
  };
}
