// `--metrics=HOST:PORT`: where the metrics server listens. HOST is a name or
// an address, `[::1]` for IPv6, or empty for every interface (`:9100`, as
// Prometheus exporters take it); PORT 0 lets the kernel pick one (logged).
import { UsageError } from "../errors.ts";

export interface ListenHostPort {
  readonly hostname: string;
  readonly port: number;
}

export function parseHostPort(value: string, option: string): ListenHostPort {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`${option}: '${value}' is not HOST:PORT (expected e.g. 127.0.0.1:9100, [::1]:9100 or :9100)`);
  const hostname = m[1] ?? (m[2] === "" ? "0.0.0.0" : m[2]!);
  return { hostname, port };
}

/** `127.0.0.1:9100`, `[::1]:9100`: the address as a URL authority. */
export function formatHostPort(hostname: string, port: number): string {
  return hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}
