// Keeping an idle server small without waking it. Bun's GC timer is off
// (quiet-runtime.ts) and mimalloc keeps the pages it once held, so RSS is the
// heap's high-water mark: the garbage of a big answer (getAllProcessInfo of
// 1000 processes is a megabyte of XML, several more in strings on the way)
// is collected as soon as it is sent, that of small ones once a burst is
// over. Start-up's own pages of the executable are given back once (as
// single mode does). No timer is re-armed while idle.
import type { Log } from "../../log.ts";
import { pageOutExecutable } from "../../sys/page-out.ts";

const COLLECT_AFTER_MS = 500;
const BIG_ANSWER_BYTES = 256 * 1024;
const PAGE_OUT_AFTER_MS = 3000;

export class IdleMemory {
  private collect: Timer | undefined;
  private pageOut: Timer | undefined;

  constructor(private readonly log: Log) {}

  /** An answer of `bytes` was made. */
  answered(bytes: number): void {
    clearTimeout(this.collect);
    this.collect = setTimeout(() => Bun.gc(true), bytes > BIG_ANSWER_BYTES ? 0 : COLLECT_AFTER_MS);
  }

  /** The first starts are made: start-up is over. */
  started(): void {
    this.pageOut = setTimeout(() => {
      Bun.gc(true);
      this.log.debug(`paged out ${(pageOutExecutable() / 2 ** 20).toFixed(0)} MB of start-up mappings`);
    }, PAGE_OUT_AFTER_MS);
  }

  close(): void {
    clearTimeout(this.collect);
    clearTimeout(this.pageOut);
  }
}
