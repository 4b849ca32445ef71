// monitor's entry point: pick the verb, run it, and map a thrown error to one
// line on stderr and an exit status. The only process.exit in monitor.
import { isMonitorError } from "./errors.ts";
import { isVerb, verbs } from "./cli/verbs.ts";

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (isVerb(first)) return (await verbs[first]!.load()).run(rest);
  // Single-program mode: `monitor [OPTIONS] [--] PROGRAM [ARGS...]`.
  const { run } = await import("./cli/single.ts");
  return run(argv);
}

function reportFatal(e: unknown): number {
  if (isMonitorError(e)) {
    process.stderr.write(`monitor: ${e.message.split("\n")[0]}\n`);
    return e.status;
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`monitor: internal error: ${msg.split("\n").join(" | ")}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (e) => process.exit(reportFatal(e)),
);
