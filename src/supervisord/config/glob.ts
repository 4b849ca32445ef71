// Python's glob.glob (3.11, not recursive), which supervisord uses for
// [include] files: `*`, `?` and `[...]` per path component, no `**` and no
// `{a,b}`; names starting with '.' only match a pattern starting with '.';
// a component without magic must exist (a trailing '/' wants a directory).
import { lstatSync, readdirSync, statSync } from "node:fs";

const MAGIC = /[*?[]/;

/** fnmatch.translate: one path component's pattern as an anchored RegExp. */
export function translateFnmatch(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      let j = i + 1;
      if (pattern[j] === "!") j++;
      if (pattern[j] === "]") j++;
      while (j < pattern.length && pattern[j] !== "]") j++;
      if (j >= pattern.length) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, j).replace(/\\/g, "\\\\");
      if (body.startsWith("!")) body = `^${body.slice(1)}`;
      else if (body.startsWith("^")) body = `\\${body}`;
      re += `[${body.replace(/\[/g, "\\[").replace(/\]/g, "\\]")}]`;
      i = j;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^(?:${re})$`, "u");
}

function split(path: string): [string, string] {
  const slash = path.lastIndexOf("/");
  if (slash === -1) return ["", path];
  const head = path.slice(0, slash + 1);
  return [/^\/+$/.test(head) ? head : head.replace(/\/+$/, ""), path.slice(slash + 1)];
}

const exists = (p: string, follow: boolean) => {
  try {
    return follow ? statSync(p).isDirectory() : (lstatSync(p), true);
  } catch {
    return false;
  }
};

const join = (dir: string, name: string) => (dir === "" ? name : dir.endsWith("/") ? dir + name : `${dir}/${name}`);

function listDir(dir: string, dirsOnly: boolean): string[] {
  try {
    return readdirSync(dir || ".").filter((n) => !dirsOnly || exists(join(dir, n), true));
  } catch {
    return [];
  }
}

function globIn(pattern: string, dirsOnly: boolean): string[] {
  const [dir, base] = split(pattern);
  if (!MAGIC.test(pattern)) {
    return (base ? exists(pattern, false) : exists(dir, true)) ? [pattern] : [];
  }
  const dirs = dir !== pattern && MAGIC.test(dir) ? globIn(dir, true) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    if (!MAGIC.test(base)) {
      if (base ? exists(join(d, base), false) : exists(d, true)) out.push(join(d, base));
      continue;
    }
    const re = translateFnmatch(base);
    for (const name of listDir(d, dirsOnly)) {
      if (name.startsWith(".") && !base.startsWith(".")) continue;
      if (re.test(name)) out.push(join(d, name));
    }
  }
  return out;
}

/** Paths matching `pattern`, unsorted like Python's glob (callers sort). */
export function globPython(pattern: string): string[] {
  return globIn(pattern, false);
}
