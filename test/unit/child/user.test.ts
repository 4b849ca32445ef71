import { describe, expect, test } from "bun:test";
import { unpackGroup, unpackPasswd, type Accounts } from "../../../src/child/accounts.ts";
import { resolveUser } from "../../../src/child/user.ts";
import { UsageError } from "../../../src/errors.ts";

const accounts: Accounts = {
  users: unpackPasswd("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\nbad:x:notanumber:1::/:/bin/sh\n"),
  groups: unpackGroup("root:x:0:\napp:x:1000:\nlog:x:4:app, other\nweb:x:33:other,app\ndocker:x:999:\napps:x:7:application\n"),
};

describe("resolveUser", () => {
  test("USER gets the passwd group first, then every group listing USER as a member (initgroups)", () => {
    expect(resolveUser("app", accounts)).toEqual({ uid: 1000, gid: 1000, groups: [1000, 4, 33] });
    expect(resolveUser("1000", accounts)).toEqual({ uid: 1000, gid: 1000, groups: [1000, 4, 33] });
    expect(resolveUser("root", accounts)).toEqual({ uid: 0, gid: 0, groups: [0] });
  });

  test("USER:GROUP makes GROUP the only group, by name or by id, named or not", () => {
    expect(resolveUser("app:web", accounts)).toEqual({ uid: 1000, gid: 33, groups: [33] });
    expect(resolveUser("app:4", accounts)).toEqual({ uid: 1000, gid: 4, groups: [4] });
    expect(resolveUser("5000:5001", accounts)).toEqual({ uid: 5000, gid: 5001, groups: [5001] });
  });

  test.each([
    ["nobody-here", /no such user 'nobody-here'/],
    ["5000", /no such user '5000' in \/etc\/passwd \(for an id without an entry give its group too, e.g. 5000:5000\)/],
    ["app:nogroup", /no such group 'nogroup'/],
    ["", /'' is not USER or USER:GROUP/],
    [":web", /':web' is not USER/],
    ["app:", /'app:' is not USER/],
  ])("%j is a usage error naming it", (value, message) => {
    expect(() => resolveUser(value, accounts)).toThrow(UsageError);
    expect(() => resolveUser(value, accounts)).toThrow(message);
  });
});
