// Compiles the bench's C programs (probe.c: the supervised child; harness.c:
// the stopwatch; log-writer.c: the log-throughput child) into
// bench/results/bin. Static when the C library allows it, so exec costs no
// dynamic loading for any of the supervisors.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export interface Probes {
  probe: string;
  harness: string;
}

const HERE = import.meta.dir.replace(/\/lib$/, "");

function compile(source: string, out: string): void {
  for (const flags of [["-O2", "-static"], ["-O2"]]) {
    const r = Bun.spawnSync(["cc", ...flags, "-o", out, source], { stderr: "pipe" });
    if (r.exitCode === 0) return;
    if (flags.length === 1) throw new Error(`bench: cc ${source} failed: ${r.stderr.toString().trim().split("\n")[0]}`);
  }
}

function binDir(): string {
  if (!Bun.which("cc")) throw new Error("bench: no C compiler (cc); install Debian's gcc and libc6-dev");
  const dir = join(HERE, "results", "bin");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The log-throughput child (log-writer.c). */
export function buildLogWriter(): string {
  const out = join(binDir(), "log-writer");
  compile(join(HERE, "log-writer.c"), out);
  return out;
}

export function buildProbes(): Probes {
  const dir = binDir();
  const probes = { probe: join(dir, "probe"), harness: join(dir, "harness") };
  compile(join(HERE, "probe.c"), probes.probe);
  compile(join(HERE, "harness.c"), probes.harness);
  return probes;
}
