// `npm run bench` runs this file: every benchmark in bench/, one after the
// other (the PID-1 comparison with tini and dumb-init, then reloads under
// load against supervisord). Arguments pass through (`-- --quick`).
import { main as pid1 } from "./pid1.ts";
import { main as reload } from "./reload.ts";

async function all(argv: string[]): Promise<number> {
  const a = await pid1(argv);
  const b = await reload(argv);
  return a || b;
}

all(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
