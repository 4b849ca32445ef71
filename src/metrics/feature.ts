// --metrics=HOST:PORT as a single-mode feature: a Bun.serve answering
// `/metrics` with the program's figures in Prometheus text, and `/healthz`
// (monitor's own liveness: 200 while its event loop answers). The server is
// bound in setup, before the first start, so a port already taken stops
// monitor before anything runs.
import type { Feature, FeatureContext, FeatureModule } from "../engine/feature.ts";
import { RuntimeError } from "../errors.ts";
import { reaperStats } from "../sys/reaper.ts";
import { formatHostPort, parseHostPort } from "./address.ts";
import { monitorFamilies, programFamilies, type ProgramSnapshot } from "./program-metrics.ts";
import { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from "./prometheus-text.ts";

export const metricsFeature: FeatureModule = {
  options: [{ name: "metrics", value: true, arg: "HOST:PORT", summary: "serve Prometheus text on /metrics and liveness on /healthz" }],
  create(options) {
    const value = options.get("metrics")?.[0];
    if (value === undefined) return undefined;
    return createMetrics(parseHostPort(value, "--metrics"));
  },
};

function snapshot(ctx: FeatureContext): ProgramSnapshot {
  const { state, restarts } = ctx.runner;
  return {
    name: ctx.config.program,
    phase: state.phase,
    startedAt: state.pid === null ? null : state.startedAt,
    restarts,
    lastExit: state.lastStatus,
  };
}

function answer(ctx: FeatureContext, req: Request): Response {
  const path = new URL(req.url).pathname;
  if (path !== "/metrics" && path !== "/healthz") return new Response("not found\n", { status: 404 });
  if (req.method !== "GET" && req.method !== "HEAD") return new Response("method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
  if (path === "/healthz") return new Response("ok\n", { headers: { "content-type": "text/plain; charset=utf-8" } });
  const counters = { orphansReaped: reaperStats.orphansReaped, signalsForwarded: ctx.stats.signalsForwarded };
  const body = formatPrometheus([...programFamilies([snapshot(ctx)], Date.now()), ...monitorFamilies(counters)]);
  return new Response(body, { headers: { "content-type": PROMETHEUS_CONTENT_TYPE } });
}

function createMetrics(at: { hostname: string; port: number }): Feature {
  let server: ReturnType<typeof Bun.serve> | undefined;
  return {
    name: "metrics",
    setup(ctx) {
      try {
        server = Bun.serve({ hostname: at.hostname, port: at.port, fetch: (req) => answer(ctx, req) });
      } catch (e) {
        const code = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
        throw new RuntimeError(`--metrics: cannot listen on ${formatHostPort(at.hostname, at.port)}: ${code}`);
      }
      ctx.log.info(`metrics on http://${formatHostPort(at.hostname, server.port ?? at.port)}/metrics`);
    },
    async teardown() {
      await server?.stop(true);
      server = undefined;
    },
  };
}
