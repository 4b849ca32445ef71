// POST /RPC2: one XML-RPC call in, one methodResponse out, as supervisord's
// handler answers it. A body that is not an XML-RPC call, or a method other
// than POST, is 400 (what supervisord answers) and the connection is closed
// by the wire layer only if the request itself was unreadable.
import { respond, type MethodTable } from "../rpc/dispatch.ts";
import type { RpcContext } from "../rpc/method.ts";
import { packMethodResponse, unpackMethodCall, XmlError, type MethodCall } from "../xmlrpc.ts";
import { textResponse } from "./responses.ts";
import type { Route } from "./routes.ts";

export interface RpcRouteHooks {
  onBadRequest?(why: string): void;
  /** After each answer, with its size (serve collects the garbage big answers leave). */
  onAnswered?(bytes: number): void;
}

export function rpcRoute(ctx: RpcContext, methods: () => MethodTable, hooks: RpcRouteHooks = {}): Route {
  return {
    prefix: "/RPC2",
    async handle(req) {
      if (req.method !== "POST") return textResponse(400, "XML-RPC requests are POSTed to /RPC2\n");
      let call: MethodCall;
      try {
        call = unpackMethodCall(await req.text());
      } catch (e) {
        const why = e instanceof XmlError ? e.message : String(e);
        hooks.onBadRequest?.(why);
        return textResponse(400, `${why}\n`);
      }
      const response = await respond(ctx, methods(), call.methodName, call.params);
      const answer = textResponse(200, packMethodResponse(response), "text/xml");
      hooks.onAnswered?.(Number(answer.headers.get("content-length")));
      return answer;
    },
  };
}
