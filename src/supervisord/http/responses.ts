// Responses with a Content-Length, so the connection can stay open (the
// wire layer streams chunked only what has no length: the log tails).
const encoder = new TextEncoder();

export function textResponse(status: number, text: string, type = "text/plain;charset=utf-8", extra: Record<string, string> = {}): Response {
  const body = encoder.encode(text);
  return new Response(body, { status, headers: { "Content-Type": type, "Content-Length": String(body.length), ...extra } });
}
