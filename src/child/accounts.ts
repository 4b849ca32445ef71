// Users and groups named in a config (user=, chown=, ~name in paths) or by --user, looked up
// in /etc/passwd and /etc/group as supervisord's pwd/grp calls would find them
// on a container's files-only NSS setup. A numeric id must exist too, as
// supervisor's name_to_uid insists. Injected so tests need no real accounts.
import { readFileSync } from "node:fs";
import { UsageError } from "../errors.ts";

export interface UserEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  /** User names listed as members (the fourth field), for supplementary groups. */
  readonly members?: readonly string[];
}

export interface Accounts {
  readonly users: readonly UserEntry[];
  readonly groups: readonly GroupEntry[];
}

/** `name:x:uid:gid:gecos:home:shell` lines; malformed lines are skipped as getpwent skips them. */
export function unpackPasswd(text: string): UserEntry[] {
  return text.split("\n").flatMap((line) => {
    const f = line.split(":");
    if (f.length < 7 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) return [];
    return [{ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! }];
  });
}

/** `name:x:gid:members` lines. */
export function unpackGroup(text: string): GroupEntry[] {
  return text.split("\n").flatMap((line) => {
    const f = line.split(":");
    if (f.length < 4 || !/^\d+$/.test(f[2]!)) return [];
    const members = f[3]!.split(",").map((m) => m.trim()).filter((m) => m !== "");
    return [{ name: f[0]!, gid: Number(f[2]), members }];
  });
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export function readAccounts(etc = "/etc"): Accounts {
  return { users: unpackPasswd(readOrEmpty(`${etc}/passwd`)), groups: unpackGroup(readOrEmpty(`${etc}/group`)) };
}

/** readAccounts, deferred until users or groups are first looked at (most configurations never need them). */
export function lazyAccounts(): Accounts {
  let read: Accounts | undefined;
  return {
    get users() {
      return (read ??= readAccounts()).users;
    },
    get groups() {
      return (read ??= readAccounts()).groups;
    },
  };
}

/** A user name or uid (datatypes.name_to_uid). */
export function findUser(accounts: Accounts, value: string, option: string): UserEntry {
  const byId = /^\d+$/.test(value);
  const user = accounts.users.find((u) => (byId ? u.uid === Number(value) : u.name === value));
  if (!user) throw new UsageError(`${option}: no such ${byId ? "uid" : "user"} '${value}' in /etc/passwd`);
  return user;
}

/** A group name or gid (datatypes.name_to_gid). */
export function findGroup(accounts: Accounts, value: string, option: string): GroupEntry {
  const byId = /^\d+$/.test(value);
  const group = accounts.groups.find((g) => (byId ? g.gid === Number(value) : g.name === value));
  if (!group) throw new UsageError(`${option}: no such ${byId ? "gid" : "group"} '${value}' in /etc/group`);
  return group;
}

/** `user` or `user:group` (datatypes.colon_separated_user_group); gid -1 leaves the group alone. */
export function findOwner(accounts: Accounts, value: string, option: string): { uid: number; gid: number } {
  const colon = value.indexOf(":");
  if (colon === -1) return { uid: findUser(accounts, value, option).uid, gid: -1 };
  return {
    uid: findUser(accounts, value.slice(0, colon), option).uid,
    gid: findGroup(accounts, value.slice(colon + 1), option).gid,
  };
}
