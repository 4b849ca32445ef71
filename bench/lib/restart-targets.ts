// The five supervisors of the restart benchmark, each set up at its fastest:
// monitor with --backoff=0 --start-secs=0 (and -q), supervisord with
// startsecs=0 and autorestart=true (loglevel=warn), and the three
// service-directory supervisors as they come: runit's runsv, daemontools'
// supervise and s6-supervise have no knob for their restart pause. Every one
// runs the same static probe, which appends its start time to a stamps file.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MONITOR_BIN } from "./supervisors.ts";

export type RestartTargetName = "monitor" | "supervisord" | "runsv" | "supervise" | "s6-supervise";

export interface RestartTarget {
  name: RestartTargetName;
  binary: string;
  /** The command to run in `dir`, and where the probe's stamps land. */
  prepare(dir: string, probe: string): { argv: string[]; stamps: string };
}

/** A service directory whose ./run is a copy of the probe (it then stamps ./stamps). */
function serviceDir(dir: string, probe: string): string {
  const service = join(dir, "service");
  mkdirSync(service, { recursive: true });
  copyFileSync(probe, join(service, "run"));
  return service;
}

export const RESTART_TARGETS: readonly RestartTarget[] = [
  {
    name: "monitor",
    binary: MONITOR_BIN,
    prepare: (dir, probe) => {
      const stamps = join(dir, "stamps");
      return { argv: [MONITOR_BIN, "-q", "--restart=always", "--backoff=0", "--start-secs=0", "--", probe, "restart", stamps], stamps };
    },
  },
  {
    name: "supervisord",
    binary: "/usr/bin/supervisord",
    prepare: (dir, probe) => {
      const stamps = join(dir, "stamps");
      const conf = join(dir, "supervisord.conf");
      writeFileSync(
        conf,
        [
          "[supervisord]",
          "nodaemon=true",
          `logfile=${join(dir, "supervisord.log")}`,
          `pidfile=${join(dir, "supervisord.pid")}`,
          `childlogdir=${dir}`,
          "loglevel=warn",
          "[program:probe]",
          `command=${probe} restart ${stamps}`,
          "startsecs=0",
          "autorestart=true",
          "stdout_logfile=NONE",
          "stderr_logfile=NONE",
          "",
        ].join("\n"),
      );
      return { argv: ["/usr/bin/supervisord", "-n", "-c", conf], stamps };
    },
  },
  {
    name: "runsv",
    binary: "/usr/bin/runsv",
    prepare: (dir, probe) => {
      const service = serviceDir(dir, probe);
      return { argv: ["/usr/bin/runsv", service], stamps: join(service, "stamps") };
    },
  },
  {
    name: "supervise",
    binary: "/usr/bin/supervise",
    prepare: (dir, probe) => {
      const service = serviceDir(dir, probe);
      return { argv: ["/usr/bin/supervise", service], stamps: join(service, "stamps") };
    },
  },
  {
    name: "s6-supervise",
    binary: "/usr/bin/s6-supervise",
    prepare: (dir, probe) => {
      const service = serviceDir(dir, probe);
      return { argv: ["/usr/bin/s6-supervise", service], stamps: join(service, "stamps") };
    },
  },
];
