// `monitor serve -c FILE`, top to bottom in the order things happen, as
// supervisord's main loop: umask, reaper and subreaper, the main log, the
// pidfile, the HTTP servers, signal handlers, then every group in priority
// order with its autostart processes. It runs in the foreground until asked
// to stop: SIGTERM, SIGINT, SIGQUIT or supervisor.shutdown stop everything in
// reverse priority and exit 0; an essential program's failure does the same
// and exits non-zero; SIGHUP or supervisor.restart stop everything, read the
// config again and start over; SIGUSR2 reopens the log files.
import { unlinkSync, writeFileSync } from "node:fs";
import { createConsola } from "consola/core";
import { ConfigError, RuntimeError, UsageError } from "../../errors.ts";
import { setChildSubreaper } from "../../sys/libc.ts";
import { pageOutExecutable } from "../../sys/page-out.ts";
import { releaseHeldSignals } from "../../sys/quiet-runtime.ts";
import { startReaper } from "../../sys/reaper.ts";
import { readAccounts } from "../../child/accounts.ts";
import { resolveUser } from "../../child/user.ts";
import type { SupervisordConfig } from "../config.ts";
import { SupervisordEngine, type ActiveGroup } from "../engine/engine.ts";
import { logtailRoutes } from "../http/logtail-route.ts";
import { rpcRoute } from "../http/rpc-route.ts";
import type { Route } from "../http/routes.ts";
import { openMainLog, type MainLog } from "../main-log.ts";
import { buildMethodTable } from "../rpc/methods.ts";
import { stopInOrder } from "../engine/stop-order.ts";
import { clearAutoChildLogs } from "./childlog-cleanup.ts";
import { stopLeftovers } from "./leftovers.ts";
import { HttpServers } from "./servers.ts";

export interface ServeOptions {
  /** Reads the config file again (SIGHUP, reloadConfig). */
  loadConfig(): SupervisordConfig;
  /** Extra routes (the status page, /metrics) next to /RPC2 and /logtail. */
  extraRoutes?(engine: SupervisordEngine): Route[];
}

const PAGE_OUT_AFTER_MS = 3000;
const COLLECT_AFTER_MS = 500;
const BIG_ANSWER_BYTES = 256 * 1024;

/** The silent log handed to each ProgramRunner (process.ts words the lines itself). */
const quiet = createConsola({ level: -999, reporters: [] });

export async function runServe(first: SupervisordConfig, options: ServeOptions): Promise<number> {
  let config = first;
  process.umask(config.supervisord.umask);
  startReaper();
  setChildSubreaper();

  const s = config.supervisord;
  const main: MainLog = openMainLog({ logfile: s.logfile, maxBytes: s.logfileMaxBytes, backups: s.logfileBackups, level: s.loglevel, silent: s.silent });
  const log = main.log;
  for (const w of config.warnings) log.warn(`${w.file}:${w.line}: ${w.message}`);
  if (!s.nocleanup) clearAutoChildLogs(s.childlogdir, s.identifier, log);

  let finish!: (status: number) => void;
  const done = new Promise<number>((r) => (finish = r));
  let busy: Promise<void> | null = null;
  let shutdownStatus: number | null = null;

  const engine: SupervisordEngine = new SupervisordEngine(config, {
    log,
    loadConfig: options.loadConfig,
    mainLog: { path: main.path, clear: () => main.clear(), tap: () => main.tap() },
    processContext: (c) => ({
      log,
      quiet,
      place: { childlogdir: c.supervisord.childlogdir, identifier: c.supervisord.identifier },
      serverUrl: c.serverUrl,
      groupsOf: (user) => [...resolveUser(user.name, readAccounts()).groups],
    }),
    requestShutdown: (status) => shutdown(status),
    requestRestart: () => restart(),
  });

  const methods = () => buildMethodTable(config.rpcInterface);
  let table = methods();
  const rpcContext = { backend: engine, now: () => Date.now() / 1000 };
  const routes = (): Route[] => [
    rpcRoute(rpcContext, () => table, { onBadRequest: (why) => log.error(`XML-RPC request data is invalid: ${why}`), onAnswered: collectSoon }),
    ...logtailRoutes(engine),
    ...(options.extraRoutes?.(engine) ?? []),
  ];
  const servers = new HttpServers(routes);
  // Bun's GC timer is off (quiet-runtime.ts) and mimalloc keeps the pages it
  // once held, so RSS is the heap's high-water mark: the garbage of a big
  // answer (getAllProcessInfo of 1000 processes is a megabyte of XML, several
  // in strings on the way) is collected as soon as it is sent, and that of
  // small ones once a burst is over; neither timer is re-armed while idle.
  let collect: Timer | undefined;
  function collectSoon(bytes: number): void {
    clearTimeout(collect);
    collect = setTimeout(() => Bun.gc(true), bytes > BIG_ANSWER_BYTES ? 0 : COLLECT_AFTER_MS);
  }

  const pidfile = s.pidfile;
  try {
    writeFileSync(pidfile, `${process.pid}\n`);
  } catch (e) {
    log.warn(`could not write pidfile ${pidfile}: ${(e as Error).message}`);
  }
  try {
    await servers.apply(config);
  } catch (e) {
    main.close();
    removeQuietly(pidfile);
    throw e;
  }
  if (!config.unixServers.length && !config.inetServers.length) log.warn("no [unix_http_server] or [inet_http_server]: supervisorctl cannot reach this server");

  /** Every group first, so a depends_on across groups finds its program; then the autostart processes. */
  const boot = (first: boolean) => {
    engine.mood = "RUNNING";
    engine.events.emit({ kind: "supervisor-state", state: "RUNNING" });
    const active: ActiveGroup[] = [];
    for (const g of config.groups) {
      try {
        active.push(engine.activate(g));
      } catch (e) {
        const why = `[${g.kind === "group" ? "group" : g.kind}:${g.name}] cannot be activated: ${(e as Error).message}`;
        if (first) throw new RuntimeError(why);
        log.error(why);
      }
    }
    for (const g of active) engine.autostart(g);
  };

  const stopEverything = async () => {
    engine.events.emit({ kind: "supervisor-state", state: "STOPPING" });
    await stopInOrder(engine.activeGroups().map((g) => g.processes));
    await stopLeftovers(engine.processes(), log);
    await Promise.all(engine.activeGroups().map((g) => engine.deactivate(g.spec.name)));
  };

  function shutdown(status: number): void {
    shutdownStatus ??= status;
    if (engine.mood === "SHUTDOWN") return;
    engine.mood = "SHUTDOWN";
    const run = async () => {
      if (busy) await busy;
      await stopEverything();
      finish(shutdownStatus ?? 0);
    };
    void run();
  }

  function restart(): void {
    if (busy || engine.mood !== "RUNNING") return;
    let next: SupervisordConfig;
    try {
      next = options.loadConfig();
    } catch (e) {
      if (!(e instanceof ConfigError) && !(e instanceof UsageError)) throw e;
      log.error(`restart refused, the config is unchanged in effect: ${e.message}`);
      return;
    }
    engine.mood = "RESTARTING";
    busy = (async () => {
      await stopEverything();
      if (shutdownStatus !== null) return;
      config = next;
      engine.replaceConfig(next);
      table = methods();
      for (const w of next.warnings) log.warn(`${w.file}:${w.line}: ${w.message}`);
      try {
        await servers.apply(next);
      } catch (e) {
        log.error(`${(e as Error).message}; keeping the servers that are open`);
      }
      if (shutdownStatus === null) boot(false);
    })().finally(() => (busy = null));
  }

  const onSignal = (name: NodeJS.Signals) => {
    if (name === "SIGHUP") {
      log.warn("received SIGHUP indicating restart request");
      restart();
    } else if (name === "SIGUSR2") {
      log.info("received SIGUSR2 indicating log reopen request");
      main.reopen();
      for (const p of engine.processes()) p.output.reopen();
    } else {
      log.warn(`received ${name} indicating exit request`);
      shutdown(0);
    }
  };
  const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR2"];
  const handlers = signals.map((name) => [name, () => onSignal(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  releaseHeldSignals();

  // Signal listeners and pending promises do not keep Bun's loop alive; a
  // timer this long never fires, so it costs no wake-ups while idle.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  log.info(`supervisord started with pid ${process.pid}`);
  try {
    boot(true);
  } catch (e) {
    log.error((e as Error).message);
    await Promise.all(engine.activeGroups().map((g) => engine.deactivate(g.spec.name)));
    servers.close();
    removeQuietly(pidfile);
    main.close();
    throw e;
  }
  // Start-up is over once the first starts are made: give its pages back (as single mode does), once.
  const pageOut = setTimeout(() => {
    Bun.gc(true);
    log.debug(`paged out ${(pageOutExecutable() / 2 ** 20).toFixed(0)} MB of start-up mappings`);
  }, PAGE_OUT_AFTER_MS);

  const status = await done;
  clearTimeout(pageOut);
  clearTimeout(collect);
  servers.close();
  for (const [name, h] of handlers) process.off(name, h);
  clearInterval(keepAlive);
  removeQuietly(pidfile);
  log.info(status === 0 ? "monitor serve exiting" : `monitor serve exiting with status ${status}`);
  main.close();
  return status;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}
