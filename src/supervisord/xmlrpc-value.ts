// One XML-RPC <value> to and from a JS value. The text layout is Python's
// xmlrpc.client Marshaller's (what supervisord sends), so responses match
// supervisord's byte for byte. JS numbers that are whole and fit in 32 bits
// travel as <int>, every other number as <double>.
import { XmlError, type XmlElement } from "./xml-tree.ts";

export type XmlRpcValue = number | boolean | string | null | Uint8Array | Date | XmlRpcValue[] | XmlRpcStruct;
export interface XmlRpcStruct {
  [key: string]: XmlRpcValue;
}

const MAX_DEPTH = 256;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
// Characters XML 1.0 cannot carry even as references; they travel as U+FFFD.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NEEDS_ESCAPE = /[&<>\r\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Python's xmlrpc escape (& < >), plus CR as a reference so XML's line-end normalisation keeps it. */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** Python's repr(float): `1.5`, `3.0`, `-0.0`, `inf`, `nan`. */
function formatDouble(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function formatDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString("base64");
  let out = "";
  for (let i = 0; i < b64.length; i += 76) out += `${b64.slice(i, i + 76)}\n`;
  return out;
}

/** `<value>...</value>\n` as Python's Marshaller writes it. */
export function packValue(v: XmlRpcValue, depth = 0): string {
  if (depth > MAX_DEPTH) throw new RangeError(`XML-RPC value nested deeper than ${MAX_DEPTH}`);
  if (v === null) return "<value><nil/></value>\n";
  if (typeof v === "boolean") return `<value><boolean>${v ? 1 : 0}</boolean></value>\n`;
  if (typeof v === "number") {
    const isInt = Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX && !Object.is(v, -0);
    return isInt ? `<value><int>${v}</int></value>\n` : `<value><double>${formatDouble(v)}</double></value>\n`;
  }
  if (typeof v === "string") return `<value><string>${escapeXml(v)}</string></value>\n`;
  if (v instanceof Uint8Array) return `<value><base64>\n${base64Lines(v)}</base64></value>\n`;
  if (v instanceof Date) return `<value><dateTime.iso8601>${formatDate(v)}</dateTime.iso8601></value>\n`;
  if (Array.isArray(v)) return `<value><array><data>\n${v.map((x) => packValue(x, depth + 1)).join("")}</data></array></value>\n`;
  const members = Object.entries(v).map(([k, x]) => `<member>\n<name>${escapeXml(k)}</name>\n${packValue(x, depth + 1)}</member>\n`);
  return `<value><struct>\n${members.join("")}</struct></value>\n`;
}

function bad(what: string): never {
  throw new XmlError(`malformed XML-RPC: ${what}`);
}

/** The only child element of `el`, refusing text beside it. */
export function onlyChild(el: XmlElement, expected?: string): XmlElement {
  const [child, extra] = el.children;
  if (!child || extra) bad(`<${el.name}> must hold exactly one element${expected ? ` (<${expected}>)` : ""}`);
  if (expected && child.name !== expected) bad(`<${el.name}> holds <${child.name}> where <${expected}> belongs`);
  if (el.text.trim() !== "") bad(`<${el.name}> mixes text with <${child.name}>`);
  return child;
}

function leaf(el: XmlElement): string {
  if (el.children.length > 0) bad(`<${el.name}> must hold text, not <${el.children[0]!.name}>`);
  return el.text;
}

function unpackInt(text: string, tag: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) bad(`<${tag}> holds '${t.slice(0, 40)}', not an integer`);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) bad(`<${tag}> ${t.slice(0, 40)} is out of range`);
  return n;
}

function unpackDouble(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) bad(`<double> holds '${t.slice(0, 40)}', not a number`);
  return Number(t);
}

function unpackDate(text: string): Date {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})$/.exec(text.trim()) ?? bad(`<dateTime.iso8601> holds '${text.trim().slice(0, 40)}'`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) bad(`<dateTime.iso8601> ${text.trim()} is not a date`);
  return date;
}

function unpackBase64(text: string): Uint8Array {
  const t = text.replace(/\s+/g, "");
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) bad("<base64> holds characters outside base64");
  return new Uint8Array(Buffer.from(t, "base64"));
}

/** A JS value from a <value> element. */
export function unpackValue(value: XmlElement, depth = 0): XmlRpcValue {
  if (value.name !== "value") bad(`<${value.name}> where <value> belongs`);
  if (depth > MAX_DEPTH) bad(`values nested deeper than ${MAX_DEPTH}`);
  if (value.children.length === 0) return value.text; // untyped <value>: a string
  const el = onlyChild(value);
  switch (el.name) {
    case "int":
    case "i4":
    case "i8":
      return unpackInt(leaf(el), el.name);
    case "boolean": {
      const t = leaf(el).trim();
      return t === "1" ? true : t === "0" ? false : bad(`<boolean> holds '${t.slice(0, 40)}', not 0 or 1`);
    }
    case "string":
      return leaf(el);
    case "double":
      return unpackDouble(leaf(el));
    case "nil":
      return leaf(el).trim() === "" ? null : bad("<nil> must be empty");
    case "base64":
      return unpackBase64(leaf(el));
    case "dateTime.iso8601":
      return unpackDate(leaf(el));
    case "array":
      return onlyChild(el, "data").children.map((v) => unpackValue(v, depth + 1));
    case "struct":
      return unpackStruct(el, depth);
    default:
      return bad(`unknown type <${el.name}>`);
  }
}

function unpackStruct(el: XmlElement, depth: number): XmlRpcStruct {
  if (el.text.trim() !== "") bad("<struct> holds text");
  const entries = el.children.map((member): [string, XmlRpcValue] => {
    if (member.name !== "member") bad(`<struct> holds <${member.name}> where <member> belongs`);
    const name = member.children.find((c) => c.name === "name") ?? bad("<member> without <name>");
    const value = member.children.find((c) => c.name === "value") ?? bad("<member> without <value>");
    if (member.children.length !== 2) bad("<member> must hold <name> and <value> only");
    return [leaf(name), unpackValue(value, depth + 1)];
  });
  // fromEntries defines own properties, so a member named __proto__ stays data.
  return Object.fromEntries(entries);
}
