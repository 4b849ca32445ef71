// The XML-RPC codec against Python's xmlrpc.client: the bytes supervisord sends
// (captured from supervisord 4.2.5 and python3's xmlrpc.client.dumps) and the
// request shapes supervisorctl and other clients write.
import { describe, expect, test } from "bun:test";
import {
  packMethodCall,
  packMethodResponse,
  unpackMethodCall,
  unpackMethodResponse,
} from "../../../src/supervisord/xmlrpc.ts";

describe("packing matches Python's xmlrpc.client byte for byte", () => {
  test("a string response is what supervisord sends for getAPIVersion", () => {
    expect(packMethodResponse({ kind: "value", value: "3.0" })).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n</param>\n</params>\n</methodResponse>\n",
    );
  });

  test("a fault is a struct of faultCode and faultString, in that order", () => {
    expect(packMethodResponse({ kind: "fault", faultCode: 10, faultString: "BAD_NAME: foo" })).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>BAD_NAME: foo</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n",
    );
  });

  test("arrays, structs, booleans, doubles, escapes and base64 nest as Python writes them", () => {
    const value = [1, 'a<&>"', { k: true, z: 1.5 }, new TextEncoder().encode("hi")];
    expect(packMethodResponse({ kind: "value", value })).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>a&lt;&amp;&gt;\"</string></value>\n<value><struct>\n<member>\n<name>k</name>\n<value><boolean>1</boolean></value>\n</member>\n<member>\n<name>z</name>\n<value><double>1.5</double></value>\n</member>\n</struct></value>\n<value><base64>\naGk=\n</base64></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n",
    );
  });

  test("a call is what supervisorctl sends for startProcess", () => {
    expect(packMethodCall({ methodName: "supervisor.startProcess", params: ["foo", true] })).toBe(
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.startProcess</methodName>\n<params>\n<param>\n<value><string>foo</string></value>\n</param>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n</params>\n</methodCall>\n",
    );
  });

  test("whole numbers beyond 32 bits and fractions travel as doubles, -0 keeps its sign", () => {
    const packed = packMethodResponse({ kind: "value", value: [2 ** 31, -(2 ** 31) - 1, 0.1, -0, 2 ** 31 - 1, Infinity, NaN] });
    expect(packed).toContain("<value><double>2147483648.0</double></value>");
    expect(packed).toContain("<value><double>-2147483649.0</double></value>");
    expect(packed).toContain("<value><double>0.1</double></value>");
    expect(packed).toContain("<value><double>-0.0</double></value>");
    expect(packed).toContain("<value><int>2147483647</int></value>");
    expect(packed).toContain("<value><double>inf</double></value>");
    expect(packed).toContain("<value><double>nan</double></value>");
  });

  test("a carriage return is sent as a reference so XML line-end handling cannot eat it", () => {
    const packed = packMethodResponse({ kind: "value", value: "a\r\nb\rc" });
    expect(packed).toContain("<string>a&#13;\nb&#13;c</string>");
    expect(unpackMethodResponse(packed)).toEqual({ kind: "value", value: "a\r\nb\rc" });
  });

  test("characters XML 1.0 cannot carry (ANSI escapes in a log) arrive as U+FFFD instead of breaking the client", () => {
    const packed = packMethodResponse({ kind: "value", value: "\u001b[31mred\u001b[0m\u0000" });
    expect(unpackMethodResponse(packed)).toEqual({ kind: "value", value: "\uFFFD[31mred\uFFFD[0m\uFFFD" });
  });
});

describe("unpacking requests as clients write them", () => {
  test("Python's request for a call without arguments", () => {
    const xml = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getAPIVersion</methodName>\n<params>\n</params>\n</methodCall>\n";
    expect(unpackMethodCall(xml)).toEqual({ methodName: "supervisor.getAPIVersion", params: [] });
  });

  test("<params> may be left out entirely", () => {
    expect(unpackMethodCall("<methodCall><methodName>system.listMethods</methodName></methodCall>")).toEqual({
      methodName: "system.listMethods",
      params: [],
    });
  });

  test("an untyped <value> is a string and keeps its spaces; an empty one is the empty string", () => {
    const xml = "<methodCall><methodName>a.b</methodName><params><param><value> x y </value></param><param><value/></param><param><value></value></param></params></methodCall>";
    expect(unpackMethodCall(xml).params).toEqual([" x y ", "", ""]);
  });

  test("every scalar type, i4 and i8 among them, with whitespace around typed elements", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment -->
      <methodCall>
        <methodName>a.b</methodName>
        <params>
          <param><value> <i4> -7 </i4> </value></param>
          <param><value><i8>9007199254740991</i8></value></param>
          <param><value><boolean>0</boolean></value></param>
          <param><value><double>-1.25e3</double></value></param>
          <param><value><nil/></value></param>
          <param><value><dateTime.iso8601>20261122T10:51:00</dateTime.iso8601></value></param>
          <param><value><base64>aGk=
          </base64></value></param>
          <param><value><string><![CDATA[<raw & text>]]></string></value></param>
          <param><value><string>&#x263A;&#9731;&quot;&apos;</string></value></param>
          <param><value><array><data/></array></value></param>
          <param><value><struct/></value></param>
        </params>
      </methodCall>`;
    expect(unpackMethodCall(xml).params).toEqual([
      -7,
      9007199254740991,
      false,
      -1250,
      null,
      new Date(Date.UTC(2026, 10, 22, 10, 51, 0)),
      new TextEncoder().encode("hi"),
      "<raw & text>",
      "\u263a\u2603\"'",
      [],
      {},
    ]);
  });

  test("a struct member named __proto__ stays plain data", () => {
    const xml = "<methodCall><methodName>a.b</methodName><params><param><value><struct><member><name>__proto__</name><value><int>1</int></value></member></struct></value></param></params></methodCall>";
    const [s] = unpackMethodCall(xml).params as [Record<string, unknown>];
    expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
    expect(Object.keys(s)).toEqual(["__proto__"]);
  });

  test("a fault response reads back as code and string", () => {
    const xml = packMethodResponse({ kind: "fault", faultCode: 70, faultString: "NOT_RUNNING: foo" });
    expect(unpackMethodResponse(xml)).toEqual({ kind: "fault", faultCode: 70, faultString: "NOT_RUNNING: foo" });
  });
});
