// Reading what monitor captured into a log file, with bounded waits.
import { existsSync, readFileSync } from "node:fs";
import { pollUntil, type Run } from "./monitor.ts";

export function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

/** Lines of PATH.N ... PATH.1, PATH (oldest first). */
export function rotatedText(path: string, backups: number): string {
  let text = "";
  for (let i = backups; i >= 1; i--) text += readText(`${path}.${i}`);
  return text + readText(path);
}

export async function waitForFileLine(path: string, re: RegExp, timeoutMs = 5000): Promise<RegExpMatchArray> {
  return pollUntil(() => {
    for (const l of readText(path).split("\n")) {
      const m = l.match(re);
      if (m) return m;
    }
    return undefined;
  }, timeoutMs, `${re} in ${path} (have: ${JSON.stringify(readText(path).slice(-300))})`);
}

/** The fixture's ready line, read from the log file; its group is tracked for cleanup. */
export async function waitReadyInFile(run: Run, path: string, timeoutMs = 5000): Promise<{ pid: number; pgid: number }> {
  const m = await waitForFileLine(path, /ready pid=(\d+) pgid=(\d+)/, timeoutMs);
  const pid = Number(m[1]);
  const pgid = Number(m[2]);
  run.track(pgid, "pgid");
  return { pid, pgid };
}
