// What every action of `monitor ctl` shares, as supervisorctl's Controller
// has it: the output (one line at a time, straight to stdout), the exit
// status (the last assignment wins), the XML-RPC proxy and `upcheck`, the
// getVersion probe most actions make first so that a missing or refusing
// server gets a one-line message and its own exit status.
import { Faults } from "../supervisord/faults.ts";
import type { XmlRpcValue } from "../supervisord/xmlrpc.ts";
import type { Endpoint } from "./endpoint.ts";
import { LSB } from "./exit-status.ts";
import { HELP } from "./help.ts";
import { ConnectError, RemoteFault, rpcCall } from "./transport.ts";

/** supervisor's rpcinterface.API_VERSION, which supervisorctl insists on. */
export const API_VERSION = "3.0";

export class Controller {
  exitstatus: number = LSB.SUCCESS;

  constructor(
    readonly endpoint: Endpoint,
    private readonly write: (text: string) => void,
  ) {}

  output(line: string): void {
    this.write(`${line}\n`);
  }

  help(action: string): void {
    const text = HELP[action];
    if (text !== undefined) this.output(text);
  }

  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return rpcCall(this.endpoint, method, params);
  }

  supervisor<T = XmlRpcValue>(method: string, ...params: XmlRpcValue[]): Promise<T> {
    return this.call(`supervisor.${method}`, ...params) as Promise<T>;
  }

  /** false (after printing why and setting the status) when the server cannot be used. */
  async upcheck(): Promise<boolean> {
    try {
      const api = await this.supervisor("getVersion");
      if (api !== API_VERSION) {
        this.output(`Sorry, this version of supervisorctl expects to talk to a server with API version ${API_VERSION}, but the remote version is ${String(api)}.`);
        this.exitstatus = LSB.NOT_INSTALLED;
        return false;
      }
    } catch (e) {
      if (e instanceof RemoteFault && e.faultCode === Faults.UNKNOWN_METHOD) {
        this.output(
          "Sorry, supervisord responded but did not recognize the supervisor namespace commands that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] section is enabled in the configuration file (see sample.conf).",
        );
        this.exitstatus = LSB.UNIMPLEMENTED_FEATURE;
        return false;
      }
      if (e instanceof ConnectError && e.code === "ECONNREFUSED") {
        this.output(`${this.endpoint.url} refused connection`);
        this.exitstatus = LSB.INSUFFICIENT_PRIVILEGES;
        return false;
      }
      if (e instanceof ConnectError && e.code === "ENOENT") {
        this.output(`${this.endpoint.url} no such file`);
        this.exitstatus = LSB.NOT_RUNNING;
        return false;
      }
      this.exitstatus = LSB.GENERIC;
      throw e;
    }
    return true;
  }
}
