// --pre-push and the remote being pushed to (issue 25, items 2 and 3, and
// tags on blobs and trees): a commit another remote has is still new to this
// one; a hook whose stdin an earlier command read fails closed; a tag on a
// blob or tree sends that content, so it is scanned.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, commitFiles, expectOneSentence, faultJson, git, initRepo, keyLine, runFault, tempDir, write } from "./helpers.js";

const ZERO = "0".repeat(40);
/** Whether git-lfs is installed (Debian's git-lfs here). */
const HAS_GIT_LFS = spawnSync("git", ["lfs", "version"]).status === 0;

/** A real `git push` (the hook runs the CLI), killed if it hangs. */
function tryGit(cwd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", timeout: 60_000, killSignal: "SIGKILL", env: { ...process.env, NO_COLOR: "1" } });
  expect(r.error, `git ${args.join(" ")} did not finish in time`).toBeUndefined();
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** A repository with two bare remotes, `private` and `public`, both holding a clean `main`. */
function twoRemotes() {
  const remotes = tempDir();
  const priv = join(remotes, "private.git");
  const pub = join(remotes, "public.git");
  git(remotes, "init", "-q", "--bare", "-b", "main", priv);
  git(remotes, "init", "-q", "--bare", "-b", "main", pub);
  const repo = initRepo();
  git(repo, "remote", "add", "private", priv);
  git(repo, "remote", "add", "public", pub);
  const base = commitFiles(repo, { "a.txt": "clean\n" }, "base");
  git(repo, "push", "-q", "--no-verify", "private", "main");
  git(repo, "push", "-q", "--no-verify", "public", "main");
  return { repo, priv, pub, base };
}

/** A pre-push hook: `before` (shell lines), then the scan with git's arguments, as a fixed hook runs it. */
function hook(repo: string, before = ""): void {
  const file = join(repo, ".git/hooks/pre-push");
  write(repo, ".git/hooks/pre-push", `#!/bin/sh\n${before}exec "${process.execPath}" "${CLI}" --pre-push "$@"\n`);
  chmodSync(file, 0o755);
}

describe("--pre-push excludes only what the remote being pushed to has", () => {
  it("a key pushed to a private remote (with --no-verify) is scanned when the branch goes to a public one", () => {
    const { repo, pub } = twoRemotes();
    git(repo, "checkout", "-q", "-b", "topic");
    const keyed = commitFiles(repo, { "secret.txt": `${keyLine()}\n` }, "key");
    git(repo, "push", "-q", "--no-verify", "private", "topic");
    const line = `refs/heads/topic ${keyed} refs/heads/topic ${ZERO}\n`;

    const r = faultJson("pre-push to public, private has it", ["--pre-push", "public", pub], { cwd: repo, input: line });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["secret.txt"]);
    // To the private remote, which has it: nothing new.
    const priv = faultJson("pre-push to private, which has it", ["--pre-push", "private", "unused-url"], { cwd: repo, input: line });
    expect(priv.code).toBe(0);
    expect(priv.report.stats.commits ?? 0).toBe(0);
    // A hook that does not pass the remote keeps the old rule, and says so.
    const old = faultJson("pre-push without the remote", ["--pre-push"], { cwd: repo, input: line });
    expect(old.report.stats.notes).toEqual([expect.stringMatching(/did not pass git's remote name/)]);

    // Through a real push: blocked, to the remote's name and to its URL.
    hook(repo);
    const named = tryGit(repo, ["push", "public", "topic"]);
    expect(named.code).not.toBe(0);
    expect(named.out).toMatch(/secret\.txt/);
    const byUrl = tryGit(repo, ["push", pub, "topic"]);
    expect(byUrl.code).not.toBe(0);
    expect(git(pub, "branch", "--list", "topic")).toBe("");
  });

  it("a push to a URL with no tracking refs excludes the remote's sha from stdin, and only scans what is new", () => {
    const { repo, pub, base } = twoRemotes();
    const clean = commitFiles(repo, { "b.txt": "clean\n" }, "clean");
    const r = faultJson("pre-push to URL, existing branch", ["--pre-push", pub, pub], { cwd: repo, input: `refs/heads/main ${clean} refs/heads/main ${base}\n` });
    expect(r.code).toBe(0);
    expect(r.report.stats.commits).toBe(1);
  });
});

describe("--pre-push with empty standard input", () => {
  it("fails closed when git passed <remote> <url> but an earlier hook command read stdin", () => {
    const { repo, pub } = twoRemotes();
    commitFiles(repo, { "secret.txt": `${keyLine()}\n` }, "key");
    const r = runFault("pre-push, stdin consumed", ["--pre-push", "public", pub], { cwd: repo, input: "" });
    expectOneSentence(r, /git is pushing to public but standard input had no pre-push lines .* nothing was scanned/);
    // A hook that reads stdin before the scan (as `git lfs pre-push "$@"` does): the push is stopped.
    hook(repo, "cat > /dev/null\n");
    const push = tryGit(repo, ["push", "public", "main"]);
    expect(push.code).not.toBe(0);
    expect(push.out).toMatch(/no pre-push lines/);
    expect(git(repo, "rev-parse", "public/main")).not.toBe(git(repo, "rev-parse", "main"));
  });

  it.skipIf(!HAS_GIT_LFS)("with git lfs pre-push before the scan (the issue's hook): pushing a branch other than HEAD is stopped", () => {
    const { repo } = twoRemotes();
    git(repo, "checkout", "-q", "-b", "topic");
    commitFiles(repo, { "secret.txt": `${keyLine()}\n` }, "key");
    git(repo, "checkout", "-q", "main");
    hook(repo, 'git lfs pre-push "$@"\n');
    const push = tryGit(repo, ["push", "public", "topic"]);
    expect(push.code).not.toBe(0);
    expect(push.out).toMatch(/git is pushing to public but standard input had no pre-push lines/);
    expect(git(repo, "ls-remote", "public", "topic")).toBe("");
  });

  it("run by hand (no arguments, no lines): scans HEAD's commits no remote has, and says so", () => {
    const { repo } = twoRemotes();
    commitFiles(repo, { "secret.txt": `${keyLine()}\n` }, "key");
    const r = faultJson("pre-push by hand", ["--pre-push"], { cwd: repo, input: "" });
    expect(r.report.findings.map((f) => f.file)).toEqual(["secret.txt"]);
    expect(r.report.stats.notes).toEqual([expect.stringMatching(/no pre-push lines on standard input/)]);
  });
});

describe("--pre-push scans tags that point at a blob or a tree", () => {
  it("a blob tag and a tree tag are scanned, through stdin and through a real push", () => {
    const { repo, pub } = twoRemotes();
    write(repo, "loose/secret.txt", `${keyLine()}\n`);
    const blob = git(repo, "hash-object", "-w", "loose/secret.txt").trim();
    // Another key in the tree (one secret is reported once, at its first place).
    write(repo, "loose/other.txt", `${keyLine()}\n`);
    const other = git(repo, "hash-object", "-w", "loose/other.txt").trim();
    const treeWithKey = execFileSync("git", ["mktree"], { cwd: repo, input: `100644 blob ${other}\tsecret.txt\n`, encoding: "utf8" }).trim();
    git(repo, "tag", "keyblob", blob);
    git(repo, "tag", "keytree", treeWithKey);
    const input = `refs/tags/keyblob ${blob} refs/tags/keyblob ${ZERO}\nrefs/tags/keytree ${treeWithKey} refs/tags/keytree ${ZERO}\n`;
    const r = faultJson("pre-push, blob and tree tags", ["--pre-push", "public", pub], { cwd: repo, input });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file).sort()).toEqual(["refs/tags/keyblob", "refs/tags/keytree:secret.txt"]);

    hook(repo);
    const push = tryGit(repo, ["push", "public", "refs/tags/keyblob"]);
    expect(push.code).not.toBe(0);
    expect(git(pub, "tag", "--list")).toBe("");
  });
});
