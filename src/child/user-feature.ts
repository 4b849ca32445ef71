// --user as a single-mode feature: posix_spawn cannot change user between
// fork and exec, so each start goes through the exec shim (src/cli/exec-shim.ts),
// which calls setgroups, setgid, setuid and then execs PROGRAM in the same pid.
// The environment is left as it is (supervisord's user= does not touch HOME,
// USER or LOGNAME either); `--env=HOME=...` sets them when wanted.
import type { Feature, FeatureModule } from "../engine/feature.ts";
import { UsageError } from "../errors.ts";
import { throughShim } from "../shim/through-shim.ts";
import { readAccounts } from "./accounts.ts";
import { resolveUser } from "./user.ts";

export const userFeature: FeatureModule = {
  options: [{ name: "user", value: true, arg: "USER[:GROUP]", summary: "run the child as USER, with its groups from /etc/group (monitor runs as root)" }],
  create(options) {
    const value = options.get("user")?.[0];
    if (value === undefined) return undefined;
    const user = resolveUser(value, readAccounts());
    const euid = process.geteuid?.() ?? 0;
    if (euid !== 0) throw new UsageError(`--user: changing user needs root; monitor runs as uid ${euid}`);
    const feature: Feature = {
      name: "user",
      spawnOptions: (o) => throughShim(o, { user }),
    };
    return feature;
  },
};
