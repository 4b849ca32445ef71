// `npm run bench` runs this file: every benchmark in bench/, one after the
// other (the PID-1 comparison with tini and dumb-init, reloads under load
// against supervisord, restart latency against supervisord, runsv,
// supervise and s6-supervise, log throughput against supervisord, s6-log,
// svlogd and cat, 1,000 service directories against svscan and runsvdir,
// 1,000 programs under `monitor serve` against supervisord, then monitor ctl
// beside supervisorctl). Arguments
// pass through (`-- --quick`).
import { main as ctl } from "./ctl.ts";
import { main as pid1 } from "./pid1.ts";
import { main as reload } from "./reload.ts";
import { main as restart } from "./restart.ts";
import { main as logs } from "./logs.ts";
import { main as scan } from "./scan.ts";
import { main as serve } from "./serve.ts";

async function all(argv: string[]): Promise<number> {
  let status = 0;
  for (const bench of [pid1, reload, restart, logs, scan, serve, ctl]) status ||= await bench(argv);
  return status;
}

all(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
