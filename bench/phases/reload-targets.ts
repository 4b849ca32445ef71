// The two ways of restarting the same HTTP server under load that the reload
// benchmark compares: monitor's --reload-signal (the socket stays bound in
// monitor, the new server is ready before the old one stops) and
// supervisord's `supervisorctl restart` (stop, then start: the server binds
// the port itself each time). Each target starts, reloads, and cleans up by
// pid and process group.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runChecked } from "../lib/run-command.ts";
import { MONITOR_BIN } from "../lib/supervisors.ts";

const SERVER = resolve(import.meta.dir, "..", "..", "fixtures", "bun", "http-server.ts");
const BUN = process.execPath;

export interface ReloadTarget {
  readonly name: string;
  readonly url: string;
  /** One reload; resolves when the target says it is done (bounded). */
  reload(): Promise<void>;
  /** The pid answering now. */
  servingPid(): Promise<number>;
  stop(): Promise<void>;
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(10);
  }
}

async function pidAt(url: string): Promise<number> {
  const res = await fetch(url, { keepalive: false, signal: AbortSignal.timeout(5_000) });
  return Number(/pid=(\d+)/.exec(await res.text())?.[1]);
}

function killQuietly(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
}

/** Lines of a stream, kept as they come. */
function collect(stream: ReadableStream<Uint8Array>, lines: string[]): void {
  void (async () => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of stream) {
      const parts = (partial + decoder.decode(chunk, { stream: true })).split("\n");
      partial = parts.pop()!;
      lines.push(...parts);
    }
  })();
}

export async function startMonitor(): Promise<ReloadTarget> {
  const proc = Bun.spawn(
    [MONITOR_BIN, "--log-format=json", "--listen=tcp://127.0.0.1:0", "--ready=notify", "--reload-signal=HUP", "--", BUN, SERVER, "--ready=notify"],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  const out: string[] = [];
  const err: string[] = [];
  collect(proc.stdout as ReadableStream<Uint8Array>, out);
  collect(proc.stderr as ReadableStream<Uint8Array>, err);
  const count = (re: RegExp) => err.filter((l) => re.test(l)).length;
  await until(() => count(/is ready/) >= 1, 10_000, "monitor's server to be ready");
  const port = Number(/listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(err.join("\n"))![1]);
  const url = `http://127.0.0.1:${port}/`;
  let reloads = 0;
  return {
    name: "monitor --reload-signal",
    url,
    async reload() {
      reloads++;
      proc.kill("SIGHUP");
      await until(() => count(/reloaded: pid/) >= reloads || count(/reload failed/) > 0, 20_000, `monitor reload #${reloads}`);
      if (count(/reload failed/) > 0) throw new Error(`bench: monitor reload failed: ${err.find((l) => l.includes("reload failed"))}`);
    },
    servingPid: () => pidAt(url),
    async stop() {
      proc.kill("SIGTERM");
      await Promise.race([proc.exited, Bun.sleep(10_000)]);
      killQuietly(proc.pid);
      for (const l of out) {
        const m = /^ready pid=\d+ pgid=(\d+)/.exec(l);
        if (m) killQuietly(-Number(m[1]));
      }
    },
  };
}

/** A port free now, for the supervisord server to bind itself (the kernel's choice, not a fixed one). */
async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export async function startSupervisord(): Promise<ReloadTarget> {
  const dir = mkdtempSync(join(tmpdir(), "bench-reload-"));
  const port = await freePort();
  const sock = join(dir, "supervisor.sock");
  const conf = join(dir, "supervisord.conf");
  writeFileSync(
    conf,
    [
      "[supervisord]",
      `logfile=${join(dir, "supervisord.log")}`,
      `pidfile=${join(dir, "supervisord.pid")}`,
      "nodaemon=true",
      "[unix_http_server]",
      `file=${sock}`,
      "[rpcinterface:supervisor]",
      "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
      "[supervisorctl]",
      `serverurl=unix://${sock}`,
      "[program:srv]",
      `command=${BUN} ${SERVER} --bind=127.0.0.1:${port}`,
      "startsecs=1",
      "stopsignal=TERM",
      "stopwaitsecs=10",
      "stopasgroup=true",
      "killasgroup=true",
      `stdout_logfile=${join(dir, "srv.out")}`,
      "",
    ].join("\n"),
  );
  const proc = Bun.spawn(["supervisord", "-n", "-c", conf], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  const ctl = (...args: string[]) => runChecked(["supervisorctl", "-c", conf, ...args], 30_000, `supervisorctl ${args.join(" ")}`);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await ctl("status", "srv").catch(() => "");
    if (/RUNNING/.test(status)) break;
    if (Date.now() > deadline) throw new Error("bench: supervisord's srv did not reach RUNNING");
    await Bun.sleep(100);
  }
  return {
    name: "supervisorctl restart",
    url,
    reload: async () => void (await ctl("restart", "srv")),
    servingPid: () => pidAt(url),
    async stop() {
      const pids = readFileSync(join(dir, "srv.out"), "latin1").match(/pgid=(\d+)/g) ?? [];
      proc.kill("SIGTERM");
      await Promise.race([proc.exited, Bun.sleep(15_000)]);
      killQuietly(proc.pid);
      for (const p of pids) killQuietly(-Number(p.slice(5)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
