// supervisor.getProcessInfo's struct from an engine ProcessStatus, with the
// `description` column supervisorctl status prints, worded as supervisord's
// rpcinterface words it: `pid 123, uptime 0:00:05` for RUNNING, the spawn
// error for BACKOFF/FATAL, the local stop time or `Not started` for
// STOPPED/EXITED, nothing otherwise.
import { PROCESS_STATE_CODES, type ProcessInfo, type ProcessStatus } from "./backend.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const INT_MAX = 2 ** 31 - 1;

/** Python's capped_int(int(x)): XML-RPC ints are 32-bit. */
function cappedInt(x: number): number {
  return Math.max(-INT_MAX - 1, Math.min(INT_MAX, Math.trunc(x)));
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Python's str(timedelta) for whole seconds: `0:00:05`, `1 day, 2:03:04`, `3 days, 0:00:00`. */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.trunc(seconds));
  const days = Math.floor(s / 86400);
  const rest = s % 86400;
  const clock = `${Math.floor(rest / 3600)}:${pad2(Math.floor((rest % 3600) / 60))}:${pad2(rest % 60)}`;
  return days === 0 ? clock : `${days} day${days === 1 ? "" : "s"}, ${clock}`;
}

/** strftime('%b %d %I:%M %p') in local time (the C locale supervisord runs in): `Nov 22 10:51 AM`. */
export function formatStopTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const hour12 = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  return `${MONTHS[d.getMonth()]} ${pad2(d.getDate())} ${pad2(hour12)}:${pad2(d.getMinutes())} ${d.getHours() < 12 ? "AM" : "PM"}`;
}

function describe(p: ProcessStatus, start: number, stop: number, now: number): string {
  switch (p.state) {
    case "RUNNING":
      return `pid ${p.pid}, uptime ${formatUptime(now - start)}`;
    case "BACKOFF":
    case "FATAL":
      return p.spawnerr || `unknown error (try "tail ${p.name}")`;
    case "STOPPED":
    case "EXITED":
      return start ? formatStopTime(stop) : "Not started";
    default:
      return "";
  }
}

/** `nowSeconds` is the server's clock, seconds since the epoch. */
export function packProcessInfo(p: ProcessStatus, nowSeconds: number): ProcessInfo {
  const [start, stop, now] = [cappedInt(p.start), cappedInt(p.stop), cappedInt(nowSeconds)];
  const stdout = p.stdoutLogfile ?? "";
  return {
    name: p.name,
    group: p.group,
    start,
    stop,
    now,
    state: PROCESS_STATE_CODES[p.state],
    statename: p.state,
    spawnerr: p.spawnerr,
    exitstatus: p.exitstatus,
    logfile: stdout,
    stdout_logfile: stdout,
    stderr_logfile: p.stderrLogfile ?? "",
    pid: p.pid,
    description: describe(p, start, stop, now),
  };
}
