// sd_notify(3) datagrams: newline-separated KEY=VALUE assignments in one
// datagram ("READY=1\nSTATUS=serving"). As systemd does, a line without '='
// or with an empty key is skipped, and a later assignment of a key wins.

export type NotifyFields = ReadonlyMap<string, string>;

export function unpackNotify(text: string): NotifyFields {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

export function packNotify(fields: Iterable<readonly [string, string]>): string {
  return [...fields].map(([k, v]) => `${k}=${v}`).join("\n");
}

/** What monitor acts on in one datagram. */
export interface NotifyReport {
  ready: boolean;
  stopping: boolean;
  /** WATCHDOG=1: a keep-alive ping. */
  ping: boolean;
  /** WATCHDOG=trigger: the program asks to be treated as hung now. */
  trigger: boolean;
  status: string | undefined;
}

export function readNotifyReport(fields: NotifyFields): NotifyReport {
  return {
    ready: fields.get("READY") === "1",
    stopping: fields.get("STOPPING") === "1",
    ping: fields.get("WATCHDOG") === "1",
    trigger: fields.get("WATCHDOG") === "trigger",
    status: fields.get("STATUS"),
  };
}
