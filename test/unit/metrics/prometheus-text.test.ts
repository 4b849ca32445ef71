import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseHostPort } from "../../../src/metrics/address.ts";
import { monitorFamilies, programFamilies } from "../../../src/metrics/program-metrics.ts";
import { formatPrometheus, formatValue } from "../../../src/metrics/prometheus-text.ts";
import { UsageError } from "../../../src/errors.ts";

describe("formatPrometheus", () => {
  test("writes HELP, TYPE and one line per sample, labels in order", () => {
    const text = formatPrometheus([
      { name: "a_total", help: "A count.", type: "counter", samples: [{ value: 3 }] },
      { name: "b", help: "B.", type: "gauge", samples: [{ labels: { x: "1", y: "two" }, value: 0.5 }] },
    ]);
    expect(text).toBe('# HELP a_total A count.\n# TYPE a_total counter\na_total 3\n# HELP b B.\n# TYPE b gauge\nb{x="1",y="two"} 0.5\n');
  });

  test("escapes backslash, quote and newline in label values, backslash and newline in help", () => {
    const text = formatPrometheus([{ name: "m", help: "a\\b\nc", type: "gauge", samples: [{ labels: { p: 'x"y\\z\nw' }, value: 1 }] }]);
    expect(text).toContain("# HELP m a\\\\b\\nc\n");
    expect(text).toContain('m{p="x\\"y\\\\z\\nw"} 1\n');
  });

  test("any label value stays on one line and unescapes back to itself", () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        const line = formatPrometheus([{ name: "m", help: "h", type: "gauge", samples: [{ labels: { p: v }, value: 1 }] }]).split("\n")[2]!;
        const quoted = /^m\{p="(.*)"\} 1$/s.exec(line)![1]!;
        expect(quoted).not.toContain("\n");
        expect(quoted.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c))).toBe(v);
      }),
    );
  });

  test("special values are NaN, +Inf and -Inf; bad names are refused", () => {
    expect([NaN, Infinity, -Infinity, 0, 1.25].map(formatValue)).toEqual(["NaN", "+Inf", "-Inf", "0", "1.25"]);
    expect(() => formatPrometheus([{ name: "1bad", help: "", type: "gauge", samples: [] }])).toThrow(/bad metric name/);
    expect(() => formatPrometheus([{ name: "m", help: "", type: "gauge", samples: [{ labels: { "a-b": "x" }, value: 1 }] }])).toThrow(/bad label name/);
  });
});

describe("programFamilies", () => {
  test("one sample per program; the state as an enum; no last exit before the first one; uptime 0 without a child", () => {
    const text = formatPrometheus([
      ...programFamilies(
        [
          { name: "web", phase: "RUNNING", startedAt: 1000, restarts: 2, lastExit: { signal: 9 } },
          { name: "job", phase: "BACKOFF", startedAt: null, restarts: 0, lastExit: null },
        ],
        3500,
      ),
      ...monitorFamilies({ orphansReaped: 7, signalsForwarded: 1 }),
    ]);
    expect(text).toContain('monitor_program_up{program="web"} 1\nmonitor_program_up{program="job"} 0\n');
    expect(text).toContain('monitor_program_state{program="web",state="RUNNING"} 1\n');
    expect(text).toContain('monitor_program_state{program="job",state="BACKOFF"} 1\n');
    expect(text.match(/monitor_program_state\{program="web",state="\w+"\} 1/g)).toHaveLength(1);
    expect(text).toContain('monitor_program_last_exit_code{program="web"} 137\n');
    expect(text).not.toContain('monitor_program_last_exit_code{program="job"}');
    expect(text).toContain('monitor_program_uptime_seconds{program="web"} 2.5\nmonitor_program_uptime_seconds{program="job"} 0\n');
    expect(text).toContain("monitor_orphans_reaped_total 7\n");
    expect(text).toContain("monitor_signals_forwarded_total 1\n");
  });
});

describe("parseHostPort", () => {
  test("reads host:port, [v6]:port and :port (every interface)", () => {
    expect(parseHostPort("127.0.0.1:9100", "--metrics")).toEqual({ hostname: "127.0.0.1", port: 9100 });
    expect(parseHostPort("[::1]:0", "--metrics")).toEqual({ hostname: "::1", port: 0 });
    expect(parseHostPort(":9100", "--metrics")).toEqual({ hostname: "0.0.0.0", port: 9100 });
    expect(parseHostPort("metrics.local:80", "--metrics")).toEqual({ hostname: "metrics.local", port: 80 });
  });

  test.each(["9100", "host:", "host:99999", "::1:9100", "[::1]", "a b:1"])("refuses %j", (v) => {
    expect(() => parseHostPort(v, "--metrics")).toThrow(UsageError);
  });
});
