// Odd git set-ups (issue 25): partial clones, exported GIT_DIR / GIT_WORK_TREE,
// a HEAD naming a missing branch, sparse checkouts and conflicts. In each a
// key used to pass with exit 0, or git went to the network; now whatever
// could not be scanned fails the run with one sentence naming it.
import { execFileSync } from "node:child_process";
import { renameSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, expectOneSentence, faultJson, git, initRepo, keyLine, runFault, tempDir, write } from "./helpers.js";

/** Objects a partial clone lacks (`git rev-list --missing=print` never fetches). */
function missingObjects(repo: string): number {
  return git(repo, "rev-list", "--objects", "--all", "--missing=print").split("\n").filter((l) => l.startsWith("?")).length;
}

describe("partial clones (--filter=blob:none)", () => {
  it("--history never fetches: it names the missing blob, exit 2, reachable origin or not", () => {
    const origin = initRepo();
    git(origin, "config", "uploadpack.allowFilter", "true");
    commitFiles(origin, { "a.txt": "first\n" });
    commitFiles(origin, { "secret.txt": `${keyLine()}\n` });
    commitFiles(origin, { "a.txt": "second\n" });
    const parent = tempDir();
    git(parent, "clone", "-q", "--filter=blob:none", "--no-checkout", `file://${origin}`, "clone");
    const clone = join(parent, "clone");
    const before = missingObjects(clone);
    expect(before).toBeGreaterThan(0);

    const r = runFault("partial clone, origin reachable", ["--history"], { cwd: clone });
    expectOneSentence(r, /--history could not read (a\.txt|secret\.txt) \(object [0-9a-f]{12}\): this partial clone does not have it and scan-keys never fetches/);
    // Nothing was fetched behind the scan's back.
    expect(missingObjects(clone)).toBe(before);

    // The origin is gone: still one sentence, at once (the kill timeout catches a wait).
    renameSync(origin, `${origin}-gone`);
    try {
      const gone = runFault("partial clone, origin unreachable", ["--history"], { cwd: clone, timeoutMs: 20_000 });
      expectOneSentence(gone, /this partial clone does not have it and scan-keys never fetches/);
    } finally {
      renameSync(`${origin}-gone`, origin);
    }
  });

  it("--history never waits on a remote that does not answer", async () => {
    const origin = initRepo();
    git(origin, "config", "uploadpack.allowFilter", "true");
    commitFiles(origin, { "secret.txt": `${keyLine()}\n` });
    const parent = tempDir();
    git(parent, "clone", "-q", "--filter=blob:none", "--no-checkout", `file://${origin}`, "clone");
    const clone = join(parent, "clone");
    // A remote that accepts connections and never answers: the kernel accepts them while this
    // process, blocked in spawnSync, never reads. A fetch would wait until the kill timeout.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      git(clone, "remote", "set-url", "origin", `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.git`);
      const r = runFault("partial clone, silent remote", ["--history"], { cwd: clone, timeoutMs: 20_000 });
      expectOneSentence(r, /--history could not read secret\.txt \(object [0-9a-f]{12}\): this partial clone does not have it/);
    } finally {
      server.close();
    }
  });

  it("--staged never fetches the old blob a diff needs: one sentence, nothing fetched", () => {
    const origin = initRepo();
    git(origin, "config", "uploadpack.allowFilter", "true");
    commitFiles(origin, { "a.txt": "first\n" });
    const parent = tempDir();
    git(parent, "clone", "-q", "--filter=blob:none", "--no-checkout", `file://${origin}`, "clone");
    const clone = join(parent, "clone");
    git(clone, "reset", "-q"); // the index from HEAD's tree: object ids only, no blob fetched
    write(clone, "a.txt", `${keyLine()}\n`);
    git(clone, "add", "a.txt");
    const before = missingObjects(clone);
    const r = runFault("partial clone, --staged", ["--staged"], { cwd: clone });
    expectOneSentence(r, /^scan-keys: --staged could not read a\.txt \(object [0-9a-f]{12}\): this partial clone does not have it/);
    expect(missingObjects(clone)).toBe(before);
  });

  it("--config-from a revision whose config blob is not local: one sentence, never 'no config'", () => {
    const origin = initRepo();
    git(origin, "config", "uploadpack.allowFilter", "true");
    commitFiles(origin, { ".scan-keys.toml": "# reviewed config\n" });
    const parent = tempDir();
    git(parent, "clone", "-q", "--filter=blob:none", "--no-checkout", `file://${origin}`, "clone");
    const r = runFault("partial clone, --config-from", ["--history", "--config-from", "origin/main"], { cwd: join(parent, "clone") });
    expectOneSentence(r, /^scan-keys: --config-from could not read \.scan-keys\.toml \(object [0-9a-f]{12}\): this partial clone does not have it/);
  });

  it("--history scans a partial clone whose blobs are all local", () => {
    const origin = initRepo();
    git(origin, "config", "uploadpack.allowFilter", "true");
    commitFiles(origin, { "secret.txt": `${keyLine()}\n` });
    const parent = tempDir();
    git(parent, "clone", "-q", "--filter=blob:none", `file://${origin}`, "clone");
    const r = faultJson("partial clone, all local", ["--history"], { cwd: join(parent, "clone") });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["secret.txt"]);
  });
});

describe("--history when HEAD names a missing branch", () => {
  it("a bare mirror whose HEAD still says master: one sentence, exit 2; --all scans it", () => {
    const repo = initRepo();
    commitFiles(repo, { "secret.txt": `${keyLine()}\n` });
    const parent = tempDir();
    git(parent, "clone", "-q", "--mirror", repo, "mirror.git");
    const mirror = join(parent, "mirror.git");
    git(mirror, "symbolic-ref", "HEAD", "refs/heads/master");
    const r = runFault("dangling HEAD", ["--history"], { cwd: mirror });
    expectOneSentence(r, /HEAD, which names refs\/heads\/master, a branch that does not exist here .* nothing was scanned; scan every branch with --history --all/);
    const all = faultJson("dangling HEAD, --all", ["--history", "--all"], { cwd: mirror });
    expect(all.report.findings.map((f) => f.file)).toEqual(["secret.txt"]);
  });

  it("a new repository with no commits at all has nothing to scan: exit 0", () => {
    const r = faultJson("no commits", ["--history"], { cwd: initRepo() });
    expect(r.code).toBe(0);
  });
});

describe("exported GIT_DIR / GIT_WORK_TREE (a dotfiles set-up)", () => {
  it("scan-keys <dir> outside that work tree walks the directory; inside it, git lists it", () => {
    const home = tempDir();
    const dotfiles = join(home, ".dotfiles");
    git(home, "init", "-q", "--bare", dotfiles);
    write(home, "work/.bashrc", `${keyLine()}\n`);
    write(home, "work/ignored.env", `${keyLine()}\n`);
    write(home, "work/.gitignore", "ignored.env\n");
    const env = { GIT_DIR: dotfiles, GIT_WORK_TREE: join(home, "work") };
    execFileSync("git", ["add", ".bashrc", ".gitignore"], { cwd: join(home, "work"), env: { ...process.env, ...env } });
    write(home, "project/config.js", `${keyLine()}\n`);

    const outside = faultJson("GIT_DIR set, dir outside", ["."], { cwd: join(home, "project"), env });
    expect(outside.report.findings.map((f) => f.file)).toEqual(["config.js"]);
    expect(outside.report.stats.files).toBe(1);
    const named = faultJson("GIT_DIR set, dir named", [join(home, "project")], { cwd: join(home, "work"), env });
    expect(named.report.findings.map((f) => f.file)).toEqual(["config.js"]);
    // Inside the work tree git still lists it: the ignored file is not scanned.
    const inside = faultJson("GIT_DIR set, dir inside", ["."], { cwd: join(home, "work"), env });
    expect(inside.report.findings.map((f) => f.file)).toEqual([".bashrc"]);
  });
});

describe("sparse checkouts and conflicts", () => {
  it("a sparse checkout: --staged scans a staged out-of-cone change; a tree scan names out-of-cone files", () => {
    const repo = initRepo();
    commitFiles(repo, { "in/a.txt": "a\n", "out/b.txt": "b\n" });
    git(repo, "sparse-checkout", "set", "in");
    const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo, input: `${keyLine()}\n`, encoding: "utf8" }).trim();
    git(repo, "update-index", "--cacheinfo", `100644,${blob},out/b.txt`);
    const staged = faultJson("sparse, --staged", ["--staged"], { cwd: repo });
    expect(staged.report.findings.map((f) => f.file)).toEqual(["out/b.txt"]);
    git(repo, "reset", "-q");
    git(repo, "sparse-checkout", "reapply");
    const tree = faultJson("sparse, tree", ["."], { cwd: repo });
    expect(tree.report.stats.files).toBe(1);
    expect(tree.report.stats.skipped).toEqual([{ path: "out/b.txt", reason: expect.stringMatching(/^outside the sparse-checkout cone/) }]);
  });

  it("--staged during a conflict names the unmerged path as not scanned: exit 2", () => {
    const repo = initRepo();
    commitFiles(repo, { "f.txt": "base\n" });
    git(repo, "checkout", "-q", "-b", "side");
    commitFiles(repo, { "f.txt": `${keyLine()}\n` });
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "f.txt": "main\n" });
    expect(() => git(repo, "merge", "side")).toThrow();
    const r = runFault("unmerged path, --staged", ["--staged"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: .*f\.txt: unmerged: a conflict not yet resolved, so what it will commit is not decided; resolve it and git add it/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/f\.txt: unmerged/);
  });
});
