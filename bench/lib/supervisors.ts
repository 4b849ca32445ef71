// The three supervisors under test, each as the argv prefix that runs a
// command under it with its defaults (tini forwards to the child, dumb-init
// and monitor to the child's group; the probe is alone in its group, so all
// three reach the same process).
import { existsSync } from "node:fs";
import { join } from "node:path";

export type SupervisorName = "tini" | "dumb-init" | "monitor";

export interface Supervisor {
  name: SupervisorName;
  binary: string;
  prefix: string[];
}

export const MONITOR_BIN = join(import.meta.dir, "..", "..", "dist", "monitor");

export function supervisors(): Supervisor[] {
  const list: Supervisor[] = [
    { name: "tini", binary: "/usr/bin/tini", prefix: ["/usr/bin/tini", "--"] },
    { name: "dumb-init", binary: "/usr/bin/dumb-init", prefix: ["/usr/bin/dumb-init"] },
    { name: "monitor", binary: MONITOR_BIN, prefix: [MONITOR_BIN, "--restart=never", "--"] },
  ];
  for (const s of list) {
    if (!existsSync(s.binary)) {
      const hint = s.name === "monitor" ? "run `npm run build`" : `apt-get install -y ${s.name}`;
      throw new Error(`bench: ${s.binary} is missing (${hint})`);
    }
  }
  return list;
}
