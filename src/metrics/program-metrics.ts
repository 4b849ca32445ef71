// The metrics of supervised programs, as Prometheus families: one sample per
// program, so single mode passes one snapshot and the supervisord mode passes
// every process. The state is an enum, one 0/1 sample per state (the
// convention node_exporter uses for systemd units).
import type { ExitStatus, ProcessState } from "../policy/types.ts";
import { shellStatus } from "../sys/wait-status.ts";
import type { MetricFamily } from "./prometheus-text.ts";

export interface ProgramSnapshot {
  readonly name: string;
  readonly phase: ProcessState;
  /** Date.now() of the current child's spawn; null without a child. */
  readonly startedAt: number | null;
  readonly restarts: number;
  /** The last child's status; null before the first exit. */
  readonly lastExit: ExitStatus | null;
}

export interface MonitorCounters {
  readonly orphansReaped: number;
  readonly signalsForwarded: number;
}

const STATES: readonly ProcessState[] = ["STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL"];

export function programFamilies(programs: readonly ProgramSnapshot[], now: number): MetricFamily[] {
  const by = (p: ProgramSnapshot) => ({ program: p.name });
  return [
    { name: "monitor_program_up", help: "1 while the program is RUNNING, else 0.", type: "gauge", samples: programs.map((p) => ({ labels: by(p), value: p.phase === "RUNNING" ? 1 : 0 })) },
    {
      name: "monitor_program_state",
      help: "The program's state (supervisord's names): 1 for the current one.",
      type: "gauge",
      samples: programs.flatMap((p) => STATES.map((state) => ({ labels: { ...by(p), state }, value: p.phase === state ? 1 : 0 }))),
    },
    { name: "monitor_program_restarts_total", help: "Starts after the first one.", type: "counter", samples: programs.map((p) => ({ labels: by(p), value: p.restarts })) },
    {
      name: "monitor_program_last_exit_code",
      help: "The last child's exit status as a shell reports it (128+N after signal N); absent before the first exit.",
      type: "gauge",
      samples: programs.flatMap((p) => (p.lastExit === null ? [] : [{ labels: by(p), value: shellStatus(p.lastExit) }])),
    },
    {
      name: "monitor_program_uptime_seconds",
      help: "Seconds since the current child was started; 0 without a child.",
      type: "gauge",
      samples: programs.map((p) => ({ labels: by(p), value: p.startedAt === null ? 0 : Math.max(0, now - p.startedAt) / 1000 })),
    },
  ];
}

export function monitorFamilies(c: MonitorCounters): MetricFamily[] {
  return [
    { name: "monitor_orphans_reaped_total", help: "Processes that were not monitor's children, reaped as PID 1 or subreaper.", type: "counter", samples: [{ value: c.orphansReaped }] },
    { name: "monitor_signals_forwarded_total", help: "Signals monitor received and passed on to a program.", type: "counter", samples: [{ value: c.signalsForwarded }] },
  ];
}
