// Forwarding a signal from inside its handler, as tini's loop forwards it as
// soon as sigtimedwait returns. Through Bun a signal costs a trip through the
// event loop and a JS callback before kill(2) runs (some 50 us more than
// tini here); this handler, a few lines of C compiled in memory at start-up,
// calls kill(2) in the signal's own context. It reads the current child from
// `target` and the route of each signal (the signal to send after
// --map-signal, 0 to drop; group or child) from tables set beforehand, and
// counts what it delivered. Only signals that need no decision at delivery time
// take this path; shutdown signals stay with the event loop, which runs the
// stop sequence. Where the runtime cannot compile it, nothing changes: the
// event loop forwards, as before.
import { compileC, setSignalHandler, type Pointer } from "./libc.ts";

const SOURCE = `
int kill(int pid, int sig);
int *__errno_location(void);
static volatile int target;
static volatile int send_as[65];
static volatile int to_group[65];
static volatile unsigned int delivered[65];
void fwd_set_target(int pid) { target = pid; }
void fwd_route(int sig, int as, int group) { send_as[sig] = as; to_group[sig] = group; }
unsigned int fwd_delivered(int sig) { return delivered[sig]; }
static void fwd_handler(int sig) {
  int saved = *__errno_location(); /* a handler must leave errno as it found it */
  int t = target;
  int s = send_as[sig];
  if (t > 1 && s > 0 && kill(to_group[sig] ? -t : t, s) == 0) delivered[sig]++;
  *__errno_location() = saved;
}
void *fwd_handler_address(void) { return (void *)fwd_handler; }
`;

const DEFS = {
  fwd_set_target: { args: ["i32"], returns: "void" },
  fwd_route: { args: ["i32", "i32", "i32"], returns: "void" },
  fwd_delivered: { args: ["i32"], returns: "u32" },
  fwd_handler_address: { args: [], returns: "ptr" },
} as const;

export interface Route {
  /** The signal delivered (after --map-signal); 0 drops it. */
  readonly as: number;
  readonly group: boolean;
}

export interface NativeForwarding {
  /** The child signals go to now (null: none runs). */
  setTarget(pid: number | null): void;
  /** Signals delivered so far (kill succeeded). */
  delivered(): number;
}

/** Route `routes` through the native handler from now on; undefined when it cannot be built. */
export function installNativeForwarding(routes: ReadonlyMap<number, Route>, target: number | null): NativeForwarding | undefined {
  let fns: ReturnType<typeof compileC<typeof DEFS>>;
  try {
    fns = compileC("monitor-forward.c", SOURCE, DEFS);
  } catch {
    return undefined;
  }
  fns.fwd_set_target(target ?? 0);
  for (const [signal, r] of routes) fns.fwd_route(signal, r.as, r.group ? 1 : 0);
  const handler = fns.fwd_handler_address() as Pointer;
  for (const signal of routes.keys()) setSignalHandler(signal, handler);
  return {
    setTarget: (pid) => fns.fwd_set_target(pid ?? 0),
    delivered: () => [...routes.keys()].reduce((n, signal) => n + (fns.fwd_delivered(signal) as number), 0),
  };
}
