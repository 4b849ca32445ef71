// [include] files= as supervisord follows it: Python glob patterns relative to
// the main file, matches read in sorted order, %(here)s per file.
import { describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { configDir, SUPERVISORD } from "./config-dir.ts";
import { translateFnmatch } from "../../../../src/supervisord/config/glob.ts";

const program = (name: string, extra = "") => `[program:${name}]\ncommand=/bin/echo %(here)s\n${extra}`;

describe("[include]", () => {
  test("patterns are relative to the main file and matches are read in sorted order", () => {
    using dir = configDir();
    dir.write("conf.d/20-b.conf", program("b"));
    dir.write("conf.d/10-a.conf", program("a"));
    dir.write("conf.d/notes.txt", program("txt"));
    const c = dir.load(`${SUPERVISORD}[include]\nfiles = conf.d/*.conf\n`);
    expect(c.files).toEqual([join(dir.path, "supervisord.conf"), join(dir.path, "conf.d/10-a.conf"), join(dir.path, "conf.d/20-b.conf")]);
    expect(c.processes.map((p) => p.name)).toEqual(["a", "b"]);
  });

  test("several patterns separated by spaces or newlines, absolute ones too, ? and [..] classes", () => {
    using dir = configDir();
    dir.write("one/x1.ini", program("x1"));
    dir.write("one/x2.ini", program("x2"));
    dir.write("one/x3.ini", program("x3"));
    dir.write("two/y.conf", program("y"));
    const c = dir.load(`${SUPERVISORD}[include]\nfiles = one/x[!3].ini\n  ${dir.path}/two/?.conf\n`);
    expect(c.processes.map((p) => p.name).sort()).toEqual(["x1", "x2", "y"]);
  });

  test("%(here)s in an included file is that file's directory", () => {
    using dir = configDir();
    dir.write("conf.d/a.conf", program("a", "directory=%(here)s\n"));
    const c = dir.load(`${SUPERVISORD}${program("main")}[include]\nfiles=conf.d/*.conf\n`);
    const byName = Object.fromEntries(c.processes.map((p) => [p.name, p]));
    expect(byName.main!.argv).toEqual(["/bin/echo", dir.path]);
    expect(byName.a!.argv).toEqual(["/bin/echo", join(dir.path, "conf.d")]);
    expect(byName.a!.directory).toBe(join(dir.path, "conf.d"));
  });

  test("a [DEFAULT] %(here)s takes the directory of the file where the inheriting section first appears", () => {
    using dir = configDir();
    mkdirSync(join(dir.path, "conf.d/logs"), { recursive: true });
    mkdirSync(join(dir.path, "logs"));
    dir.write("conf.d/a.conf", "[program:inc]\ncommand=x\n");
    const c = dir.load(`[DEFAULT]\nstdout_logfile=%(here)s/logs/%(program_name)s.log\n${SUPERVISORD}[program:top]\ncommand=x\n[include]\nfiles=conf.d/a.conf\n`);
    expect(Object.fromEntries(c.processes.map((p) => [p.name, p.stdout.logfile]))).toEqual({
      top: { kind: "file", path: join(dir.path, "logs/top.log") },
      inc: { kind: "file", path: join(dir.path, "conf.d/logs/inc.log") },
    });
  });

  test("a section repeated in an included file merges with the main one, the later value winning", () => {
    using dir = configDir();
    dir.write("override.conf", "[program:web]\npriority=5\n");
    const c = dir.load(`${SUPERVISORD}${program("web", "priority=50\nautostart=false\n")}[include]\nfiles=override.conf\n`);
    expect(c.processes[0]).toMatchObject({ priority: 5, autostart: false });
  });

  test("[supervisord] may come from an included file", () => {
    using dir = configDir();
    dir.write("base.conf", SUPERVISORD);
    expect(dir.load(`${program("p")}[include]\nfiles=base.conf\n`).processes).toHaveLength(1);
  });

  test("an [include] inside an included file is not followed, as in supervisord", () => {
    using dir = configDir();
    dir.write("a.conf", `${program("a")}[include]\nfiles=b.conf\n`);
    dir.write("b.conf", program("b"));
    expect(dir.load(`${SUPERVISORD}[include]\nfiles=a.conf\n`).processes.map((p) => p.name)).toEqual(["a"]);
  });

  test("files= may use ENV_X and host_node_name", () => {
    using dir = configDir();
    dir.write("node1/p.conf", program("p"));
    dir.write("prod.conf", program("q"));
    const c = dir.load(`${SUPERVISORD}[include]\nfiles=%(host_node_name)s/*.conf %(ENV_STAGE)s.conf\n`, { STAGE: "prod" });
    expect(c.processes.map((p) => p.name).sort()).toEqual(["p", "q"]);
  });

  test("a pattern matching nothing is a warning, hidden files need a pattern starting with a dot, directories are skipped", () => {
    using dir = configDir();
    dir.write("conf.d/.hidden.conf", program("hidden"));
    dir.write("conf.d/dir.conf/inner.conf", program("inner"));
    dir.write("conf.d/real.conf", program("real"));
    const c = dir.load(`${SUPERVISORD}[include]\nfiles=conf.d/*.conf missing/*.conf\n`);
    expect(c.processes.map((p) => p.name)).toEqual(["real"]);
    expect(c.warnings).toEqual([{ file: c.file, line: 5, message: `[include] files: no file matches '${dir.path}/missing/*.conf'` }]);
    expect(dir.load(`${SUPERVISORD}[include]\nfiles=conf.d/.*.conf\n`).processes.map((p) => p.name)).toEqual(["hidden"]);
  });
});

describe("fnmatch patterns", () => {
  test.each([
    ["*.conf", "a.conf", true],
    ["*.conf", "a.conf.bak", false],
    ["?.ini", "ab.ini", false],
    ["[ab]*", "b1", true],
    ["[!ab]*", "b1", false],
    ["[]x]", "]", true],
    ["[a-c]", "b", true],
    ["[", "[", true],
    ["{a,b}.conf", "a.conf", false],
    ["a.c", "abc", false],
    ["(x)+", "(x)+", true],
  ])("%j against %j is %p, as Python's fnmatch", (pattern, name, matches) => {
    expect(translateFnmatch(pattern).test(name)).toBe(matches);
  });
});
