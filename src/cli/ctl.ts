// `monitor ctl [-c FILE | -s URL] [-u USER -p PASS] ACTION [ARGS...]`: a
// client for supervisord's XML-RPC API (monitor serve's or supervisord's
// own) with supervisorctl's output and exit statuses. Bad options or an
// unreadable config are one line and status 2, before anything is sent.
import { writeSync } from "node:fs";
import { UsageError } from "../errors.ts";
import { Controller } from "../ctl/controller.ts";
import { parseEndpoint } from "../ctl/endpoint.ts";
import { USAGE } from "../ctl/help.ts";
import { runAction } from "../ctl/run-action.ts";
import { resolveCtlSettings } from "../ctl/settings.ts";

let stdoutClosed = false;

/** Everything to stdout, in order; a reader that went away (`| head`) ends the output, not the action. */
function writeOut(text: string): void {
  if (stdoutClosed) return;
  const bytes = Buffer.from(text);
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(1, bytes, off);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPIPE") throw e;
    stdoutClosed = true;
  }
}

export async function run(argv: string[]): Promise<number> {
  const settings = resolveCtlSettings(argv);
  if (settings.help) {
    writeOut(USAGE);
    return 0;
  }
  if (settings.args.length === 0) throw new UsageError("ctl needs an ACTION (status, start NAME, stop NAME, tail NAME, ...; see monitor ctl -h)");
  const ctl = new Controller(parseEndpoint(settings.serverurl, settings.username, settings.password), writeOut);
  await runAction(ctl, settings.args);
  return ctl.exitstatus;
}
