// `npm run bench` runs this file: every benchmark in bench/, one after the
// other: the PID-1 comparison with tini and dumb-init, then log throughput
// against supervisord, s6-log, svlogd and cat. Arguments pass through to
// both (`-- --quick`).
import { main as pid1 } from "./pid1.ts";
import { main as logs } from "./logs.ts";

async function all(argv: string[]): Promise<number> {
  const first = await pid1(argv);
  if (first !== 0) return first;
  return logs(argv.filter((a) => a === "--quick" || a === "--help" || a === "-h"));
}

all(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
