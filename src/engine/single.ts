// Single-program mode, top to bottom in the order things happen (tini's
// shape): reap, claim the terminal, start the child, forward signals, and
// when the machine says the program is done, clean up and return the status.
import type { SingleConfig } from "../cli/single-options.ts";
import type { Log } from "../log.ts";
import type { PolicyConfig } from "../policy/types.ts";
import { setChildSubreaper } from "../sys/libc.ts";
import { readStat } from "../sys/proc-tree.ts";
import { reaperStats, startReaper } from "../sys/reaper.ts";
import { FORWARDED_SIGNALS, SHUTDOWN_SIGNALS, signalNumber, SIGNALS } from "../sys/signals.ts";
import { claimTerminal, giveTerminal } from "../sys/terminal.ts";
import { signalName } from "../cli/values.ts";
import type { ExitStatus } from "../sys/wait-status.ts";
import { EXIT_TIMEOUT, finalStatus } from "./exit-status.ts";
import { decideForward, fixedRoutes, type ForwardConfig } from "./forward.ts";
import { installNativeForwarding, type NativeForwarding } from "../sys/native-forward.ts";
import { findStragglers, outputPipes, stopStragglers } from "./leftovers.ts";
import { ProgramRunner } from "./program.ts";
import { releaseHeldSignals } from "../sys/quiet-runtime.ts";
import type { Feature, SingleStats } from "./feature.ts";
import type { SpawnOptions } from "../sys/spawn.ts";
import { stopGroup } from "./stop-group.ts";
import { pageOutExecutable } from "../sys/page-out.ts";
import { isCompiled } from "../sys/self-command.ts";
import { childEnvironment } from "../child/child-options.ts";

export function policyFor(c: SingleConfig, features: readonly Feature[] = []): PolicyConfig {
  const base: PolicyConfig = {
    restart: c.restart,
    exitCodes: c.exitCodes,
    startSecsMs: c.startSecsMs,
    backoffMs: c.backoffMs,
    backoffFactor: c.backoffFactor,
    backoffMaxMs: c.backoffMaxMs,
    maxRetries: c.maxRetries,
    stopSignal: c.stopSignal,
    stopTimeoutMs: c.stopTimeoutMs,
    rollback: false,
    // SPEC 2: PROGRAM missing or not executable at the first start is a usage error.
    giveUpOnFirstExecFailure: true,
  };
  return features.reduce((p, f) => f.policy?.(p) ?? p, base);
}

export async function runSingle(c: SingleConfig, features: readonly Feature[], log: Log): Promise<number> {
  // Reap: as PID 1 every orphan reaches us; elsewhere only with --subreaper.
  startReaper();
  const isInit = process.pid === 1;
  if (c.subreaper && !isInit) setChildSubreaper();
  const reapsOrphans = isInit || c.subreaper;

  // Terminal: the child's group becomes the foreground group when we own it.
  const ttyFd = claimTerminal();
  const pipes = outputPipes();
  // SPEC 2: exactly monitor's environment plus --env-file and --env.
  const env = childEnvironment(c.child);
  let firstStart: number | undefined;
  const cleanups = new Set<Promise<unknown>>();
  const keptGroups = new Set<number>();

  let pagedOut = !isCompiled();
  let native: NativeForwarding | undefined;
  let resolveDone!: (s: ExitStatus) => void;
  const done = new Promise<ExitStatus>((r) => (resolveDone = r));
  const runner = new ProgramRunner(c.program, policyFor(c, features), {
    spawnOptions: () =>
      features.reduce<SpawnOptions>((o, f) => f.spawnOptions?.(o) ?? o, {
        program: c.program,
        args: c.args,
        env,
        foregroundFd: ttyFd,
        ...(c.child.cwd !== undefined && { cwd: c.child.cwd }),
        ...(c.child.umask !== undefined && { umask: c.child.umask }),
      }),
    onSpawned: (s) => {
      native?.setTarget(s.pid);
      firstStart ??= readStat(s.pid)?.startTime;
      if (ttyFd !== undefined && !s.tookForeground) giveTerminal(ttyFd, s.pid);
      for (const f of features) f.onSpawned?.(s);
    },
    onPromoted: (pid) => {
      if (ttyFd !== undefined) giveTerminal(ttyFd, pid);
    },
    rollback: () => features.some((f) => f.rollback?.() === true),
    onExit: (pid, status) => {
      native?.setTarget(runner.pid);
      for (const f of features) f.onExit?.(pid, status);
      // What is left of the child's group is stopped now, unless kept
      // (then it is stopped at shutdown).
      if (c.keepOrphans) {
        keptGroups.add(pid);
        return;
      }
      const p = stopGroup(pid, c.stopSignal, Date.now() + c.stopTimeoutMs).finally(() => cleanups.delete(p));
      cleanups.add(p);
    },
    onState: (from, to, reason) => {
      const line = `${c.program}: ${from} -> ${to} (${reason})`;
      if (to === "FATAL") log.error(line);
      else if (to === "BACKOFF") log.warn(line);
      else log.debug(line);
      for (const f of features) f.onState?.(from, to, reason);
      // The first time the program is up, start-up is over: give its pages back.
      if (to === "RUNNING" && !pagedOut) {
        pagedOut = true;
        setImmediate(() => {
          Bun.gc(true);
          log.debug(`paged out ${(pageOutExecutable() / 2 ** 20).toFixed(0)} MB of start-up mappings`);
        });
      }
    },
    onDone: (s) => resolveDone(s),
  }, log);

  // Forward: every catchable signal but SIGCHLD reaches the child as configured.
  const fwd: ForwardConfig = { mode: c.forward, map: c.mapSignal, stopSignal: c.stopSignal, shutdownSignals: SHUTDOWN_SIGNALS };
  let stopAt: number | undefined;
  // Counted here for the event loop's deliveries, by the native handler for its own.
  let forwardedHere = 0;
  const stats: SingleStats = {
    get signalsForwarded() {
      return forwardedHere + (native?.delivered() ?? 0);
    },
  };
  const onSignal = (signal: number) => {
    if (features.some((f) => f.onSignal?.(signal) === true)) return;
    const d = decideForward(signal, fwd);
    // Deliver before anything else: the child's latency is the measure.
    if (d.kind === "deliver") {
      const sent = d.target === "child" ? runner.signalChild(d.signal) : runner.signalOwnGroup(d.signal);
      if (sent) forwardedHere++;
    } else if (d.kind === "shutdown") {
      if (runner.pid !== null) forwardedHere++;
      stopAt ??= Date.now();
      runner.stop({ signal: d.signal, target: d.target });
    }
    if (log.level >= 4) log.debug(`received ${signalName(signal)}: ${d.kind}`);
  };
  const handlers = FORWARDED_SIGNALS.map((name) => {
    const h = () => onSignal(signalNumber(name));
    process.on(name, h);
    return [name, h] as const;
  });
  releaseHeldSignals();

  // Deadline: stop the group, exit 124, never restart.
  let timedOut = false;
  const deadline = c.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    stopAt ??= Date.now();
    log.warn(`${c.program}: deadline of ${c.timeoutMs} ms reached; stopping group`);
    runner.feed({ type: "deadline" });
  }, c.timeoutMs);

  // Signal listeners and a pending promise do not keep Bun's loop alive; a
  // timer this long never fires, so it costs no wake-ups while idle.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  for (const f of features) await f.setup?.({ config: c, log, runner, stats });
  runner.start();
  // Once the child runs: signals with a fixed route go through a native
  // handler from now on; not the ones a feature consumes, nor SIGPWR, which
  // the runtime uses to suspend its own threads.
  const eventLoopOnly = new Set([SIGNALS.SIGPWR, ...features.flatMap((f) => f.claimedSignals ?? [])]);
  native = installNativeForwarding(fixedRoutes(FORWARDED_SIGNALS.map(signalNumber), fwd, eventLoopOnly), runner.pid);
  log.debug(native ? "forwarding from a native signal handler" : "forwarding from the event loop");
  const status = await done;
  clearTimeout(deadline);
  runner.clearTimers();

  // Leftovers: group members (kept ones too, now), then stragglers.
  const killAt = (stopAt ?? Date.now()) + c.stopTimeoutMs;
  if (runner.lastPgid !== null) keptGroups.add(runner.lastPgid);
  for (const pgid of keptGroups) cleanups.add(stopGroup(pgid, c.stopSignal, killAt));
  await Promise.all(cleanups);
  if (firstStart !== undefined) {
    for (const f of features) for (const inode of f.outputPipes?.() ?? []) pipes.add(inode);
    const stragglers = findStragglers(pipes, firstStart, reapsOrphans);
    await stopStragglers(stragglers, c.stopSignal, Math.min(50, Math.max(0, killAt - Date.now())), log);
  }
  for (const f of features) await f.teardown?.();
  for (const [name, h] of handlers) process.off(name, h);
  clearInterval(keepAlive);
  if (reapsOrphans) log.debug(`orphans reaped: ${reaperStats.orphansReaped}`);
  if (native) log.debug(`signals delivered by the native handler: ${native.delivered()}`);
  if (timedOut) return EXIT_TIMEOUT;
  return finalStatus(status, c.remapExit);
}

export { SIGNALS };
