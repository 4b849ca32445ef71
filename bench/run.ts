// `npm run bench` runs this file: every benchmark in bench/, one after the
// other (the PID-1 comparison with tini and dumb-init, then restart latency
// against supervisord, runsv, supervise and s6-supervise). Arguments pass
// through (`-- --quick`).
import { main as pid1 } from "./pid1.ts";
import { main as restart } from "./restart.ts";

async function all(argv: string[]): Promise<number> {
  for (const bench of [pid1, restart]) {
    const status = await bench(argv);
    if (status !== 0) return status;
  }
  return 0;
}

all(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
