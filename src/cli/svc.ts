// `monitor svc -udopchaitkx DIR...`: daemontools' svc. Each DIR gets the
// letters (each once, in the order first given) written into its
// supervise/control FIFO. A DIR that cannot be controlled is a warning on
// stderr, not a failure: like daemontools' svc we exit 0 once the options
// parse, and 100 when they do not.
import { closeSync, writeSync } from "node:fs";
import { isControlLetter, type ControlLetter } from "../daemontools/control.ts";
import { describeErrorCode, errorCodeOf } from "../daemontools/error-text.ts";
import { openFifoWriter } from "../daemontools/fifo.ts";
import { chdirErrorCode, supervisePath } from "../daemontools/service-dir.ts";

const USAGE_STATUS = 100;
const OPTIONS_HELP = "u up, d down, o once, x exit, p pause, c continue, h hup, a alarm, i interrupt, t term, k kill";

export async function run(argv: string[]): Promise<number> {
  const parsed = parseSvcArgs(argv);
  if ("illegal" in parsed) {
    // daemontools prints the usage on a second line; ours is one line.
    writeSync(2, `svc: illegal option -- ${parsed.illegal} (svc options: ${OPTIONS_HELP})\n`);
    return USAGE_STATUS;
  }
  const data = Buffer.from(parsed.letters.join(""));
  for (const dir of parsed.dirs) {
    const warning = controlDir(dir, data);
    if (warning) writeSync(2, `svc: warning: ${warning}\n`);
  }
  return 0;
}

/** getopt as daemontools uses it: options end at `--`, at a lone `-` or at the first operand. */
export function parseSvcArgs(argv: string[]): { letters: ControlLetter[]; dirs: string[] } | { illegal: string } {
  const letters: ControlLetter[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    // djb's getopt ends the options at any word starting with "--" and
    // drops that word: Debian's `svc --up DIR` controls DIR with no letters.
    if (arg.startsWith("--")) {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    for (const ch of arg.slice(1)) {
      if (!isControlLetter(ch)) return { illegal: ch };
      if (!letters.includes(ch)) letters.push(ch);
    }
  }
  return { letters, dirs: argv.slice(i) };
}

/** Write the letters to DIR/supervise/control; the warning text on failure. */
function controlDir(dir: string, data: Uint8Array): string | undefined {
  const chdirError = chdirErrorCode(dir);
  if (chdirError) return `unable to chdir to ${dir}: ${describeErrorCode(chdirError)}`;
  let fd: number;
  try {
    fd = openFifoWriter(supervisePath(dir, "control"));
  } catch (e) {
    const code = errorCodeOf(e);
    // ENXIO: the FIFO exists but no supervise holds it open for reading.
    return `unable to control ${dir}: ${code === "ENXIO" ? "supervise not running" : describeErrorCode(code)}`;
  }
  try {
    // At most 11 bytes: below PIPE_BUF, so the write is all or nothing. Where
    // daemontools' svc would block on a full FIFO (a hung supervise), ours
    // reports "temporary failure" instead of hanging.
    if (data.byteLength > 0) writeSync(fd, data);
    return undefined;
  } catch (e) {
    return `error writing commands to ${dir}: ${describeErrorCode(errorCodeOf(e))}`;
  } finally {
    closeSync(fd);
  }
}
