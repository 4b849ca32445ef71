// The column layouts of supervisorctl's status, avail and reread output
// (Python %-formatting: `%-Ns` pads to N characters and never truncates).
import { makeNamespec } from "../supervisord/namespec.ts";

export interface StatusRow {
  readonly name: string;
  readonly group: string;
  readonly statename: string;
  readonly description: string;
}

/** _show_statuses: the name column is the longest namespec (at least 30) plus 3, the state column 10. */
export function formatStatusLines(rows: readonly StatusRow[]): string[] {
  const names = rows.map((r) => makeNamespec(r.group, r.name));
  const width = Math.max(30, ...names.map((n) => n.length)) + 3;
  return rows.map((r, i) => `${names[i]!.padEnd(width)}${r.statename.padEnd(10)}${r.description}`);
}

export interface ConfigInfoRow {
  readonly name: string;
  readonly group: string;
  readonly inuse: boolean;
  readonly autostart: boolean;
  readonly group_prio: number;
  readonly process_prio: number;
}

/** _formatConfigInfo: `%(name)-32s %(inuse)-9s %(autostart)-9s %(priority)s`. */
export function formatConfigInfo(c: ConfigInfoRow): string {
  const name = makeNamespec(c.group, c.name);
  return `${name.padEnd(32)} ${(c.inuse ? "in use" : "avail").padEnd(9)} ${(c.autostart ? "auto" : "manual").padEnd(9)} ${c.group_prio}:${c.process_prio}`;
}

/** _formatChanges: `name: available|changed|disappeared`, sorted by name (a later kind wins a name). */
export function formatChanges(added: readonly string[], changed: readonly string[], dropped: readonly string[]): string[] {
  const kinds = new Map<string, string>();
  for (const [names, kind] of [[added, "available"], [changed, "changed"], [dropped, "disappeared"]] as const) {
    for (const n of names) kinds.set(n, kind);
  }
  if (kinds.size === 0) return ["No config updates to processes"];
  // Python sorts str by code point; JS's default sort compares UTF-16 units (the same below U+D800).
  return [...kinds.keys()].sort().map((n) => `${n}: ${kinds.get(n)}`);
}
