// --health-http: one GET, 2xx or 3xx is healthy (redirects are not followed:
// a 302 to a login page still says the server answers). The timeout covers
// the connection and the response head; the body is never read.
import { describeTimeout, HEALTHY, type ProbeResult, type RunningProbe, unhealthy } from "./probe.ts";

export function startHttpProbe(url: string, timeoutMs: number): RunningProbe {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  // keepalive off: a pooled connection to the previous child would fail the
  // first probe of a restarted one for no fault of its own.
  const result = fetch(url, { signal: abort.signal, redirect: "manual", keepalive: false }).then(
    async (res): Promise<ProbeResult> => {
      clearTimeout(timer);
      await res.body?.cancel().catch(() => {});
      return res.status >= 200 && res.status < 400 ? HEALTHY : unhealthy(`HTTP ${res.status}`);
    },
    (e: unknown): ProbeResult => {
      clearTimeout(timer);
      if (timedOut) return unhealthy(describeTimeout(timeoutMs));
      const code = (e as { code?: string }).code;
      return unhealthy(`GET failed: ${code ?? (e instanceof Error ? e.message : String(e))}`);
    },
  );
  return {
    result,
    cancel() {
      clearTimeout(timer);
      abort.abort();
    },
  };
}
