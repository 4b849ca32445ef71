// `tail -f` and `maintail -f`: a GET of /logtail/... (or /mainlogtail) whose
// body supervisord streams as it is written; every chunk goes to stdout as
// it arrives. Ctrl-C ends it with an empty line and status 0, as in
// supervisorctl; so does the server closing the stream. A refused read is
// supervisorctl's stderr line (`URL Cannot read, status code 404`), and
// monitor then exits 1 where supervisorctl exits 0.
import { writeSync } from "node:fs";
import type { Controller } from "./controller.ts";
import { fetchTarget } from "./endpoint.ts";
import { LSB } from "./exit-status.ts";

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
}

export async function follow(ctl: Controller, path: string): Promise<void> {
  ctl.output("==> Press Ctrl-C to exit <==");
  const url = ctl.endpoint.url + path;
  const target = fetchTarget(ctl.endpoint, path);
  const abort = new AbortController();
  let interrupted = false;
  const onInt = () => {
    interrupted = true;
    abort.abort();
  };
  process.on("SIGINT", onInt);
  try {
    const headers: Record<string, string> = { Accept: "*/*" };
    if (ctl.endpoint.authorization) headers.Authorization = ctl.endpoint.authorization;
    const response = await fetch(target.url, { headers, unix: target.unix, signal: abort.signal } as RequestInit);
    if (response.status !== 200) {
      process.stderr.write(`${url} Cannot read, status code ${response.status}\n`);
      ctl.exitstatus = LSB.GENERIC;
      return;
    }
    for await (const chunk of response.body!) writeAll(1, chunk as Uint8Array);
  } catch (e) {
    if (!interrupted) {
      process.stderr.write(`${url} Cannot connect, error: ${(e as { code?: string }).code ?? String(e)}\n`);
      ctl.exitstatus = LSB.GENERIC;
    }
  } finally {
    process.off("SIGINT", onInt);
    if (interrupted) ctl.output("");
  }
}
