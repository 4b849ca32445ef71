// Splitting `monitor [OPTIONS] [--] PROGRAM [ARGS...]` by hand: options stop
// at the first operand or `--`, so `monitor prog -v` leaves `-v` to prog
// (citty would eat it), repeatable options keep every value, and an unknown
// option is a usage error rather than silently accepted.
import { UsageError } from "../errors.ts";

export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  /** Takes a value (`--name=V` or `--name V`). */
  value?: boolean;
  /** May be given more than once; every value is kept. */
  repeat?: boolean;
  short?: string;
  /** Placeholder for the usage text. */
  arg?: string;
  summary: string;
}

export interface SplitArgv {
  /** Option name -> values in order ("" for flags). */
  options: Map<string, string[]>;
  operands: string[];
}

export function splitArgv(argv: readonly string[], specs: readonly OptionSpec[], stopAtOperand = true): SplitArgv {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options = new Map<string, string[]>();
  const operands: string[] = [];
  const put = (spec: OptionSpec, v: string) => {
    const prev = options.get(spec.name);
    if (prev && !spec.repeat) throw new UsageError(`--${spec.name} given twice`);
    options.set(spec.name, [...(prev ?? []), v]);
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option '--${name}'`);
      if (!spec.value) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        put(spec, "");
      } else if (eq >= 0) put(spec, a.slice(eq + 1));
      else {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        put(spec, argv[++i]!);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // Bundled short flags: -vq.
      for (const ch of a.slice(1)) {
        const spec = byShort.get(ch);
        if (!spec) throw new UsageError(`unknown option '-${ch}'`);
        if (spec.value) {
          if (i + 1 >= argv.length || a.length > 2) throw new UsageError(`-${ch} needs a value`);
          put(spec, argv[++i]!);
        } else put(spec, "");
      }
      continue;
    }
    if (stopAtOperand) break;
    operands.push(a);
  }
  operands.push(...argv.slice(i));
  return { options, operands };
}

/** The usage text, generated from the same table. */
export function formatUsage(synopsis: string, specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const left = `${s.short ? `-${s.short}, ` : "    "}--${s.name}${s.value ? `=${s.arg ?? "VALUE"}` : ""}`;
    return `  ${left.padEnd(34)} ${s.summary}`;
  });
  return `usage: ${synopsis}\n\noptions:\n${rows.join("\n")}\n`;
}
