// `npm run bench` runs this file: every benchmark in bench/ (today the PID-1
// comparison with tini and dumb-init). Arguments pass through (`-- --quick`).
import { main } from "./pid1.ts";

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
