// The dialect, case by case, with the results Python 3.11's configparser (as
// supervisor configures it) gives for the same text.
import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../../src/errors.ts";
import { readIni, lookupIni, type IniDocument } from "../../../src/supervisord/ini.ts";

function values(doc: IniDocument, section: string): Record<string, string> {
  const s = doc.sections.get(section);
  if (!s) throw new Error(`no section ${section}`);
  return Object.fromEntries([...s.entries].map(([k, v]) => [k, v.value]));
}

function errorOf(text: string): ConfigError {
  try {
    readIni(text, "t.conf");
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("ini dialect", () => {
  test("key=value and key: value both work, spaces around the delimiter are dropped", () => {
    const doc = readIni("[s]\na=1\nb : 2\nc   =   three four  \n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "1", b: "2", c: "three four" });
  });

  test("the first = or : splits key from value, later ones stay in the value", () => {
    const doc = readIni("[s]\nurl=http://x:1/?a=b\nk:v=w\n", "t.conf");
    expect(values(doc, "s")).toEqual({ url: "http://x:1/?a=b", k: "v=w" });
  });

  test("full-line comments start with ; or # even when indented", () => {
    const doc = readIni("; top\n# top\n[s]\n  ; indented\na=1\n    # also\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "1" });
  });

  test("an inline ; or # is a comment only after whitespace", () => {
    const doc = readIni("[s]\na=x;y\nb=x ;y\nc=x\t# y\nd=x#y\ne=sh -c 'a; b'\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "x;y", b: "x", c: "x", d: "x#y", e: "sh -c 'a; b'" });
  });

  test("Python 3.11's round-by-round search for inline comments is kept", () => {
    // a: round 1 finds ';' at 3 (glued to x) and '#' at 9 (after a space), so the
    // comment starts at 9 even though the ';' at 6 is also after a space. Python
    // 3.11 gives exactly these values; a first-valid-prefix reader would cut at 6.
    const doc = readIni("[s]\na=x;y ;z #c\nb=p#q #r ;s\nc=x;y #c ;d\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "x;y ;z", b: "p#q #r", c: "x;y" });
  });

  test("indented lines continue the previous value, joined with newlines", () => {
    const doc = readIni("[s]\ncommand=/bin/sleep\n   1000\n\t; comment line skipped\n  tail\nnext=1\n", "t.conf");
    expect(values(doc, "s")).toEqual({ command: "/bin/sleep\n1000\ntail", next: "1" });
  });

  test("blank lines inside a value are kept, trailing ones dropped", () => {
    const doc = readIni("[s]\na=1\n\n  2\n\n\nb=3\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "1\n\n2", b: "3" });
  });

  test("continuation is relative to the key's own indentation", () => {
    const doc = readIni("[s]\n  a=1\n  b=2\n    more\n c=3\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "1", b: "2\nmore", c: "3" });
  });

  test("an indented [header] after a key is part of the value, not a section", () => {
    const doc = readIni("[s]\na=1\n  [t]\n", "t.conf");
    expect([...doc.sections.keys()]).toEqual(["s"]);
    expect(values(doc, "s")).toEqual({ a: "1\n[t]" });
  });

  test("keys are lowercased, section names keep their case", () => {
    const doc = readIni("[Program:Web]\nCommand=X\n[program:web]\ncommand=y\n", "t.conf");
    expect(values(doc, "Program:Web")).toEqual({ command: "X" });
    expect(values(doc, "program:web")).toEqual({ command: "y" });
  });

  test("a repeated section merges and a repeated key takes the last value and line", () => {
    const doc = readIni("[s]\na=1\nb=2\n[t]\n[s]\na=3\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "3", b: "2" });
    expect(doc.sections.get("s")!.entries.get("a")!.line).toBe(6);
    expect(doc.sections.get("s")!.line).toBe(1);
    expect([...doc.sections.keys()]).toEqual(["s", "t"]);
  });

  test("the header is everything up to the last ], text after it is ignored", () => {
    const doc = readIni("[a]b] trailing\nk=v\n[ spaced ]\n", "t.conf");
    expect([...doc.sections.keys()]).toEqual(["a]b", " spaced "]);
  });

  test("[DEFAULT] is not a section, but its keys are found through every section", () => {
    const doc = readIni("[DEFAULT]\nautostart=false\n[s]\na=1\n", "t.conf");
    expect([...doc.sections.keys()]).toEqual(["s"]);
    const s = doc.sections.get("s")!;
    expect(lookupIni(doc, s, "autostart")?.value).toBe("false");
    expect(lookupIni(doc, s, "a")?.value).toBe("1");
  });

  test("CRLF and lone CR end lines like LF", () => {
    const doc = readIni("[s]\r\na=1\rb=2\r\n  c\r\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "1", b: "2\nc" });
    expect(doc.sections.get("s")!.entries.get("b")!.line).toBe(3);
  });

  test("Python's whitespace (\\x1c, NBSP) is stripped, a BOM-like \\ufeff is not", () => {
    const doc = readIni("[s]\na=\u00a0x\x1c\nb=\ufeffy\n", "t.conf");
    expect(values(doc, "s")).toEqual({ a: "x", b: "\ufeffy" });
  });

  test("each value remembers its file and line", () => {
    const doc = readIni("[s]\n\na = 1\n", "/etc/x.conf");
    expect(doc.sections.get("s")!.entries.get("a")).toEqual({ value: "1", file: "/etc/x.conf", line: 3 });
  });

  test("reading a second file into the same document merges sections", () => {
    const doc = readIni("[s]\na=1\n", "one.conf");
    readIni("[s]\nb=2\n[t]\nc=3\n", "two.conf", doc);
    expect(values(doc, "s")).toEqual({ a: "1", b: "2" });
    expect(doc.sections.get("s")!.entries.get("b")!.file).toBe("two.conf");
    expect(doc.sections.get("t")!.file).toBe("two.conf");
  });
});

describe("ini errors name file:line", () => {
  test.each([
    ["a=1\n", 1, "before any [section]"],
    ["; ok\n\n  x=1\n", 3, "before any [section]"],
    ["[s]\na=1\njust words\n", 3, "neither '[section]' nor 'key = value'"],
    ["[s]\n=value\n", 2, "no key before '='"],
    ["[s]\n  : value\n", 2, "no key before ':'"],
  ])("%j fails at line %d", (text, line, fragment) => {
    const e = errorOf(text);
    expect(e.file).toBe("t.conf");
    expect(e.line).toBe(line);
    expect(e.message).toStartWith(`t.conf:${line}: `);
    expect(e.message).toContain(fragment);
  });
});
