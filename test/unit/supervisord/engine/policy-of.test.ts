import { describe, expect, test } from "bun:test";
import { computeBackoffDelay } from "../../../../src/policy/backoff.ts";
import { parseConfigText } from "../../../../src/supervisord/config.ts";
import { policyOf } from "../../../../src/supervisord/engine/policy-of.ts";

function specOf(keys: string) {
  const c = parseConfigText(`[supervisord]\n[program:x]\ncommand=sleep 1\n${keys}\n`, "/tmp/supervisord.conf", {}, { cwd: "/tmp", hostname: "h", accounts: { users: [], groups: [] } });
  return c.processes[0]!;
}

describe("a supervisord process as the machine's policy", () => {
  test("startretries=N allows N+1 spawns, waiting 1 s, 2 s, 3 s between them, whatever autorestart says", () => {
    for (const autorestart of ["true", "false", "unexpected"]) {
      const p = policyOf(specOf(`startretries=3\nautorestart=${autorestart}`));
      expect(p.maxRetries).toBe(4);
      expect(p.retryFailedStarts).toBe(true);
      expect([1, 2, 3].map((n) => computeBackoffDelay(p, n))).toEqual([1000, 2000, 3000]);
    }
  });

  test("after a run that reached RUNNING the restart is immediate, as supervisord's", () => {
    expect(policyOf(specOf("")).restartDelayMs).toBe(0);
  });

  test("startretries=-1 retries forever, with backoff_factor and backoff_max shaping the delay", () => {
    const p = policyOf(specOf("startretries=-1\nbackoff_factor=3\nbackoff_max=20s"));
    expect(p.maxRetries).toBe(Infinity);
    expect([1, 2, 3, 4].map((n) => computeBackoffDelay(p, n))).toEqual([1000, 3000, 9000, 20000]);
  });

  test("autorestart, exitcodes, startsecs, stopsignal and stopwaitsecs carry over; essential programs are restarted by the engine only", () => {
    const p = policyOf(specOf("autorestart=true\nexitcodes=0,2\nstartsecs=5\nstopsignal=INT\nstopwaitsecs=3"));
    expect(p).toMatchObject({ restart: "always", exitCodes: [0, 2], startSecsMs: 5000, stopSignal: 2, stopTimeoutMs: 3000 });
    expect(policyOf(specOf("autorestart=true\nessential=true")).restart).toBe("never");
    expect(policyOf(specOf("healthcheck=true\nhealthcheck_retries=5")).healthRetries).toBe(5);
  });
});
