// `npm run bench` runs this file: every benchmark in bench/, in turn: the
// PID-1 comparison with tini and dumb-init (bench/pid1.ts), then service
// directories beside svscan and runsvdir (bench/scan.ts). `--quick` passes
// through to both (`npm run bench -- --quick`).
import { main as pid1 } from "./pid1.ts";
import { main as scan } from "./scan.ts";

async function all(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return (await pid1(["--help"])) || scan(["--help"]);
  const quick = argv.filter((a) => a === "--quick");
  const first = await pid1(argv);
  if (first !== 0) return first;
  return scan(quick);
}

all(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
