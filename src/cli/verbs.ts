// The verbs monitor answers to besides single-program mode, as data. Each
// verb module exports `run(argv)`, resolving to monitor's exit status.
// Loaded lazily so `monitor PROGRAM` pays for none of them at start-up.

export type VerbRun = (argv: string[]) => Promise<number>;

export const verbs: Record<string, { summary: string; load: () => Promise<{ run: VerbRun }> }> = {
  supervise: { summary: "run DIR/run and keep it up, controlled by svc (daemontools' supervise DIR)", load: () => import("./supervise.ts") },
  scan: { summary: "supervise every service directory in DIR, default . (daemontools' svscan)", load: () => import("./scan.ts") },
  pgrphack: { summary: "run PROGRAM in a new process group (daemontools' pgrphack)", load: () => import("./pgrphack.ts") },
  fghack: { summary: "run PROGRAM until all its descendants close its descriptors (daemontools' fghack)", load: () => import("./fghack.ts") },
  svc: { summary: "control supervised services (daemontools' svc -udopchaitkx DIR...)", load: () => import("./svc.ts") },
  svstat: { summary: "print the status of supervised services (daemontools' svstat DIR...)", load: () => import("./svstat.ts") },
  svok: { summary: "exit 0 if a supervise runs in DIR, 100 if not (daemontools' svok)", load: () => import("./svok.ts") },
  ctl: { summary: "control monitor serve or supervisord over XML-RPC (supervisorctl's actions and output)", load: () => import("./ctl.ts") },
  serve: { summary: "run a supervisord.conf, driven by supervisorctl (monitor serve -c FILE)", load: () => import("./serve.ts") },
  // Hidden: the exec shim monitor starts itself as (src/shim/shim-args.ts SHIM_VERB).
  __exec: { summary: "(internal) set user or LISTEN_PID, then exec PROGRAM in place", load: () => import("./exec-shim.ts") },
  // Hidden: the middle step of --daemon (src/daemon/detach.ts DETACH_VERB).
  __detach: { summary: "(internal) start the detached monitor in this new session and exit", load: () => import("./detach.ts") },
};

/** Names that are verbs, so `monitor supervise DIR` is not PROGRAM=supervise. */
export function isVerb(word: string | undefined): word is string {
  return word !== undefined && Object.hasOwn(verbs, word);
}
