import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { ServiceLister } from "../../../src/daemontools/scan-dir.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function root(): string {
  const r = mkdtempSync(`${tmpdir()}/monitor-scan-dir-`);
  roots.push(r);
  return r;
}

function service(path: string, withRun = true): void {
  mkdirSync(path, { recursive: true });
  if (withRun) {
    writeFileSync(`${path}/run`, "#!/bin/sh\n");
    chmodSync(`${path}/run`, 0o755);
  }
}

/** Make DIR's last change look older than the racy window, so the next listing is trusted. */
function age(dir: string): void {
  const old = new Date(Date.now() - 60_000);
  utimesSync(dir, old, old);
}

const key = (path: string) => `${statSync(path).dev}:${statSync(path).ino}`;
const names = (l: ReturnType<ServiceLister["list"]>) => (l.ok ? l.services.map((s) => s.name) : l.error);

describe("listing the scanned directory", () => {
  test("directories with a run, by inode; '.' names, plain files and directories without run are left out", () => {
    const r = root();
    service(`${r}/b`);
    service(`${r}/a`);
    service(`${r}/.hidden`);
    service(`${r}/norun`, false);
    writeFileSync(`${r}/file`, "");
    const listing = new ServiceLister(r).list(() => {});
    expect(listing).toEqual({ ok: true, changed: true, services: [{ name: "a", key: key(`${r}/a`) }, { name: "b", key: key(`${r}/b`) }] });
  });

  test("with DIR unchanged, a run added to a directory is seen on the next pass", () => {
    const r = root();
    service(`${r}/later`, false);
    age(r);
    const lister = new ServiceLister(r);
    expect(names(lister.list(() => {}))).toEqual([]);
    expect(lister.list(() => {})).toEqual({ ok: true, changed: false, services: [] });
    writeFileSync(`${r}/later/run`, "#!/bin/sh\n");
    expect(lister.list(() => {})).toMatchObject({ ok: true, changed: true, services: [{ name: "later" }] });
    expect(lister.list(() => {})).toMatchObject({ ok: true, changed: false, services: [{ name: "later" }] });
  });

  test("added, removed and renamed directories are seen (a rename keeps the inode)", () => {
    const r = root();
    service(`${r}/a`);
    service(`${r}/gone`);
    const lister = new ServiceLister(r);
    const first = lister.list(() => {});
    service(`${r}/new`);
    rmSync(`${r}/gone`, { recursive: true });
    const aKey = key(`${r}/a`);
    renameSync(`${r}/a`, `${r}/z`);
    const second = lister.list(() => {});
    expect(names(first)).toEqual(["a", "gone"]);
    expect(second).toEqual({ ok: true, changed: true, services: [{ name: "new", key: key(`${r}/new`) }, { name: "z", key: aKey }] });
  });

  test("a symlinked service is followed, and looked at again on every pass while DIR is unchanged", () => {
    const r = root();
    const elsewhere = root();
    service(`${elsewhere}/real`);
    symlinkSync(`${elsewhere}/real`, `${r}/link`);
    age(r);
    const lister = new ServiceLister(r);
    expect(lister.list(() => {})).toEqual({ ok: true, changed: true, services: [{ name: "link", key: key(`${elsewhere}/real`) }] });
    rmSync(`${elsewhere}/real`, { recursive: true });
    expect(names(lister.list(() => {}))).toEqual([]);
    service(`${elsewhere}/real`);
    expect(names(lister.list(() => {}))).toEqual(["link"]);
  });

  test("a directory that cannot be read is an error naming it", () => {
    expect(new ServiceLister("/nonexistent/dir").list(() => {})).toEqual({ ok: false, error: "unable to read directory /nonexistent/dir: file does not exist" });
  });
});
