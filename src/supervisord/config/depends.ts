// depends_on (monitor extension) names programs: x of [program:x] or
// [eventlistener:x]. Every name must exist and the graph must have no cycle,
// or no start order exists; the error points at the depends_on line.
import { ConfigError } from "../../errors.ts";
import type { LoadContext } from "./section-reader.ts";
import type { ProcessSpec } from "./types.ts";

function errorAt(ctx: LoadContext, p: ProcessSpec, message: string): ConfigError {
  const section = ctx.doc.sections.get(`${p.kind}:${p.program}`);
  const where = section?.entries.get("depends_on") ?? ctx.doc.defaults.entries.get("depends_on") ?? p.source;
  return new ConfigError(where.file, where.line, message);
}

export function checkDependencies(ctx: LoadContext, processes: readonly ProcessSpec[]): void {
  const byProgram = new Map<string, ProcessSpec>();
  for (const p of processes) byProgram.set(p.program, p);
  for (const p of byProgram.values()) {
    for (const d of p.dependsOn) {
      if (d === p.program) throw errorAt(ctx, p, `[${p.kind}:${p.program}] depends_on: a program cannot depend on itself`);
      if (!byProgram.has(d)) throw errorAt(ctx, p, `[${p.kind}:${p.program}] depends_on: no program named '${d}'`);
    }
  }
  // Depth-first search; a program met again while still on the path closes a cycle.
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = path.indexOf(name);
    if (at !== -1) {
      const cycle = [...path.slice(at), name];
      throw errorAt(ctx, byProgram.get(cycle[cycle.length - 2]!)!, `depends_on forms a cycle: ${cycle.join(" -> ")}`);
    }
    path.push(name);
    for (const d of byProgram.get(name)!.dependsOn) visit(d);
    path.pop();
    done.add(name);
  };
  for (const name of byProgram.keys()) visit(name);
}
