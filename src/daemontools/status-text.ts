// The text daemontools 0.76's svstat prints for one service directory once it
// has read supervise/status, e.g. `up (pid 123) 45 seconds, normally down`.
// The caller prefixes `DIR: ` and ends the line.
import type { ServiceStatus } from "./status-file.ts";

/**
 * `normallyUp` is "DIR/down does not exist"; `nowSeconds` is unix time. The
 * age counts whole seconds of the labels only (svstat ignores nanoseconds)
 * and is 0 when the file claims a change in the future.
 */
export function describeStatus(status: ServiceStatus, normallyUp: boolean, nowSeconds: number): string {
  const up = status.pid !== 0;
  const age = Math.max(0, Math.floor(nowSeconds) - status.changedAt.seconds);
  let text = up ? `up (pid ${status.pid}) ${age} seconds` : `down ${age} seconds`;
  if (up && !normallyUp) text += ", normally down";
  if (!up && normallyUp) text += ", normally up";
  if (up && status.paused) text += ", paused";
  if (!up && status.want === "up") text += ", want up";
  if (up && status.want === "down") text += ", want down";
  return text;
}
