// [supervisorctl] as supervisorctl itself reads it (options.py ClientOptions):
// from the main file only (it never follows [include]), with ENV_X from the
// process environment alone and %(here)s only in serverurl and history_file.
import { expandUser, normalizePath } from "./paths.ts";
import { SectionReader, type LoadContext } from "./section-reader.ts";
import type { CtlSettings } from "./types.ts";
import { envOnlyVars, hereVars } from "./vars.ts";
import { warnUnknownKeys } from "./keys.ts";

/** `ctx` must describe the main file alone: doc without includes, hereByFile false, process ENV_X. */
export function readCtlSection(ctx: LoadContext): CtlSettings | null {
  const section = ctx.doc.sections.get("supervisorctl");
  if (!section) return null;
  const r = new SectionReader(ctx, section);
  warnUnknownKeys(r, ["serverurl", "username", "password", "prompt", "history_file"]);
  let serverurl = r.get("serverurl", hereVars(ctx)) ?? "http://localhost:9001";
  if (serverurl.startsWith("unix://")) serverurl = `unix://${normalizePath(serverurl.slice(7), ctx.paths)}`;
  const history = r.get("history_file", hereVars(ctx));
  return {
    serverurl,
    username: r.get("username", envOnlyVars(ctx)) ?? null,
    password: r.get("password", envOnlyVars(ctx)) ?? null,
    prompt: r.get("prompt", envOnlyVars(ctx)) ?? "supervisor",
    historyFile: history ? normalizePath(expandUser(history, ctx.paths), ctx.paths) : null,
  };
}
