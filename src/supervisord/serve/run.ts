// `monitor serve -c FILE`, top to bottom in the order things happen, as
// supervisord's main: umask, reaper and subreaper, the main log, the engine,
// the pidfile, the HTTP servers, signal handlers, then every group with its
// autostart processes. It runs in the foreground until asked to stop:
// SIGTERM, SIGINT, SIGQUIT or supervisor.shutdown stop everything in reverse
// priority and exit 0; an essential program's failure does the same and
// exits non-zero; SIGHUP or supervisor.restart stop everything, read the
// config again and start over; SIGUSR2 reopens the log files.
import { unlinkSync, writeFileSync } from "node:fs";
import { createConsola } from "consola/core";
import type { Log } from "../../log.ts";
import { readAccounts } from "../../child/accounts.ts";
import { resolveUser } from "../../child/user.ts";
import { setChildSubreaper } from "../../sys/libc.ts";
import { releaseHeldSignals } from "../../sys/quiet-runtime.ts";
import { startReaper } from "../../sys/reaper.ts";
import { preferCompiledSpawn } from "../../sys/spawn.ts";
import type { SupervisordConfig } from "../config.ts";
import { SupervisordEngine } from "../engine/engine.ts";
import { logtailRoutes } from "../http/logtail-route.ts";
import { rpcRoute } from "../http/rpc-route.ts";
import type { Route } from "../http/routes.ts";
import { openMainLog, type MainLog } from "../main-log.ts";
import { OutputCapture, type CapturedSource } from "../../output/capture.ts";
import { RuntimeError } from "../../errors.ts";
import { buildMethodTable } from "../rpc/methods.ts";
import { clearAutoChildLogs } from "./childlog-cleanup.ts";
import { Lifecycle } from "./lifecycle.ts";
import { IdleMemory } from "./memory.ts";
import { HttpServers } from "./servers.ts";
import { unsupportedSettings } from "./unsupported.ts";

export interface ServeOptions {
  /** Reads the config file again (SIGHUP, reloadConfig). */
  loadConfig(): SupervisordConfig;
  /** HOOK POINT: extra routes (the status page at `/`, `/metrics`) next to /RPC2 and /logtail. */
  extraRoutes?(engine: SupervisordEngine): Route[];
  /** Called once the engine exists, before anything starts (event listeners); returns its clean-up. */
  attach?(engine: SupervisordEngine, log: Log): () => void;
}

/** The silent log handed to each ProgramRunner (process.ts words the lines itself). */
const quiet = createConsola({ level: -999, reporters: [] });

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

export async function runServe(first: SupervisordConfig, options: ServeOptions): Promise<number> {
  // The process: supervisord's umask; children's exits, orphans reparented to us.
  const s = first.supervisord;
  process.umask(s.umask);
  startReaper();
  setChildSubreaper();
  // A thousand programs' pipes are open here: a spawn whose cost does not grow with them.
  preferCompiledSpawn();

  // The output capture (its own thread), the main log on it, then what the config reading had to say.
  const taps = new Map<CapturedSource, (bytes: Uint8Array) => void>();
  const capture: OutputCapture = new OutputCapture({ notice: (n) => log[n.level](n.message), output: (source, bytes) => taps.get(source)?.(bytes) });
  let main: MainLog;
  try {
    main = openMainLog({ logfile: s.logfile, maxBytes: s.logfileMaxBytes, backups: s.logfileBackups, level: s.loglevel, silent: s.silent }, capture);
  } catch (e) {
    await capture.close();
    throw new RuntimeError(`cannot open the log file ${s.logfile}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  const log = main.log;
  for (const w of first.warnings) log.warn(`${w.file}:${w.line}: ${w.message}`);
  for (const w of unsupportedSettings(first)) log.warn(w);
  if (!s.nocleanup) clearAutoChildLogs(s.childlogdir, s.identifier, log);

  // The engine and its lifecycle.
  const memory = new IdleMemory(log);
  const engine: SupervisordEngine = new SupervisordEngine(first, {
    log,
    loadConfig: options.loadConfig,
    mainLog: { path: main.path, clear: () => main.clear(), tap: () => main.tap() },
    processContext: (c) => ({
      log,
      quiet,
      place: { childlogdir: c.supervisord.childlogdir, identifier: c.supervisord.identifier, capture, taps },
      serverUrl: c.serverUrl,
      groupsOf: (user) => [...resolveUser(user.name, readAccounts()).groups],
    }),
    requestShutdown: (status) => life.shutdown(status),
    requestRestart: () => life.restart(),
  });
  const detach = options.attach?.(engine, log) ?? (() => {});
  let table = buildMethodTable(first.rpcInterface);
  const rpcContext = { backend: engine, now: () => Date.now() / 1000 };
  const routes = (): Route[] => [
    rpcRoute(rpcContext, () => table, { onBadRequest: (why) => log.error(`XML-RPC request data is invalid: ${why}`), onAnswered: (n) => memory.answered(n) }),
    ...logtailRoutes(engine),
    ...(options.extraRoutes?.(engine) ?? []),
  ];
  const servers = new HttpServers(routes);
  const life: Lifecycle = new Lifecycle(engine, first, {
    log,
    loadConfig: options.loadConfig,
    async applied(c) {
      table = buildMethodTable(c.rpcInterface);
      await servers.apply(c).catch((e: Error) => log.error(`${e.message}; keeping the servers that are open`));
    },
  });

  // The pidfile and the servers; a server that cannot listen ends it here.
  try {
    writeFileSync(s.pidfile, `${process.pid}\n`);
  } catch (e) {
    log.warn(`could not write pidfile ${s.pidfile}: ${(e as Error).message}`);
  }
  const cleanup = () => {
    detach();
    memory.close();
    servers.close();
    removeQuietly(s.pidfile);
  };
  try {
    await servers.apply(first);
  } catch (e) {
    cleanup();
    await capture.close();
    throw e;
  }
  if (!first.unixServers.length && !first.inetServers.length) log.warn("no [unix_http_server] or [inet_http_server]: supervisorctl cannot reach this server");

  // Signals: supervisord's meanings.
  const onSignal = (name: NodeJS.Signals) => {
    if (name === "SIGHUP") {
      log.warn("received SIGHUP indicating restart request");
      life.restart();
    } else if (name === "SIGUSR2") {
      log.info("received SIGUSR2 indicating log reopen request");
      void capture.reopenLogs();
    } else {
      log.warn(`received ${name} indicating exit request`);
      life.shutdown(0);
    }
  };
  const handlers = (["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR2"] as const).map((name) => [name, () => onSignal(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  releaseHeldSignals();

  // Signal listeners and pending promises do not keep Bun's loop alive; a
  // timer this long never fires, so it costs no wake-ups while idle.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  log.info(`supervisord started with pid ${process.pid}`);
  try {
    life.boot(true);
  } catch (e) {
    log.error((e as Error).message);
    await Promise.all(engine.activeGroups().map((g) => engine.deactivate(g.spec.name)));
    clearInterval(keepAlive);
    cleanup();
    await capture.close();
    throw e;
  }
  memory.started();

  // Until shut down; then nothing of ours is left running.
  const status = await life.done;
  cleanup();
  for (const [name, h] of handlers) process.off(name, h);
  clearInterval(keepAlive);
  log.info(status === 0 ? "monitor serve exiting" : `monitor serve exiting with status ${status}`);
  // The last lines are in the pipes: the capture writes them out before it ends.
  await capture.close();
  return status;
}
