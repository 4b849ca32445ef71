// What monitor's event loop and the capture thread say to each other. Commands
// go down a pipe as JSON lines (the thread is blocked in epoll_wait(2), not in its
// event loop, so a pipe is what can wake it); events come back with
// postMessage, which the thread can send while it never returns to its loop.
import type { LogFileSpec, Notice } from "./logfile.ts";

export type Command =
  | ({ op: "open-log"; id: number; fd: number } & LogFileSpec)
  /** A pipe to read until every writer is gone (`id` names the pipe). */
  | { op: "add-source"; id: number; name: string; fd: number; sink: number | null; tee: number | null; timestamps: boolean; tap: boolean }
  /** Drain what is in these pipes (null: every pipe) now, then write each held partial line with a newline (the child exited). */
  | { op: "flush"; seq: number; ids: number[] | null }
  | { op: "remove-source"; id: number; seq: number }
  | { op: "close-log"; id: number; seq: number }
  | { op: "reopen-logs"; seq: number }
  | { op: "clear-log"; id: number; seq: number }
  /** Drain, flush, close every file and return from the thread's loop. */
  | { op: "close"; seq: number };

export type CaptureEvent =
  | ({ type: "notice" } & Notice)
  /** A tapped source's output, as it went to its file (whole lines, stamped). */
  | { type: "output"; source: number; bytes: Uint8Array }
  /** Every writer of a pipe has closed it; the thread has closed its read end. */
  | { type: "eof"; source: number }
  /** The command with this seq has been carried out. */
  | { type: "done"; seq: number };

export function encodeCommand(c: Command): string {
  return `${JSON.stringify(c)}\n`;
}

/** Split the control pipe's bytes into commands; returns the unfinished tail. */
export function decodeCommands(text: string, out: Command[]): string {
  let start = 0;
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
    out.push(JSON.parse(text.slice(start, nl)) as Command);
    start = nl + 1;
  }
  return text.slice(start);
}
