// What `reread` reports and `update` acts on: groups added, changed or removed
// between two configs, compared as supervisord compares group configs (name,
// priority, every process setting, listener settings). Where a setting was
// written (file:line) does not count. Unlike supervisord, a change of
// stdout_logfile from AUTO to a path counts as a change.
import type { GroupSpec, SupervisordConfig } from "./types.ts";

export interface ConfigDiff {
  /** Group names only in the new config, in the new config's order. */
  readonly added: readonly string[];
  /** Group names in both whose settings differ. */
  readonly changed: readonly string[];
  /** Group names only in the old config, in the old config's order. */
  readonly removed: readonly string[];
}

/** JSON with object keys sorted (environment order is not a change) and source locations left out. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === "source") return undefined;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

type Groups = Pick<SupervisordConfig, "groups">;

export function diffConfigs(old: Groups, next: Groups): ConfigDiff {
  const before = new Map<string, GroupSpec>(old.groups.map((g) => [g.name, g]));
  const after = new Set(next.groups.map((g) => g.name));
  return {
    added: next.groups.filter((g) => !before.has(g.name)).map((g) => g.name),
    changed: next.groups.filter((g) => before.has(g.name) && canonical(before.get(g.name)) !== canonical(g)).map((g) => g.name),
    removed: old.groups.filter((g) => !after.has(g.name)).map((g) => g.name),
  };
}

/** supervisorctl's reread output: `name: available|changed|disappeared`, sorted by name. */
export function formatConfigDiff(diff: ConfigDiff): string[] {
  const lines = new Map<string, string>();
  for (const n of diff.added) lines.set(n, "available");
  for (const n of diff.changed) lines.set(n, "changed");
  for (const n of diff.removed) lines.set(n, "disappeared");
  if (lines.size === 0) return ["No config updates to processes"];
  return [...lines.keys()].sort().map((n) => `${n}: ${lines.get(n)}`);
}
