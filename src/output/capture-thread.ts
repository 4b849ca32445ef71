// The capture thread as monitor's event loop sees it: a Bun Worker started on
// first use, commands written down its control pipe, events back by
// postMessage, and requests that resolve when the thread says "done".
// Commands are gathered and written together (coalesce.ts): starting a
// thousand programs is then a few writes and wake-ups of the thread.
import { closeSync, writeSync } from "node:fs";
import { makePipe, setPipeSize } from "../sys/libc.ts";
import { type CaptureEvent, type Command, encodeCommand } from "./capture-protocol.ts";
import { coalescer } from "./coalesce.ts";

/** In dist/monitor the worker is the second entry point, stored by its path
 *  under src/ (package.json's build); from source it sits beside this file. */
function workerEntry(): string {
  if (Bun.main.startsWith("/$bunfs/")) return "./output/capture-worker.ts";
  return new URL("./capture-worker.ts", import.meta.url).href;
}

export class CaptureThread {
  private worker: Worker | null = null;
  private control: [number, number] | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, () => void>();
  private readonly commands = coalescer((text) => {
    const bytes = Buffer.from(text);
    // A signal can cut a big write to a pipe short: go on from where it stopped.
    for (let at = 0; this.control && at < bytes.byteLength; ) at += writeSync(this.control[1], bytes, at);
  });

  /** `crashed`: the thread died (an uncaught error); the caller starts it again by sending. */
  constructor(
    private readonly onEvent: (e: CaptureEvent) => void,
    private readonly crashed: (why: string) => void,
  ) {}

  get running(): boolean {
    return this.worker !== null;
  }

  send(c: Command): void {
    this.start();
    this.commands.push(encodeCommand(c));
  }

  /** Send a command that carries a seq; resolves once it has been carried out (at once when no thread runs). */
  request(make: (seq: number) => Command): Promise<void> {
    if (!this.worker) return Promise.resolve();
    const seq = ++this.seq;
    const done = new Promise<void>((resolve) => this.waiting.set(seq, resolve));
    this.send(make(seq));
    return done;
  }

  /** Ask the thread to finish (drain, close files), bounded, then end it. */
  async close(boundMs: number): Promise<void> {
    if (this.worker) {
      const done = this.request((seq) => ({ op: "close", seq }));
      await Promise.race([done, Bun.sleep(boundMs)]);
    }
    this.stop();
  }

  /** End the thread at once; pending requests resolve. */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
    // A fresh control pipe next time: the old one may hold half a command.
    if (this.control) for (const fd of this.control) closeSync(fd);
    this.control = null;
    this.commands.drop();
  }

  private start(): void {
    if (this.worker) return;
    this.control = makePipe();
    // Room for a thousand programs' commands at once (the thread reads as they come anyway).
    setPipeSize(this.control[1], 1 << 20);
    const worker = new Worker(workerEntry());
    worker.onmessage = (e: MessageEvent<CaptureEvent | { type: "failed" }>) => {
      const event = e.data;
      if (event.type === "failed") return this.crash("uncaught error");
      if (event.type === "done") {
        this.waiting.get(event.seq)?.();
        this.waiting.delete(event.seq);
      }
      this.onEvent(event);
    };
    worker.onerror = (e) => this.crash(e.message);
    // The thread never keeps monitor alive: monitor's own run decides when to exit.
    worker.unref();
    worker.postMessage({ controlFd: this.control[0] });
    this.worker = worker;
  }

  private crash(why: string): void {
    this.stop();
    this.crashed(why);
  }
}
