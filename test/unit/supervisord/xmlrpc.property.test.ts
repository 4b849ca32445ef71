// Round trips of arbitrary XML-RPC values through the codec, and arbitrary
// bytes never escaping as anything but XmlError.
import { expect, test } from "bun:test";
import fc from "fast-check";
import {
  packMethodCall,
  packMethodResponse,
  unpackMethodCall,
  unpackMethodResponse,
  XmlError,
  type XmlRpcValue,
} from "../../../src/supervisord/xmlrpc.ts";

// What XML 1.0 cannot carry; the codec sends U+FFFD in its place.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const tricky = fc.constantFrom("<", ">", "&", "]]>", "\r", "\r\n", "\n", "\t", " ", '"', "'", "&amp;", "\u0000", "\u001b", "\uFFFE", "\uD800", "é", "😀");
const text = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 20 });
const cleanText = text.map((s) => s.replace(NOT_XML, ""));

const value: fc.Arbitrary<XmlRpcValue> = fc.letrec<{ value: XmlRpcValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.double(),
    fc.boolean(),
    text,
    fc.constant(null),
    fc.uint8Array({ maxLength: 100 }),
    fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(cleanText, tie("value"), { maxKeys: 5 }).map((d) => Object.fromEntries(Object.entries(d))),
  ),
})).value;

/** The value as it must come back: text with non-XML characters replaced. */
function expected(v: XmlRpcValue): XmlRpcValue {
  if (typeof v === "string") return v.replace(NOT_XML, "\uFFFD");
  if (Array.isArray(v)) return v.map(expected);
  if (v && typeof v === "object" && !(v instanceof Uint8Array) && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expected(x)]));
  }
  return v;
}

test("any value survives a response round trip", () => {
  fc.assert(
    fc.property(value, (v) => {
      expect(unpackMethodResponse(packMethodResponse({ kind: "value", value: v }))).toEqual({ kind: "value", value: expected(v) });
    }),
    { numRuns: 500 },
  );
});

test("any call survives a request round trip", () => {
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,20}$/);
  fc.assert(
    fc.property(name, fc.array(value, { maxLength: 4 }), (methodName, params) => {
      expect(unpackMethodCall(packMethodCall({ methodName, params }))).toEqual({ methodName, params: params.map(expected) });
    }),
    { numRuns: 300 },
  );
});

test("any fault survives a round trip", () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), cleanText, (faultCode, faultString) => {
      expect(unpackMethodResponse(packMethodResponse({ kind: "fault", faultCode, faultString }))).toEqual({ kind: "fault", faultCode, faultString });
    }),
  );
});

test("a request cut short anywhere before its last '>' is refused with XmlError", () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 3 }), fc.nat(), (params, cut) => {
      const xml = packMethodCall({ methodName: "supervisor.startProcess", params });
      const at = cut % xml.lastIndexOf(">");
      expect(() => unpackMethodCall(xml.slice(0, at))).toThrow(XmlError);
    }),
    { numRuns: 300 },
  );
});

test("arbitrary input either parses or throws XmlError, never anything else", () => {
  const soup = fc.string({
    unit: fc.oneof(
      fc.constantFrom("<", ">", "/", "&", ";", "<methodCall>", "</methodCall>", "<methodName>", "</methodName>", "a.b", "<params>", "<param>", "<value>", "</value>", "<int>", "</int>", "<array><data>", "<struct><member><name>", "<![CDATA[", "<!--", "?>"),
      fc.string({ unit: "binary", maxLength: 2 }),
    ),
    maxLength: 30,
  });
  fc.assert(
    fc.property(soup, (s) => {
      try {
        unpackMethodCall(s);
      } catch (e) {
        expect(e).toBeInstanceOf(XmlError);
        expect((e as Error).message).not.toContain("\n");
      }
    }),
    { numRuns: 2000 },
  );
});
