// [include] files=PATTERN... as supervisord reads it: only in the main file
// (included files' [include] sections are not followed), patterns split on
// whitespace and taken relative to the main file's directory, each pattern's
// matches read in sorted order into the same document, so a repeated section
// merges key by key. A pattern matching nothing is a warning, as in supervisord.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../../errors.ts";
import { readIni, type IniDocument, type IniValue } from "../ini.ts";
import { globPython } from "./glob.ts";
import { splitPy } from "./py-space.ts";
import { SectionReader, type LoadContext } from "./section-reader.ts";
import { hostVars } from "./vars.ts";

/**
 * A config file's text, UTF-8. A leading byte-order mark is dropped (Python
 * would keep it and then fail to see the first section header).
 */
export function decodeConfig(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const good = new TextDecoder("utf-8", { fatal: false }).decode(bytes).split("\uFFFD")[0]!;
    throw new ConfigError(file, good.split(/\r\n|\r|\n/).length, "not valid UTF-8");
  }
}

const HERE = "%(here)s";

/**
 * supervisord's expand_here, run on the main file and again after each
 * included file: every value containing %(here)s, including a [DEFAULT] one a
 * section inherits, gets that file's directory written in textually and the
 * result stored in the section. So a value takes the directory of the file it
 * was first seen with, and `%%(here)s` is not protected.
 */
export function expandHere(doc: IniDocument, dir: string, inherited: WeakSet<IniValue>): void {
  for (const section of doc.sections.values()) {
    for (const [key, fromDefault] of doc.defaults.entries) {
      if (!section.entries.has(key) && fromDefault.value.includes(HERE)) {
        const copy = { ...fromDefault, value: fromDefault.value.replaceAll(HERE, dir) };
        inherited.add(copy);
        section.entries.set(key, copy);
      }
    }
    for (const [key, v] of section.entries) {
      if (!v.value.includes(HERE)) continue;
      const replaced = { ...v, value: v.value.replaceAll(HERE, dir) };
      if (inherited.has(v)) inherited.add(replaced);
      section.entries.set(key, replaced);
    }
  }
}

/** Reads every included file into `ctx.doc`; returns their paths in the order read. */
export function readIncludes(ctx: LoadContext, mainFile: string): string[] {
  const section = ctx.doc.sections.get("include");
  if (!section) return [];
  expandHere(ctx.doc, ctx.here, ctx.inherited);
  const r = new SectionReader(ctx, section);
  const files = r.get("files", hostVars(ctx));
  if (files === undefined) throw r.error(null, "[include] has no files= line");
  const read: string[] = [];
  for (const pattern of splitPy(files)) {
    // os.path.join: an absolute pattern stands alone; a relative one is not normalized.
    const full = pattern.startsWith("/") ? pattern : `${resolve(dirname(mainFile))}/${pattern}`;
    const matches = globPython(full).sort();
    if (matches.length === 0) r.warn("files", `[include] files: no file matches '${full}'`);
    for (const path of matches) {
      // supervisord's parser.read() skips what it cannot open, such as a directory the glob matched.
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) continue;
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch (e) {
        throw r.error("files", `[include] files: cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? e})`);
      }
      readIni(decodeConfig(bytes, path), path, ctx.doc);
      expandHere(ctx.doc, dirname(path), ctx.inherited);
      read.push(path);
    }
  }
  return read;
}
