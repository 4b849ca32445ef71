// `/metrics` of the inet server: every process of `monitor serve` in
// Prometheus text, with the family names single mode's --metrics uses
// (monitor_program_*, label `program` = the namespec, plus `group`), so one
// dashboard reads both modes. The state is one 0/1 sample per supervisord
// state name, node_exporter's convention for systemd units.
import { PROCESS_STATE_CODES, type ProcessInfo, type ProcessStateName, type SupervisorBackend } from "../backend.ts";
import { makeNamespec } from "../namespec.ts";
import { formatPrometheus, PROMETHEUS_CONTENT_TYPE, type MetricFamily } from "../../metrics/prometheus-text.ts";
import { processInfos, type RequestHandler } from "./handler.ts";

const STATES = Object.keys(PROCESS_STATE_CODES) as ProcessStateName[];

export function processFamilies(infos: readonly ProcessInfo[]): MetricFamily[] {
  const by = (p: ProcessInfo) => ({ program: makeNamespec(p.group, p.name), group: p.group });
  return [
    { name: "monitor_program_up", help: "1 while the program is RUNNING, else 0.", type: "gauge", samples: infos.map((p) => ({ labels: by(p), value: p.statename === "RUNNING" ? 1 : 0 })) },
    {
      name: "monitor_program_state",
      help: "The program's state (supervisord's names): 1 for the current one.",
      type: "gauge",
      samples: infos.flatMap((p) => STATES.map((state) => ({ labels: { ...by(p), state }, value: p.statename === state ? 1 : 0 }))),
    },
    { name: "monitor_program_pid", help: "The child's pid; 0 without a child.", type: "gauge", samples: infos.map((p) => ({ labels: by(p), value: p.pid })) },
    {
      name: "monitor_program_uptime_seconds",
      help: "Seconds since the current child was started; 0 without a child.",
      type: "gauge",
      samples: infos.map((p) => ({ labels: by(p), value: p.pid && p.start ? Math.max(0, p.now - p.start) : 0 })),
    },
    {
      name: "monitor_program_last_exit_code",
      help: "The last child's exit code as supervisord reports it (-1 for a signal); absent before the first exit.",
      type: "gauge",
      samples: infos.flatMap((p) => (p.stop ? [{ labels: by(p), value: p.exitstatus }] : [])),
    },
    {
      name: "monitor_program_last_start_time_seconds",
      help: "When the program was last started, seconds since the epoch; absent before the first start.",
      type: "gauge",
      samples: infos.flatMap((p) => (p.start ? [{ labels: by(p), value: p.start }] : [])),
    },
  ];
}

/** GET /metrics: every process's families, then the server's own state. */
export function createMetricsHandler(backend: SupervisorBackend, now: () => number = () => Date.now() / 1000): RequestHandler {
  return (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") return new Response("GET only\n", { status: 405, headers: { Allow: "GET, HEAD" } });
    const server: MetricFamily = { name: "monitor_supervisor_up", help: "1 while the server is RUNNING (not shutting down or restarting).", type: "gauge", samples: [{ value: backend.getState() === "RUNNING" ? 1 : 0 }] };
    const body = formatPrometheus([...processFamilies(processInfos(backend, now())), server]);
    return new Response(body, { headers: { "Content-Type": PROMETHEUS_CONTENT_TYPE, "Cache-Control": "no-store" } });
  };
}
