// The path checks supervisord makes while reading its config (datatypes.py):
// `~` expansion, a log or pid file's directory must exist, `directory` and
// `childlogdir` must be directories. Relative paths resolve against the
// current directory, as supervisord's normalize_path does.
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import type { Accounts } from "../../child/accounts.ts";

export interface PathContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly accounts: Accounts;
}

/** os.path.expanduser: `~` and `~/x` from $HOME, `~name/x` from the passwd entry; unknown names stay as written. */
export function expandUser(path: string, ctx: PathContext): string {
  if (!path.startsWith("~")) return path;
  const slash = path.indexOf("/");
  const end = slash === -1 ? path.length : slash;
  const name = path.slice(1, end);
  const home =
    name === ""
      ? ctx.env.HOME ?? ctx.accounts.users.find((u) => u.uid === process.getuid?.())?.home
      : ctx.accounts.users.find((u) => u.name === name)?.home;
  if (home === undefined) return path;
  return home.replace(/\/+$/, "") + path.slice(end) || "/";
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** An absolute, normalized path (normalize_path). */
export function normalizePath(path: string, ctx: PathContext): string {
  return resolve(ctx.cwd, expandUser(path, ctx));
}

/** A file whose directory must already exist (existing_dirpath); returned absolute. */
export function existingDirpath(path: string, ctx: PathContext, option: string): string {
  const full = normalizePath(path, ctx);
  if (!isDirectory(dirname(full))) throw new UsageError(`${option}: the directory of '${path}' does not exist`);
  return full;
}

/** A directory that must already exist (existing_directory); returned absolute. */
export function existingDirectory(path: string, ctx: PathContext, option: string): string {
  const full = normalizePath(path, ctx);
  if (!isDirectory(full)) throw new UsageError(`${option}: '${path}' is not an existing directory`);
  return full;
}
