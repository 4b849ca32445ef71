// Basic auth as supervisord's http server checks it: with username and
// password set every request needs `Authorization: Basic ...`; the password
// may be written as `{SHA}` + hex SHA-1 of the real one. Anything else gets
// 401 with a challenge (supervisorctl then says "Server requires authentication").
import { createHash, timingSafeEqual } from "node:crypto";
import type { Credentials } from "../config.ts";

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the request's Authorization header carries these credentials. */
export function isAuthorized(header: string | null, auth: Credentials): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return false;
  const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (!sameText(user, auth.username)) return false;
  if (auth.password.startsWith("{SHA}")) {
    const hex = createHash("sha1").update(password).digest("hex");
    return sameText(hex, auth.password.slice(5).toLowerCase());
  }
  return sameText(password, auth.password);
}

export function unauthorized(): Response {
  const body = "Unauthorized\n";
  return new Response(body, {
    status: 401,
    headers: { "WWW-Authenticate": 'Basic realm="default"', "Content-Type": "text/plain", "Content-Length": String(body.length) },
  });
}
