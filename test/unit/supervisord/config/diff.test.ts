// reread/update: which groups a new config adds, changes and removes, and
// supervisorctl's way of printing it.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { diffConfigs, formatConfigDiff } from "../../../../src/supervisord/config.ts";
import { configDir, SUPERVISORD } from "./config-dir.ts";

const BEFORE = `${SUPERVISORD}
[program:web]
command=/bin/web
environment=A=1,B=2

[program:worker]
command=/bin/worker
numprocs=2
process_name=w%(process_num)d

[program:old]
command=/bin/old

[group:jobs]
programs=old
`;

describe("diffConfigs", () => {
  test("added, changed and removed groups, as supervisord's reread reports them", () => {
    using dir = configDir();
    const before = dir.load(BEFORE);
    const after = dir.load(
      BEFORE.replace("numprocs=2", "numprocs=3").replace("[group:jobs]\nprograms=old\n", "") + "\n[program:new]\ncommand=/bin/new\n",
    );
    const diff = diffConfigs(before, after);
    expect(diff).toEqual({ added: ["new", "old"], changed: ["worker"], removed: ["jobs"] });
    expect(formatConfigDiff(diff)).toEqual(["jobs: disappeared", "new: available", "old: available", "worker: changed"]);
  });

  test("moving a section, reordering environment pairs or comments is not a change", () => {
    using dir = configDir();
    const before = dir.load(BEFORE);
    const shuffled = `; a comment\n${BEFORE.replace("environment=A=1,B=2", "environment=B=2,A=1 ; same pairs")}`;
    expect(formatConfigDiff(diffConfigs(before, dir.load(shuffled)))).toEqual(["No config updates to processes"]);
  });

  test("a change in [supervisord] environment changes every group, since it reaches every process", () => {
    using dir = configDir();
    const before = dir.load(BEFORE);
    const after = dir.load(BEFORE.replace("[supervisord]\n", "[supervisord]\nenvironment=X=1\n"));
    expect(diffConfigs(before, after)).toEqual({ added: [], changed: ["jobs", "web", "worker"], removed: [] });
  });

  test("changing any one program key changes exactly that program's group", () => {
    const edits: [string, string][] = [
      ["priority", "7"], ["autostart", "false"], ["autorestart", "true"], ["startsecs", "9"], ["startretries", "9"],
      ["exitcodes", "0,3"], ["stopsignal", "INT"], ["stopwaitsecs", "3"], ["stopasgroup", "true"],
      ["redirect_stderr", "true"], ["directory", "/srv"], ["umask", "077"], ["stdout_logfile", "NONE"],
      ["stdout_logfile_maxbytes", "1KB"], ["stderr_logfile_backups", "1"], ["essential", "true"], ["healthcheck", "true"],
    ];
    using dir = configDir();
    const before = dir.load(BEFORE);
    fc.assert(
      fc.property(fc.constantFrom(...edits), fc.constantFrom("web", "worker", "old"), ([key, value], program) => {
        const text = BEFORE.replace(`[program:${program}]\n`, `[program:${program}]\n${key}=${value}\n`);
        const group = program === "old" ? "jobs" : program;
        expect(diffConfigs(before, dir.load(text))).toEqual({ added: [], changed: [group], removed: [] });
      }),
      { numRuns: 60 },
    );
  });
});
