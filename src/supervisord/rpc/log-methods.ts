// The log methods: supervisord's main log (readLog, clearLog) and each
// process's stdout/stderr log (read, tail, clear), by byte offsets as
// supervisord's readFile/tailFile count them. A process without that log, or
// whose log file does not exist (yet), is NO_FILE for read and ["", 0, false]
// for tail.
import { existsSync } from "node:fs";
import type { ProcessStatus } from "../backend.ts";
import { Faults, RpcFault } from "../faults.ts";
import { readLogRange, tailLogRange } from "../log-read.ts";
import { makeNamespec } from "../namespec.ts";
import type { XmlRpcStruct } from "../xmlrpc.ts";
import { allProcessesByPriority, findProcess } from "./lookup.ts";
import { alias, int, str, type RpcMethod } from "./method.ts";
import { resultStruct } from "./group-results.ts";

type Channel = "stdout" | "stderr";
const logOf = (p: ProcessStatus, c: Channel) => (c === "stdout" ? p.stdoutLogfile : p.stderrLogfile);

function existing(path: string | null): string {
  // supervisord: RPCError(NO_FILE, logfile), which reads "NO_FILE: None" without one.
  if (path === null || !existsSync(path)) throw new RpcFault(Faults.NO_FILE, path ?? "None");
  return path;
}

function readMethod(channel: Channel): RpcMethod {
  const Name = channel === "stdout" ? "Stdout" : "Stderr";
  return {
    name: `supervisor.readProcess${Name}Log`,
    params: [str("name"), int("offset"), int("length")],
    returns: "string",
    help: `Read length bytes from name's ${channel} log starting at offset.\n\n@param string name the name of the process (or 'group:name')\n@param int offset offset to start reading from.\n@param int length number of bytes to read from the log.\n@return string result Bytes of log`,
    call: (ctx, [name, offset, length]) => readLogRange(existing(logOf(findProcess(ctx.backend, name as string), channel)), offset as number, length as number),
  };
}

function tailMethod(channel: Channel): RpcMethod {
  const Name = channel === "stdout" ? "Stdout" : "Stderr";
  return {
    name: `supervisor.tailProcess${Name}Log`,
    params: [str("name"), int("offset"), int("length")],
    returns: "array",
    help: `Provides a more efficient way to tail the (${channel}) log than readProcess${Name}Log().\n\n@param string name the name of the process (or 'group:name')\n@param int offset offset to start reading from\n@param int length maximum number of bytes to return\n@return array result [string bytes, int offset, bool overflow]`,
    call: (ctx, [name, offset, length]) => {
      const path = logOf(findProcess(ctx.backend, name as string), channel);
      if (path === null || !existsSync(path)) return ["", 0, false];
      return tailLogRange(path, offset as number, length as number);
    },
  };
}

const clearProcessLogs: RpcMethod = {
  name: "supervisor.clearProcessLogs",
  params: [str("name")],
  returns: "boolean",
  help: "Clear the stdout and stderr logs for the named process and reopen them.\n\n@param string name The name of the process (or 'group:name')\n@return boolean result Always True unless error",
  call: async (ctx, [name]) => {
    const p = findProcess(ctx.backend, name as string);
    try {
      await ctx.backend.clearProcessLogs(p);
    } catch {
      throw new RpcFault(Faults.FAILED, name as string);
    }
    return true;
  },
};

const readLog: RpcMethod = {
  name: "supervisor.readLog",
  params: [int("offset"), int("length")],
  returns: "string",
  help: "Read length bytes from the main log starting at offset.\n\n@param int offset offset to start reading from.\n@param int length number of bytes to read from the log.\n@return string result Bytes of log",
  call: (ctx, [offset, length]) => readLogRange(existing(ctx.backend.mainLogfile()), offset as number, length as number),
};

const stdoutRead = readMethod("stdout");
const stdoutTail = tailMethod("stdout");

export const LOG_METHODS: readonly RpcMethod[] = [
  readLog,
  alias("supervisor.readMainLog", readLog),
  {
    name: "supervisor.clearLog",
    params: [],
    returns: "boolean",
    help: "Clear the main log.\n\n@return boolean result always returns True unless error",
    call: async (ctx) => {
      const path = ctx.backend.mainLogfile();
      if (path === null || !existsSync(path)) throw new RpcFault(Faults.NO_FILE);
      try {
        await ctx.backend.clearMainLog();
      } catch {
        throw new RpcFault(Faults.FAILED);
      }
      return true;
    },
  },
  stdoutRead,
  alias("supervisor.readProcessLog", stdoutRead),
  readMethod("stderr"),
  stdoutTail,
  alias("supervisor.tailProcessLog", stdoutTail),
  tailMethod("stderr"),
  clearProcessLogs,
  alias("supervisor.clearProcessLog", clearProcessLogs),
  {
    name: "supervisor.clearAllProcessLogs",
    params: [],
    returns: "array",
    help: "Clear all process log files.\n\n@return array result An array of process status info structs",
    call: async (ctx) => {
      const results: XmlRpcStruct[] = [];
      for (const p of allProcessesByPriority(ctx.backend)) {
        try {
          await clearProcessLogs.call(ctx, [makeNamespec(p.group, p.name)]);
          results.push(resultStruct(p, true));
        } catch (e) {
          results.push(resultStruct(p, e instanceof RpcFault ? e : new RpcFault(Faults.FAILED, p.name)));
        }
      }
      return results;
    },
  },
];
