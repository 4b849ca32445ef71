// Stopping what is left of a process group: the stop signal, then SIGKILL
// once the deadline passes. Members are counted from /proc without zombies,
// which are dead already and wait only for their reaper.
import { signalGroup } from "../sys/libc.ts";
import { groupMembers } from "../sys/proc-tree.ts";
import { SIGNALS } from "../sys/signals.ts";

export function groupAlive(pgid: number): boolean {
  // kill(-pgid, 0) is cheap and exact when the group is gone; when it says
  // "alive", /proc tells whether anything but zombies remain.
  if (!signalGroup(pgid, 0)) return false;
  return groupMembers(pgid).length > 0;
}

/** Resolve once the group is empty; SIGKILL it at `killAt` (ms, Date.now()). */
export async function stopGroup(pgid: number, signal: number | null, killAt: number): Promise<"empty" | "killed"> {
  if (signal !== null) signalGroup(pgid, signal);
  let killed = false;
  let pause = 2;
  for (;;) {
    if (!groupAlive(pgid)) return killed ? "killed" : "empty";
    const now = Date.now();
    if (!killed && now >= killAt) {
      signalGroup(pgid, SIGNALS.SIGKILL);
      killed = true;
    }
    // Bounded poll: a short first wait for the common quick exit, then
    // growing to 50 ms, never past the kill deadline.
    const wait = killed ? pause : Math.max(1, Math.min(pause, killAt - now));
    await Bun.sleep(wait);
    pause = Math.min(pause * 2, 50);
  }
}
