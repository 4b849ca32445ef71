// supervisord's HTTP servers for one config: every [unix_http_server] and
// [inet_http_server], each with its own credentials, all answering the same
// route table. On a restart (SIGHUP) servers whose settings did not change
// stay open, so clients are not cut off; changed ones are reopened.
import type { SupervisordConfig } from "../config.ts";
import { listenHttp, type HttpEndpoint, type HttpListener } from "../http/http-listen.ts";
import { routeRequests, type Route } from "../http/routes.ts";

interface Open {
  readonly key: string;
  readonly listener: HttpListener;
}

function endpointsOf(c: SupervisordConfig): { key: string; endpoint: HttpEndpoint; auth: SupervisordConfig["unixServers"][number]["auth"] }[] {
  return [
    ...c.unixServers.map((s) => ({ endpoint: { kind: "unix" as const, path: s.file, chmod: s.chmod, chown: s.chown }, auth: s.auth })),
    ...c.inetServers.map((s) => ({ endpoint: { kind: "inet" as const, host: s.host, port: s.port }, auth: s.auth })),
  ].map((e) => ({ ...e, key: JSON.stringify(e) }));
}

export class HttpServers {
  private open: Open[] = [];

  constructor(private readonly routes: () => readonly Route[]) {}

  get urls(): string[] {
    return this.open.map((o) => o.listener.url);
  }

  /** Open what `c` configures and close what it no longer does. Throws RuntimeError when one cannot listen. */
  async apply(c: SupervisordConfig): Promise<void> {
    const wanted = endpointsOf(c);
    const keep = this.open.filter((o) => wanted.some((w) => w.key === o.key));
    for (const o of this.open) if (!keep.includes(o)) o.listener.close();
    this.open = keep;
    for (const w of wanted) {
      if (this.open.some((o) => o.key === w.key)) continue;
      const listener = await listenHttp(w.endpoint, routeRequests(this.routes(), w.auth));
      this.open.push({ key: w.key, listener });
    }
  }

  close(): void {
    for (const o of this.open) o.listener.close();
    this.open = [];
  }
}
