// XML-RPC messages: methodCall and methodResponse (value or fault), packed in
// the exact layout of Python's xmlrpc.client.dumps, which supervisord sends and
// supervisorctl reads. Pure; malformed input throws XmlError with one line
// saying what was wrong and where.
import { parseXmlTree, XmlError, type XmlElement } from "./xml-tree.ts";
import { escapeXml, onlyChild, packValue, unpackValue, type XmlRpcStruct, type XmlRpcValue } from "./xmlrpc-value.ts";

export { XmlError } from "./xml-tree.ts";
export type { XmlRpcStruct, XmlRpcValue } from "./xmlrpc-value.ts";

export interface MethodCall {
  readonly methodName: string;
  readonly params: XmlRpcValue[];
}

export type MethodResponse =
  | { readonly kind: "value"; readonly value: XmlRpcValue }
  | { readonly kind: "fault"; readonly faultCode: number; readonly faultString: string };

const HEADER = "<?xml version='1.0'?>\n";

function bad(what: string): never {
  throw new XmlError(`malformed XML-RPC: ${what}`);
}

function rootOf(xml: string, name: string): XmlElement {
  const root = parseXmlTree(xml);
  if (root.name !== name) bad(`the root element is <${root.name}>, expected <${name}>`);
  if (root.text.trim() !== "") bad(`<${name}> holds text`);
  return root;
}

function unpackParams(params: XmlElement): XmlRpcValue[] {
  if (params.text.trim() !== "") bad("<params> holds text");
  return params.children.map((p) => {
    if (p.name !== "param") bad(`<params> holds <${p.name}> where <param> belongs`);
    return unpackValue(onlyChild(p, "value"));
  });
}

export function packMethodCall(call: MethodCall): string {
  const params = call.params.map((p) => `<param>\n${packValue(p)}</param>\n`).join("");
  return `${HEADER}<methodCall>\n<methodName>${escapeXml(call.methodName)}</methodName>\n<params>\n${params}</params>\n</methodCall>\n`;
}

/** Reads a request body. <params> may be absent (no arguments), as supervisord allows. */
export function unpackMethodCall(xml: string): MethodCall {
  const root = rootOf(xml, "methodCall");
  let methodName: string | undefined;
  let params: XmlRpcValue[] = [];
  for (const child of root.children) {
    if (child.name === "methodName" && methodName === undefined) {
      if (child.children.length > 0) bad("<methodName> must hold text");
      methodName = child.text.trim();
    } else if (child.name === "params") params = unpackParams(child);
    else bad(`<methodCall> holds <${child.name}>`);
  }
  if (!methodName) bad("no method name");
  return { methodName, params };
}

export function packMethodResponse(response: MethodResponse): string {
  if (response.kind === "fault") {
    const fault: XmlRpcStruct = { faultCode: response.faultCode, faultString: response.faultString };
    return `${HEADER}<methodResponse>\n<fault>\n${packValue(fault)}</fault>\n</methodResponse>\n`;
  }
  return `${HEADER}<methodResponse>\n<params>\n<param>\n${packValue(response.value)}</param>\n</params>\n</methodResponse>\n`;
}

export function unpackMethodResponse(xml: string): MethodResponse {
  const root = rootOf(xml, "methodResponse");
  const body = onlyChild(root);
  if (body.name === "fault") {
    const fault = unpackValue(onlyChild(body, "value"));
    const { faultCode, faultString } = (fault ?? {}) as XmlRpcStruct;
    if (typeof faultCode !== "number" || typeof faultString !== "string") bad("<fault> without an int faultCode and a string faultString");
    return { kind: "fault", faultCode, faultString };
  }
  if (body.name !== "params") bad(`<methodResponse> holds <${body.name}>`);
  const params = unpackParams(body);
  if (params.length !== 1) bad(`a response carries exactly one value, not ${params.length}`);
  return { kind: "value", value: params[0]! };
}
