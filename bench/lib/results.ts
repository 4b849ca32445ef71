// What every benchmark does at its end: write its figures as JSON under
// bench/results/ with the host they were taken on, and run as a script.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { join } from "node:path";

export const RESULTS_DIR = join(import.meta.dir, "..", "results");

/** bench/results/NAME-<start time>.json holding `record` plus the host and the run's length; the file's path. */
export function writeResults(name: string, startedAt: Date, record: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const host = { kernel: release(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "" };
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  writeFileSync(file, `${JSON.stringify({ startedAt, seconds, host, ...record }, null, 2)}\n`);
  return file;
}

/** Run `main` when the file is the script itself: its status is the exit status, an error one line and 1. */
export function runAsScript(meta: ImportMeta, main: (argv: string[]) => Promise<number>): void {
  if (!meta.main) return;
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
