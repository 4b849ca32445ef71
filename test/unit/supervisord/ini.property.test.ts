// Generated configs written in every style the dialect allows (either
// delimiter, any spacing, comment lines, inline comments, blank lines,
// continuation lines, CRLF, upper-case keys, repeated sections) must read back
// as the sections and values they were generated from, with each value's line
// pointing at its key and no comment text ever inside a value.
import { expect, test } from "bun:test";
import fc from "fast-check";
import { readIni } from "../../../src/supervisord/ini.ts";

type Entry = { key: string; lines: string[] };
type Section = { name: string; entries: Entry[] };

const MARK = "zzcomment";
const word = (chars: string, max = 8) => fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: max });
const sectionName = word("abcxyzABC012_:.-").filter((n) => n !== "DEFAULT");
const key = word("abcdefxyz012_.-");
// A value line: may hold ';' '#' '=' ':' '[' but never whitespace before ';' or '#', and no surrounding spaces.
const valueLine = fc
  .array(fc.oneof(word("abcXYZ019/._-=:[]%()'\""), fc.constantFrom(";", "#", "a;b", "x#y")), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(" ").replace(/\s([;#])/g, "_$1"))
  .filter((l) => !/^[;#]/.test(l));
const entry = fc.record({ key, lines: fc.array(valueLine, { minLength: 1, maxLength: 3 }) });
const section = fc.record({ name: sectionName, entries: fc.uniqueArray(entry, { selector: (e) => e.key, maxLength: 5 }) });
const style = fc.record({
  delim: fc.constantFrom("=", ":", " = ", " : ", "\t=  "),
  indent: fc.constantFrom("", " ", "  "),
  more: fc.constantFrom(" ", "    ", "\t"),
  // One prefix per comment: a comment holding both kinds meets the 3.11 quirk tested in ini.test.ts.
  inline: fc.constantFrom("", ` ; ${MARK}`, `\t# ${MARK}`, ` ;${MARK};;`),
  commentLine: fc.constantFrom("", `; ${MARK}`, `  # ${MARK}`, "\t;"),
  blank: fc.constantFrom("", "   "),
  upper: fc.boolean(),
  eol: fc.constantFrom("\n", "\r\n"),
});

type Style = typeof style extends fc.Arbitrary<infer T> ? T : never;

/** Text for the sections plus, per emitted key, the 1-based line where it was written. */
function render(sections: Section[], s: Style): { text: string; keyLines: Map<string, number> } {
  const out: string[] = [`; generated ${MARK}`];
  const keyLines = new Map<string, number>();
  for (const sec of sections) {
    out.push(`[${sec.name}]${s.inline}`);
    if (s.commentLine) out.push(s.commentLine);
    for (const e of sec.entries) {
      const [first, ...rest] = e.lines;
      out.push(`${s.indent}${s.upper ? e.key.toUpperCase() : e.key}${s.delim}${first}${s.inline}`);
      keyLines.set(`${sec.name}\0${e.key}`, out.length);
      for (const line of rest) {
        if (s.commentLine) out.push(s.indent + s.more + s.commentLine);
        out.push(s.indent + s.more + line + s.inline);
      }
      if (s.blank !== "") out.push(s.blank);
    }
  }
  return { text: out.join(s.eol) + s.eol, keyLines };
}

/** What strict=False reading must give: repeated sections merged, last value of a key wins. */
function merge(sections: Section[]): Map<string, Map<string, string>> {
  const model = new Map<string, Map<string, string>>();
  for (const sec of sections) {
    const m = model.get(sec.name) ?? new Map<string, string>();
    for (const e of sec.entries) m.set(e.key, e.lines.join("\n"));
    model.set(sec.name, m);
  }
  return model;
}

test("generated configs read back to the sections and values they were written from", () => {
  fc.assert(
    fc.property(fc.array(section, { maxLength: 5 }), style, (sections, s) => {
      const { text, keyLines } = render(sections, s);
      const doc = readIni(text, "g.conf");
      const got = new Map([...doc.sections].map(([n, sec]) => [n, new Map([...sec.entries].map(([k, v]) => [k, v.value]))]));
      expect(got).toEqual(merge(sections));
      const lines = text.split(s.eol);
      for (const [name, sec] of doc.sections) {
        for (const [k, v] of sec.entries) {
          expect(v.line).toBe(keyLines.get(`${name}\0${k}`)!);
          expect(lines[v.line - 1]!.trimStart().toLowerCase().startsWith(k)).toBe(true);
        }
      }
    }),
    { numRuns: 400 },
  );
});

test("comment text never ends up in a section name, key or value", () => {
  fc.assert(
    fc.property(fc.array(section, { minLength: 1, maxLength: 4 }), style, (sections, s) => {
      const doc = readIni(render(sections, s).text, "g.conf");
      for (const [name, sec] of doc.sections) {
        expect(name).not.toContain(MARK);
        for (const [k, v] of sec.entries) expect(k + v.value).not.toContain(MARK);
      }
    }),
    { numRuns: 300 },
  );
});

test("reading never throws anything but ConfigError, whatever the text", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom("[", "]", "=", ":", ";", "#", " ", "\t", "\n", "\r", "a", "B", "\u00a0") }), (text) => {
      try {
        readIni(text, "x.conf");
      } catch (e) {
        expect((e as Error).name).toBe("ConfigError");
        expect((e as Error).message).toMatch(/^x\.conf:\d+: /);
      }
    }),
    { numRuns: 500 },
  );
});
