// The client benchmark: one `status` (and one `pid all`) through Debian's
// supervisorctl and through `monitor ctl`, against the same server with N
// programs (Debian's supervisord, then `monitor serve`), measured by
// hyperfine in one run. Both clients ask the same server the same XML-RPC
// calls. JSON in bench/results/.
//   bun bench/ctl.ts [--quick]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runChecked } from "./lib/run-command.ts";

const ROOT = resolve(import.meta.dir, "..");
const MONITOR = resolve(ROOT, "dist/monitor");

interface Figures {
  meanMs: number;
  stddevMs: number;
}

async function hyperfine(commands: string[], runs: number, out: string): Promise<Figures[]> {
  await runChecked(["hyperfine", "--style", "none", "--warmup", "3", "--runs", String(runs), "--export-json", out, ...commands], 300_000, "hyperfine");
  const json = JSON.parse(readFileSync(out, "utf8")) as { results: { mean: number; stddev: number }[] };
  return json.results.map((r) => ({ meanMs: r.mean * 1000, stddevMs: r.stddev * 1000 }));
}

type Row = [server: string, action: string, supervisorctl: Figures, monitor: Figures];

async function against(server: "supervisord" | "monitor serve", programs: number, runs: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "monitor-bench-ctl-"));
  const conf = join(dir, "supervisord.conf");
  const sections = Array.from({ length: programs }, (_, i) => `[program:p${i}]\ncommand=sleep 3600\nstartsecs=0\n`).join("\n");
  writeFileSync(
    conf,
    `[unix_http_server]\nfile=${dir}/s.sock\n[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\nnodaemon=true\nchildlogdir=${dir}\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n[supervisorctl]\nserverurl=unix://${dir}/s.sock\n${sections}`,
  );
  const command = server === "supervisord" ? ["/usr/bin/supervisord", "-c", conf] : [MONITOR, "serve", "-c", conf];
  const sd = Bun.spawn(command, { stdout: "ignore", stderr: "ignore", cwd: dir });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = Bun.spawnSync(["/usr/bin/supervisorctl", "-c", conf, "status"]);
      if (r.exitCode === 0) break;
      if (Date.now() > deadline) throw new Error(`bench: ${server}'s programs did not all reach RUNNING in 60 s`);
      await Bun.sleep(200);
    }
    const rows: Row[] = [];
    for (const action of ["status", "pid all"]) {
      const [theirs, ours] = await hyperfine([`/usr/bin/supervisorctl -c ${conf} ${action}`, `${MONITOR} ctl -c ${conf} ${action}`], runs, join(dir, "hf.json"));
      rows.push([server, action, theirs!, ours!]);
    }
    return rows;
  } finally {
    sd.kill("SIGTERM");
    await Promise.race([sd.exited, Bun.sleep(20_000)]);
    if (sd.exitCode === null) sd.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const programs = quick ? 20 : 100;
  const runs = quick ? 10 : 30;
  const rows = [...(await against("supervisord", programs, runs)), ...(await against("monitor serve", programs, runs))];
  const ms = (f: Figures) => `${f.meanMs.toFixed(1)} ± ${f.stddevMs.toFixed(1)}`.padStart(13);
  const lines = [`${programs} programs, ${runs} runs each (mean ± stddev, ms)`, "server         action    supervisorctl     monitor ctl   monitor/supervisorctl"];
  for (const [server, action, t, o] of rows) lines.push(`${server.padEnd(14)} ${action.padEnd(9)} ${ms(t)}   ${ms(o)}   ${(o.meanMs / t.meanMs).toFixed(2)}x`);
  process.stdout.write(`${lines.join("\n")}\n`);
  mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
  const json = rows.map(([server, action, supervisorctl, monitor]) => ({ server, action, supervisorctl, monitor }));
  writeFileSync(resolve(ROOT, "bench/results/ctl.json"), JSON.stringify({ programs, runs, rows: json }, null, 2));
  return 0;
}

if (import.meta.main) main(process.argv.slice(2)).then((s) => process.exit(s), (e) => (process.stderr.write(`${e instanceof Error ? e.message : e}\n`), process.exit(1)));
