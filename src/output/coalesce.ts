// Text gathered for one destination and handed over in one piece once the
// current task's synchronous work and microtasks are done (or `limit`
// characters have gathered, or flush() is called): starting a thousand
// programs is then a few writes and wake-ups of whoever reads, not thousands.
// Used for the capture thread's control pipe and monitor serve's main log.
export interface Coalescer {
  push(text: string): void;
  /** Hand over what has gathered now. */
  flush(): void;
  /** Forget what has gathered (its destination is gone). */
  drop(): void;
}

export function coalescer(write: (text: string) => void, limit = Number.POSITIVE_INFINITY): Coalescer {
  let pending = "";
  const flush = () => {
    const text = pending;
    pending = "";
    if (text) write(text);
  };
  return {
    push(text) {
      if (pending === "") queueMicrotask(flush);
      pending += text;
      if (pending.length >= limit) flush();
    },
    flush,
    drop: () => {
      pending = "";
    },
  };
}
