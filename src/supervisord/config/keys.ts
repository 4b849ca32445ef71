// The keys each section understands. supervisord 4 reads the keys it knows and
// never looks at the others, so a typo (`autorestrat=false`) silently keeps a
// default. monitor refuses unknown keys in process sections (the ones that
// decide what runs) and warns about them elsewhere. Keys inherited from
// [DEFAULT] are not checked: that section is shared by every kind of section.
import type { SectionReader } from "./section-reader.ts";

const CHANNEL_KEYS = ["logfile", "logfile_maxbytes", "logfile_backups", "capture_maxbytes", "events_enabled", "syslog"];

export const PROGRAM_KEYS = [
  "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "startsecs", "startretries",
  "autorestart", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup", "user", "redirect_stderr",
  "environment", "directory", "umask", "serverurl",
  ...CHANNEL_KEYS.flatMap((k) => [`stdout_${k}`, `stderr_${k}`]),
] as const;

/** monitor's own program keys (SPEC section 5), which supervisord does not know. */
export const EXTENSION_KEYS = [
  "depends_on", "essential", "environment_file", "stdout_logfile_timestamps", "backoff_max", "backoff_factor",
  "healthcheck", "healthcheck_interval", "healthcheck_retries", "listen", "ready",
] as const;

export const EVENTLISTENER_KEYS = [...PROGRAM_KEYS, ...EXTENSION_KEYS, "events", "buffer_size", "result_handler"] as const;

export const GROUP_KEYS = ["programs", "priority"] as const;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

function suggestion(key: string, known: readonly string[]): string {
  const best = [...known].sort((x, y) => distance(key, x) - distance(key, y))[0];
  return best !== undefined && distance(key, best) <= 2 ? ` (did you mean ${best}?)` : "";
}

function unknownKeys(r: SectionReader, known: readonly string[]): string[] {
  return [...r.section.entries].filter(([k, v]) => !known.includes(k) && !r.ctx.inherited.has(v)).map(([k]) => k);
}

/** A process section's keys: the first unknown one is a ConfigError at its line. */
export function rejectUnknownKeys(r: SectionReader, known: readonly string[]): void {
  const [key] = unknownKeys(r, known);
  if (key !== undefined) {
    throw r.error(key, `${r.option(key)}: unknown key${suggestion(key, known)}`);
  }
}

export function warnUnknownKeys(r: SectionReader, known: readonly string[]): void {
  for (const key of unknownKeys(r, known)) r.warn(key, `${r.option(key)}: unknown key ignored${suggestion(key, known)}`);
}
