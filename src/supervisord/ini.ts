// supervisord's file dialect: Python 3.11's configparser.RawConfigParser as
// supervisor's UnhosedConfigParser sets it up (inline_comment_prefixes ';' and
// '#', strict=False, empty lines kept inside values, a [DEFAULT] section whose
// keys every section inherits). Read line by line in the order Python's _read
// does, so the same text gives the same sections and values; each value keeps
// the file:line of its key so later errors can name it.
import { ConfigError } from "../errors.ts";
import { isPySpace, stripPy, rstripPy } from "./config/py-space.ts";

export interface IniValue {
  readonly value: string;
  readonly file: string;
  /** Line of the `key = value` line (continuation lines follow it). */
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  /** Where the section was first opened (a later header of the same name merges into it). */
  readonly file: string;
  readonly line: number;
  /** Keys lowercased, in first-seen order; a repeated key keeps its place and takes the last value. */
  readonly entries: Map<string, IniValue>;
}

export interface IniDocument {
  /** Named sections in first-seen order; never contains DEFAULT. */
  readonly sections: Map<string, IniSection>;
  /** The [DEFAULT] section: looked up when a section lacks a key. */
  readonly defaults: IniSection;
}

export const DEFAULT_SECTION = "DEFAULT";

export function createIniDocument(): IniDocument {
  return { sections: new Map(), defaults: { name: DEFAULT_SECTION, file: "", line: 0, entries: new Map() } };
}

/** A key's value with [DEFAULT] as fallback, as RawConfigParser.get does. */
export function lookupIni(doc: IniDocument, section: IniSection, key: string): IniValue | undefined {
  return section.entries.get(key) ?? doc.defaults.entries.get(key);
}

/**
 * Python 3.11 looks for each prefix's next occurrence in rounds and stops at
 * the first round where one of them starts the line or follows whitespace.
 */
function findInlineComment(line: string): number {
  const at = { ";": -1, "#": -1 } as Record<string, number>;
  let live = [";", "#"];
  while (live.length > 0) {
    let found = Infinity;
    const next: string[] = [];
    for (const p of live) {
      const i = line.indexOf(p, at[p]! + 1);
      if (i === -1) continue;
      at[p] = i;
      next.push(p);
      if (i === 0 || isPySpace(line[i - 1]!)) found = Math.min(found, i);
    }
    if (found !== Infinity) return found;
    live = next;
  }
  return -1;
}

function indentOf(line: string): number {
  for (let i = 0; i < line.length; i++) if (!isPySpace(line[i]!)) return i;
  return 0;
}

type Pending = { section: IniSection; key: string; lines: string[]; file: string; line: number };

/** Reads `text` (one file) into `into`, merging repeated sections and keys as strict=False does. */
export function readIni(text: string, file: string, into: IniDocument = createIniDocument()): IniDocument {
  const lines = text.split(/\r\n|\r|\n/);
  let section: IniSection | null = null;
  let current: Pending | null = null;
  let indentLevel = 0;
  const pending: Pending[] = [];
  lines.forEach((raw, index) => {
    const lineno = index + 1;
    const inline = findInlineComment(raw);
    const fullComment = /^[;#]/.test(stripPy(raw));
    const commentStart = fullComment ? 0 : inline;
    const content = stripPy(commentStart === -1 ? raw : raw.slice(0, commentStart));
    if (content === "") {
      // A blank line (not a comment line) belongs to the value being read.
      if (commentStart === -1 && current) current.lines.push("");
      return;
    }
    const indent = indentOf(raw);
    if (current && indent > indentLevel) {
      current.lines.push(content);
      return;
    }
    indentLevel = indent;
    const header = /^\[([^\n]+)\]/.exec(content);
    if (header) {
      section = openSection(into, header[1]!, file, lineno);
      current = null;
      return;
    }
    if (!section) {
      throw new ConfigError(file, lineno, `'${content}' comes before any [section] header`);
    }
    const delim = content.search(/[=:]/);
    if (delim === -1) {
      throw new ConfigError(file, lineno, `'${content}' is neither '[section]' nor 'key = value'`);
    }
    const key = rstripPy(content.slice(0, delim)).toLowerCase();
    if (key === "") throw new ConfigError(file, lineno, `'${content}' has no key before '${content[delim]}'`);
    current = { section, key, lines: [stripPy(content.slice(delim + 1))], file, line: lineno };
    pending.push(current);
  });
  for (const p of pending) {
    p.section.entries.set(p.key, { value: rstripPy(p.lines.join("\n")), file: p.file, line: p.line });
  }
  return into;
}

function openSection(doc: IniDocument, name: string, file: string, line: number): IniSection {
  if (name === DEFAULT_SECTION) {
    if (doc.defaults.file === "") Object.assign(doc.defaults, { file, line });
    return doc.defaults;
  }
  let s = doc.sections.get(name);
  if (!s) {
    s = { name, file, line, entries: new Map() };
    doc.sections.set(name, s);
  }
  return s;
}
