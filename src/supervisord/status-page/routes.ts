// The status page and /metrics as routes of monitor serve's HTTP servers:
// `/metrics` exactly, and `/` for every path no other route owns (the page
// answers 404 itself for paths it does not know).
import type { SupervisorBackend } from "../backend.ts";
import type { Route } from "../http/routes.ts";
import { createStatusPage } from "./handler.ts";
import { createMetricsHandler } from "./process-metrics.ts";

export function statusRoutes(backend: SupervisorBackend, version: string): Route[] {
  const page = createStatusPage(backend, { version });
  const metrics = createMetricsHandler(backend);
  return [
    { prefix: "/metrics", handle: (req, path) => (path === "/metrics" ? metrics(req) : page(req)) },
    { prefix: "/", handle: (req) => page(req) },
  ];
}
