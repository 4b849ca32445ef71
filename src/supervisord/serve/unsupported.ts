// supervisord settings monitor reads but does not act on, said once at start
// (one warning each), so a config that relies on them is not silently
// half-honoured: [supervisord] user= (monitor stays the user it was started
// as), strip_ansi, logfile=syslog, and per process *_syslog and
// *_capture_maxbytes (supervisord's capture mode).
import type { SupervisordConfig } from "../config.ts";

export function unsupportedSettings(c: SupervisordConfig, uid = process.getuid?.()): string[] {
  const s = c.supervisord;
  const out: string[] = [];
  if (s.user && s.user.uid !== uid) out.push(`[supervisord] user=${s.user.name}: monitor does not switch its own user; run it as ${s.user.name} instead (programs' user= works)`);
  if (s.stripAnsi) out.push("[supervisord] strip_ansi=true: not supported, child output is logged as written");
  if (s.logfile === "syslog") out.push("[supervisord] logfile=syslog: not supported, the log goes to stderr only");
  for (const p of c.processes) {
    for (const ch of ["stdout", "stderr"] as const) {
      if (p[ch].syslog) out.push(`[${p.kind}:${p.program}] ${ch}_syslog=true: not supported, the ${ch} log file is still written`);
      if (p[ch].captureMaxBytes > 0) out.push(`[${p.kind}:${p.program}] ${ch}_capture_maxbytes: capture mode is not supported`);
    }
  }
  return [...new Set(out)];
}
