// monitor's entry point: pick the verb, run it, and map a thrown error to one
// line on stderr and an exit status. The only process.exit in monitor.
import { writeSync } from "node:fs";
import { isMonitorError } from "./errors.ts";
import { isVerb, verbs } from "./cli/verbs.ts";
import { reportStart } from "./daemon/report.ts";

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (isVerb(first)) return (await verbs[first]!.load()).run(rest);
  // Single-program mode: `monitor [OPTIONS] [--] PROGRAM [ARGS...]`.
  const { run } = await import("./cli/single.ts");
  return run(argv);
}

// fs.writeSync, not process.stderr: Bun's stream keeps a dup of fd 2 open.
function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: the status still says it
  }
}

function reportFatal(e: unknown): number {
  if (isMonitorError(e)) {
    writeStderr(`monitor: ${e.message.split("\n")[0]}\n`);
    return e.status;
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  writeStderr(`monitor: internal error: ${msg.split("\n").join(" | ")}\n`);
  return 1;
}

// A detached monitor (--daemon) that ends before its first start has
// reported tells its caller the status it exits with.
function exit(status: number): never {
  reportStart({ kind: "exit", status });
  process.exit(status);
}

main(process.argv.slice(2)).then(exit, (e) => exit(reportFatal(e)));
