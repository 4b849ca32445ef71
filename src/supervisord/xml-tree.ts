// The XML subset XML-RPC needs, read into a tree of elements: declaration,
// comments and processing instructions skipped, CDATA and the five named
// entities plus numeric references decoded, attributes read and ignored.
// DOCTYPE is refused outright (no entity expansion, no external fetches).
// Pure; any malformed input throws XmlError naming where and what.

export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  /** The element's own text nodes (and CDATA) joined, entities decoded. */
  text: string;
}

export class XmlError extends Error {
  override name = "XmlError";
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;
const ATTRIBUTE = /\s+[A-Za-z_:][-A-Za-z0-9_.:]*\s*=\s*(?:"[^"<]*"|'[^'<]*')/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// XML 1.0 Char production: no C0 controls except tab, LF, CR; no surrogates, no U+FFFE/U+FFFF.
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function where(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return `line ${line}, column ${at - before.lastIndexOf("\n")}`;
}

function decodeText(raw: string, text: string, offset: number): string {
  if (!raw.includes("&")) return raw;
  let out = "";
  let i = 0;
  for (let amp = raw.indexOf("&"); amp !== -1; amp = raw.indexOf("&", i)) {
    out += raw.slice(i, amp);
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(raw);
    if (!m) throw new XmlError(`malformed XML at ${where(text, offset + amp)}: bad entity reference`);
    if (m[1]) out += NAMED[m[1]];
    else {
      const cp = m[2] ? Number(m[2]) : parseInt(m[3]!, 16);
      if (!isXmlChar(cp)) throw new XmlError(`malformed XML at ${where(text, offset + amp)}: reference to invalid character ${cp}`);
      out += String.fromCodePoint(cp);
    }
    i = amp + m[0].length;
  }
  return out + raw.slice(i);
}

/** Parses a whole document and returns its root element. */
export function parseXmlTree(input: string): XmlElement {
  // XML's end-of-line handling: CRLF and lone CR read as LF (a CR survives only as &#13;).
  const text = input.replace(/\r\n?/g, "\n");
  const bad = BAD_CHAR.exec(text);
  if (bad) throw new XmlError(`malformed XML at ${where(text, bad.index)}: character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")} is not allowed`);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const expect = (what: string): never => {
    throw new XmlError(`malformed XML at ${where(text, i)}: expected ${what}`);
  };
  const skipTo = (end: string, what: string): void => {
    const close = text.indexOf(end, i);
    if (close === -1) expect(what);
    i = close + end.length;
  };
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const chunk = text.slice(i, lt === -1 ? text.length : lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decodeText(chunk, text, i);
    else if (chunk.trim() !== "") throw new XmlError(`malformed XML at ${where(text, i)}: text outside the root element`);
    if (lt === -1) break;
    i = lt;
    if (text.startsWith("<!--", i)) skipTo("-->", "'-->' closing the comment");
    else if (text.startsWith("<?", i)) skipTo("?>", "'?>' closing the processing instruction");
    else if (text.startsWith("<![CDATA[", i)) {
      if (!top) throw new XmlError(`malformed XML at ${where(text, i)}: CDATA outside the root element`);
      const close = text.indexOf("]]>", i);
      if (close === -1) expect("']]>' closing the CDATA section");
      top.text += text.slice(i + 9, close);
      i = close + 3;
    } else if (text.startsWith("<!", i)) throw new XmlError(`malformed XML at ${where(text, i)}: DOCTYPE and declarations are not accepted`);
    else if (text.startsWith("</", i)) {
      i += 2;
      NAME.lastIndex = i;
      const name = NAME.exec(text)?.[0] ?? expect("an element name");
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`malformed XML at ${where(text, i)}: '</${name}>' does not close ${open ? `<${open.name}>` : "any element"}`);
      i += name.length;
      while (/\s/.test(text[i] ?? "")) i++;
      if (text[i] !== ">") expect("'>'");
      i++;
    } else {
      i++;
      NAME.lastIndex = i;
      const name = NAME.exec(text)?.[0] ?? expect("an element name");
      i += name.length;
      for (ATTRIBUTE.lastIndex = i; ATTRIBUTE.exec(text); ATTRIBUTE.lastIndex = i) i = ATTRIBUTE.lastIndex;
      while (/\s/.test(text[i] ?? "")) i++;
      const selfClosing = text.startsWith("/>", i);
      if (!selfClosing && text[i] !== ">") expect("'>' or '/>'");
      i += selfClosing ? 2 : 1;
      if (root && stack.length === 0) throw new XmlError(`malformed XML at ${where(text, i)}: a second root element <${name}>`);
      const element: XmlElement = { name, children: [], text: "" };
      if (top) top.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) throw new XmlError(`malformed XML: <${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) throw new XmlError("malformed XML: no root element");
  return root;
}
