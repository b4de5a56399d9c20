// git-lfs (issue 25, item 4): the index and the history hold a pointer; the
// content is in <git dir>/lfs/objects (or lfs.storage). A key in the content
// is found by --staged and --history; a pointer whose object is not on this
// machine names its file as not scanned and fails the run (exit 2). The
// pointers and objects are made by hand, as git-lfs stores them, so the
// test needs no git-lfs.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faultJson, git, initRepo, keyLine, runFault, write } from "./helpers.js";

/** Stores `content` as git-lfs would under `objects` and writes its pointer at `path`; returns the oid. */
function lfsFile(repo: string, path: string, content: string, objects = join(repo, ".git/lfs/objects")): string {
  const oid = createHash("sha256").update(content).digest("hex");
  const dir = join(objects, oid.slice(0, 2), oid.slice(2, 4));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, oid), content);
  write(repo, path, `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${Buffer.byteLength(content)}\n`);
  return oid;
}

function lfsRepo(): string {
  const repo = initRepo();
  write(repo, ".gitattributes", "*.dat filter=lfs diff=lfs merge=lfs -text\n");
  write(repo, "README.md", "data in git-lfs\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "base");
  return repo;
}

/** Whether git-lfs is installed (Debian's git-lfs here); the hand-made cases above need none. */
const HAS_GIT_LFS = spawnSync("git", ["lfs", "version"]).status === 0;

describe("git-lfs files", () => {
  it.skipIf(!HAS_GIT_LFS)("with git-lfs itself: a key in a tracked file is found by --staged and --history", () => {
    const repo = initRepo();
    git(repo, "lfs", "install", "--local");
    git(repo, "lfs", "track", "*.dat");
    write(repo, "keys.dat", `${keyLine()}\n`);
    git(repo, "add", "-A");
    expect(git(repo, "show", ":keys.dat")).toMatch(/^version https:\/\/git-lfs/);
    expect(faultJson("git-lfs --staged", ["--staged"], { cwd: repo }).report.findings.map((f) => f.file)).toEqual(["keys.dat"]);
    git(repo, "commit", "-qm", "keys", "--no-verify");
    expect(faultJson("git-lfs --history", ["--history"], { cwd: repo }).report.findings.map((f) => f.file)).toEqual(["keys.dat"]);
  });

  it("--staged and --history scan the content a pointer names", () => {
    const repo = lfsRepo();
    lfsFile(repo, "model.dat", `header\n${keyLine()}\n`);
    git(repo, "add", "model.dat");
    const staged = faultJson("lfs --staged", ["--staged"], { cwd: repo });
    expect(staged.code).toBe(1);
    expect(staged.report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(["model.dat:2"]);
    git(repo, "commit", "-qm", "model");
    const history = faultJson("lfs --history", ["--history"], { cwd: repo });
    expect(history.code).toBe(1);
    expect(history.report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(["model.dat:2"]);
  });

  it("a changed pointer (new content, same size line or not) is followed too", () => {
    const repo = lfsRepo();
    lfsFile(repo, "model.dat", "clean\n");
    git(repo, "add", "model.dat");
    git(repo, "commit", "-qm", "clean model");
    lfsFile(repo, "model.dat", `${keyLine()}\n`);
    git(repo, "add", "model.dat");
    const staged = faultJson("lfs changed pointer", ["--staged"], { cwd: repo });
    expect(staged.report.findings.map((f) => f.file)).toEqual(["model.dat"]);
  });

  it("lfs.storage (relative to the git directory) is where the objects are read", () => {
    const repo = lfsRepo();
    git(repo, "config", "lfs.storage", "../lfs-store");
    lfsFile(repo, "model.dat", `${keyLine()}\n`, join(repo, "lfs-store/objects"));
    write(repo, ".gitignore", "lfs-store/\n");
    git(repo, "add", "model.dat", ".gitignore");
    const staged = faultJson("lfs.storage", ["--staged"], { cwd: repo });
    expect(staged.report.findings.map((f) => f.file)).toEqual(["model.dat"]);
  });

  it("a pointer whose object is missing: the file is named as not scanned, exit 2", () => {
    const repo = lfsRepo();
    const oid = lfsFile(repo, "model.dat", `${keyLine()}\n`);
    rmSync(join(repo, ".git/lfs/objects", oid.slice(0, 2)), { recursive: true });
    git(repo, "add", "model.dat");
    const r = runFault("lfs object missing, --staged", ["--staged"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: .*model\.dat: its git-lfs content, object [0-9a-f]{12}, is not on this machine; git lfs fetch downloads it/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/model\.dat/);
    git(repo, "commit", "-qm", "model");
    const json = runFault("lfs object missing, --history", ["--history", "--format", "json"], { cwd: repo });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).stats.unreadable).toEqual([{ path: "model.dat", reason: expect.stringMatching(/^its git-lfs content, object [0-9a-f]{12} of commit [0-9a-f]{12}, is not on this machine/) }]);
  });

  it("a text file that only quotes a pointer's oid line is scanned as text, not followed", () => {
    const repo = lfsRepo();
    write(repo, "docs.md", `An LFS pointer has a line like\noid sha256:${"ab".repeat(32)}\nin it.\n`);
    git(repo, "add", "docs.md");
    const r = faultJson("quoted pointer line", ["--staged"], { cwd: repo });
    expect(r.code).toBe(0);
  });
});
