// Malformed requests: each is refused with one XmlError line naming the fault.
import { expect, test } from "bun:test";
import { unpackMethodCall, unpackMethodResponse, XmlError } from "../../../src/supervisord/xmlrpc.ts";

const call = (params: string) => `<methodCall><methodName>a.b</methodName><params>${params}</params></methodCall>`;
const param = (v: string) => call(`<param><value>${v}</value></param>`);

const cases: [string, string, RegExp][] = [
  ["empty body", "", /no root element/],
  ["not XML", "garbage", /text outside the root element/],
  ["unclosed root", "<methodCall><methodName>a.b</methodName>", /<methodCall> is not closed/],
  ["crossed tags", "<methodCall><methodName>a.b</params></methodCall>", /'<\/params>' does not close <methodName>/],
  ["wrong root", "<methodResponse/>", /root element is <methodResponse>, expected <methodCall>/],
  ["no method name", "<methodCall><params/></methodCall>", /no method name/],
  ["blank method name", "<methodCall><methodName>  </methodName></methodCall>", /no method name/],
  ["DOCTYPE", '<!DOCTYPE x [<!ENTITY a "b">]><methodCall/>', /DOCTYPE/],
  ["unknown entity", "<methodCall><methodName>&foo;</methodName></methodCall>", /bad entity reference/],
  ["reference to NUL", "<methodCall><methodName>&#0;</methodName></methodCall>", /invalid character 0/],
  ["raw control character", "<methodCall><methodName>a\u0001</methodName></methodCall>", /U\+0001 is not allowed/],
  ["two roots", "<methodCall><methodName>a.b</methodName></methodCall><methodCall/>", /second root element/],
  ["unknown type", param("<float>1</float>"), /unknown type <float>/],
  ["int with letters", param("<int>12a</int>"), /<int> holds '12a', not an integer/],
  ["int too large", param("<int>99999999999999999999</int>"), /out of range/],
  ["boolean 2", param("<boolean>2</boolean>"), /<boolean> holds '2'/],
  ["double word", param("<double>one</double>"), /<double> holds 'one'/],
  ["bad base64", param("<base64>a*b=</base64>"), /<base64>/],
  ["bad date", param("<dateTime.iso8601>20261340T10:00:00</dateTime.iso8601>"), /not a date/],
  ["array without data", param("<array><value><int>1</int></value></array>"), /<array> holds <value> where <data> belongs/],
  ["two values in a value", param("<int>1</int><int>2</int>"), /exactly one element/],
  ["text beside a typed value", param("x<int>1</int>"), /mixes text/],
  ["member without value", param("<struct><member><name>a</name></member></struct>"), /<member> without <value>/],
  ["param without value", call("<param><int>1</int></param>"), /<param> holds <int> where <value> belongs/],
  ["stray element in params", call("<value><int>1</int></value>"), /<params> holds <value> where <param> belongs/],
  ["unclosed comment", "<methodCall><!-- x", /'-->'/],
];

for (const [what, xml, message] of cases) {
  test(`${what} is refused with one line saying so`, () => {
    let error: unknown;
    try {
      unpackMethodCall(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
}

test("values nested 300 deep are refused rather than overflowing the stack", () => {
  const deep = "<array><data><value>".repeat(300) + "x" + "</value></data></array>".repeat(300);
  expect(() => unpackMethodCall(param(deep))).toThrow(/nested deeper than/);
});

test("the error names the line and column of the fault", () => {
  expect(() => unpackMethodCall("<methodCall>\n  <methodName>a.b</methodName>\n  <params><</params>\n</methodCall>")).toThrow(/line 3, column 12: expected an element name/);
});

test("a response without exactly one value, or a fault without its members, is refused", () => {
  expect(() => unpackMethodResponse("<methodResponse><params></params></methodResponse>")).toThrow(/exactly one value/);
  expect(() => unpackMethodResponse("<methodResponse><fault><value><struct></struct></value></fault></methodResponse>")).toThrow(/faultCode/);
});

test("a contrast case: the well-formed version of a refused request is accepted", () => {
  expect(unpackMethodCall(param("<int>12</int>")).params).toEqual([12]);
});
