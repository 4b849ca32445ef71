// Runs one bench command to its end within a bound, keeping its output. The
// process is killed by pid if the bound passes (a hung supervisor must not
// hang the bench).

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export async function runCommand(argv: string[], timeoutMs: number): Promise<CommandResult> {
  const proc = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  try {
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    return { stdout, stderr, exitCode: await proc.exited };
  } finally {
    clearTimeout(timer);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }
}

/** Fails with the command's first stderr line when it did not exit 0. */
export async function runChecked(argv: string[], timeoutMs: number, what: string): Promise<string> {
  const r = await runCommand(argv, timeoutMs);
  if (r.exitCode !== 0) {
    const why = r.stderr.trim().split("\n").at(-1) ?? "";
    throw new Error(`bench: ${what} failed (exit ${r.exitCode}): ${why}`);
  }
  return r.stdout;
}

export function numbersIn(text: string): number[] {
  return text.trim().split("\n").filter(Boolean).map(Number);
}
