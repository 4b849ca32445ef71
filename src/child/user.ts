// `--user=USER[:GROUP]`: which uid, gid and supplementary groups the child
// gets, from /etc/passwd and /etc/group (pure, given the accounts).
// USER alone is initgroups(3), as supervisord's user= does it: the passwd
// entry's group first, then every group that lists USER as a member.
// USER:GROUP sets GROUP as the only group, as `runuser -u USER -g GROUP`,
// runit's `chpst -u USER:GROUP` and `docker run --user USER:GROUP` do.
// A uid without a passwd entry (common in containers) needs its GROUP.
import { UsageError } from "../errors.ts";
import type { ShimUser } from "../shim/shim-args.ts";
import type { Accounts, GroupEntry } from "./accounts.ts";

const ID = /^\d{1,10}$/;

function findGroupId(accounts: Accounts, value: string): number {
  const byId = ID.test(value);
  const group = accounts.groups.find((g) => (byId ? g.gid === Number(value) : g.name === value));
  if (group) return group.gid;
  // A bare gid need not be named, as chown and docker accept it.
  if (byId && Number(value) <= 0xfffffffe) return Number(value);
  throw new UsageError(`--user: no such group '${value}' in /etc/group`);
}

function memberships(groups: readonly GroupEntry[], name: string): number[] {
  return groups.filter((g) => g.members?.includes(name)).map((g) => g.gid);
}

export function resolveUser(value: string, accounts: Accounts): ShimUser {
  const colon = value.indexOf(":");
  const userPart = colon === -1 ? value : value.slice(0, colon);
  const groupPart = colon === -1 ? undefined : value.slice(colon + 1);
  if (userPart === "" || groupPart === "") throw new UsageError(`--user: '${value}' is not USER or USER:GROUP`);
  const byId = ID.test(userPart);
  const entry = accounts.users.find((u) => (byId ? u.uid === Number(userPart) : u.name === userPart));
  if (groupPart !== undefined) {
    if (!entry && !(byId && Number(userPart) <= 0xfffffffe)) throw new UsageError(`--user: no such user '${userPart}' in /etc/passwd`);
    const gid = findGroupId(accounts, groupPart);
    return { uid: entry?.uid ?? Number(userPart), gid, groups: [gid] };
  }
  if (!entry) {
    const hint = byId ? ` (for an id without an entry give its group too, e.g. ${userPart}:${userPart})` : "";
    throw new UsageError(`--user: no such user '${userPart}' in /etc/passwd${hint}`);
  }
  const groups = [entry.gid, ...memberships(accounts.groups, entry.name).filter((g) => g !== entry.gid)];
  return { uid: entry.uid, gid: entry.gid, groups: [...new Set(groups)] };
}
