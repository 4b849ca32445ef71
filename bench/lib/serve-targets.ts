// The two supervisord servers of the serve benchmark, on the same generated
// config: N programs `sleep 3600` (default settings: startsecs=1, AUTO logs in
// the run's own childlogdir) behind a unix socket. Debian's supervisord and
// `monitor serve` read it unchanged.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MONITOR_BIN } from "./supervisors.ts";

export type ServeTargetName = "supervisord" | "monitor";

export interface ServeTarget {
  readonly name: ServeTargetName;
  readonly binary: string;
  argv(conf: string): string[];
}

export const SERVE_TARGETS: readonly ServeTarget[] = [
  { name: "supervisord", binary: "/usr/bin/supervisord", argv: (conf) => ["/usr/bin/supervisord", "-n", "-c", conf] },
  { name: "monitor", binary: MONITOR_BIN, argv: (conf) => [MONITOR_BIN, "serve", "-c", conf] },
];

/** DIR/supervisord.conf with `n` programs; `startsecs` is written only when given. */
export function writeServeConfig(dir: string, n: number, startsecs?: number): string {
  const lines = [
    "[supervisord]",
    `logfile=${join(dir, "supervisord.log")}`,
    `pidfile=${join(dir, "supervisord.pid")}`,
    `childlogdir=${dir}`,
    "nodaemon=true",
    "silent=true",
    "[unix_http_server]",
    `file=${join(dir, "sock")}`,
    "[rpcinterface:supervisor]",
    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
    "[supervisorctl]",
    `serverurl=unix://${join(dir, "sock")}`,
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`[program:p${String(i).padStart(4, "0")}]`, "command=sleep 3600");
    if (startsecs !== undefined) lines.push(`startsecs=${startsecs}`);
  }
  const conf = join(dir, "supervisord.conf");
  writeFileSync(conf, `${lines.join("\n")}\n`);
  return conf;
}
