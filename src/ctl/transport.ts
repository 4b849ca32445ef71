// One XML-RPC call over HTTP, as supervisor's SupervisorTransport makes it:
// POST /RPC2 with text/xml, basic auth when configured. Failures come back as
// three kinds supervisorctl tells apart: the connection could not be made
// (ENOENT / ECONNREFUSED / other), the server answered HTTP != 200 (401 means
// "Server requires authentication"), or the method answered a fault.
import { packMethodCall, unpackMethodResponse, XmlError, type XmlRpcValue } from "../supervisord/xmlrpc.ts";
import { fetchTarget, type Endpoint } from "./endpoint.ts";

/** The socket could not be reached. `code` is the errno name (ENOENT, ECONNREFUSED, ...). */
export class ConnectError extends Error {
  override name = "ConnectError";
  constructor(
    readonly code: string,
    readonly url: string,
  ) {
    super(`${url}: cannot connect (${code})`);
  }
}

/** The server answered with an HTTP status other than 200. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`HTTP ${status} ${reason}`.trimEnd());
  }
}

/** An XML-RPC fault as the server sent it. */
export class RemoteFault extends Error {
  override name = "RemoteFault";
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`<Fault ${faultCode}: '${faultString}'>`);
  }
}

function connectCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" && code ? code : "ECONNRESET";
}

export async function rpcCall(endpoint: Endpoint, method: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue> {
  const target = fetchTarget(endpoint, "/RPC2");
  const headers: Record<string, string> = { "Content-Type": "text/xml", Accept: "text/xml" };
  if (endpoint.authorization) headers.Authorization = endpoint.authorization;
  let response: Response;
  try {
    response = await fetch(target.url, { method: "POST", body: packMethodCall({ methodName: method, params: [...params] }), headers, unix: target.unix } as RequestInit);
  } catch (e) {
    throw new ConnectError(connectCode(e), endpoint.url);
  }
  const body = await response.text();
  if (response.status !== 200) throw new ProtocolError(response.status, response.statusText);
  let decoded;
  try {
    decoded = unpackMethodResponse(body);
  } catch (e) {
    if (e instanceof XmlError) throw new ProtocolError(200, `unreadable response to ${method}: ${e.message}`);
    throw e;
  }
  if (decoded.kind === "fault") throw new RemoteFault(decoded.faultCode, decoded.faultString);
  return decoded.value;
}
