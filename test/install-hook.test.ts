// install-hook / uninstall-hook: the right file, never an overwrite, idempotent,
// and real commits through each set-up (plain, core.hooksPath, husky v9).
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { asDependency, commitFiles, git, initRepo, installHook, keyLine, runCli, tempDir, tryGit, write } from "./helpers/gitrepo.js";
import { expectBlocksThenAllows } from "./helpers/hook.js";

const hasGitLfs = spawnSync("git", ["lfs", "version"], { stdio: "ignore" }).status === 0;

/** A repository with a bare remote that already has main (one clean commit). */
function withRemote(): { repo: string; remote: string } {
  const repo = initRepo();
  const remote = tempDir("scan-keys-remote-");
  git(remote, "init", "-q", "--bare");
  commitFiles(repo, { "README.md": "hello\n" }, "first");
  git(repo, "remote", "add", "origin", remote);
  git(repo, "push", "-q", "--no-verify", "origin", "main");
  return { repo, remote };
}

const MARKER = "# scan-keys hook";

describe("install-hook", () => {
  it("creates .git/hooks/pre-commit (executable) and says so; a second run changes nothing", () => {
    const repo = initRepo();
    const msg = installHook(repo);
    expect(msg).toMatch(/^created \.git\/hooks\/pre-commit: /);
    expect(msg.trim().split("\n")).toHaveLength(1);
    const file = join(repo, ".git/hooks/pre-commit");
    expect(statSync(file).mode & 0o111).not.toBe(0);
    const first = readFileSync(file, "utf8");
    expect(first.startsWith("#!/bin/sh\n")).toBe(true);
    expect(installHook(repo)).toMatch(/already runs scan-keys; nothing changed/);
    expect(readFileSync(file, "utf8")).toBe(first);
    expectBlocksThenAllows(repo);
  });

  it("adds one line right after the shebang of an existing hook (a final exit cannot skip it); uninstall restores it exactly", () => {
    const repo = initRepo();
    const file = join(repo, ".git/hooks/pre-commit");
    const original = "#!/bin/sh\necho running my checks\nexit 0\n";
    writeFileSync(file, original);
    chmodSync(file, 0o755);
    expect(installHook(repo)).toMatch(/^added one scan-keys line to the existing \.git\/hooks\/pre-commit/);
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")[1]).toContain(MARKER);
    expect(text.split("\n").filter((l) => l.includes(MARKER))).toHaveLength(1);
    expect(text).toContain("echo running my checks\nexit 0\n");
    expectBlocksThenAllows(repo);
    const r = runCli(["uninstall-hook"], { cwd: repo });
    expect(r.stdout).toMatch(/removed the scan-keys line/);
    expect(readFileSync(file, "utf8")).toBe(original);
  });

  it("uninstall removes a hook file that held only its line", () => {
    const repo = initRepo();
    installHook(repo);
    expect(runCli(["uninstall-hook"], { cwd: repo }).stdout).toMatch(/^removed \.git\/hooks\/pre-commit/);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expect(runCli(["uninstall-hook"], { cwd: repo }).stdout).toMatch(/nothing to remove/);
  });

  it("installs into core.hooksPath when it is set", () => {
    const repo = initRepo();
    asDependency(repo); // .githooks is committed: the line names the repository's own scan-keys
    git(repo, "config", "core.hooksPath", ".githooks");
    expect(installHook(repo)).toMatch(/^created \.githooks\/pre-commit \(core\.hooksPath\)/);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expectBlocksThenAllows(repo);
  });

  it("uses husky's .husky/pre-commit (husky v9 layout) and keeps the user's commands", () => {
    const repo = initRepo();
    asDependency(repo);
    // husky v9: core.hooksPath=.husky/_, whose generated hooks run the user's .husky/<hook> with sh -e.
    mkdirSync(join(repo, ".husky/_"), { recursive: true });
    writeFileSync(join(repo, ".husky/_/h"), '#!/usr/bin/env sh\nn=$(basename "$0")\ns=$(dirname "$(dirname "$0")")/$n\n[ ! -f "$s" ] && exit 0\nsh -e "$s" "$@"\n', { mode: 0o755 });
    writeFileSync(join(repo, ".husky/_/pre-commit"), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n', { mode: 0o755 });
    writeFileSync(join(repo, ".husky/pre-commit"), "echo lint-staged would run here\n");
    git(repo, "config", "core.hooksPath", ".husky/_");
    expect(installHook(repo)).toMatch(/^added one scan-keys line to the existing \.husky\/pre-commit \(husky\)/);
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toMatch(/^node_modules\/\.bin\/scan-keys --staged \|\| exit \$\? {2}# scan-keys hook.*\necho lint-staged would run here\n$/);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expectBlocksThenAllows(repo);
  });

  it("warns when .husky exists but git does not use it yet", () => {
    const repo = initRepo();
    asDependency(repo);
    mkdirSync(join(repo, ".husky"));
    const msg = installHook(repo);
    expect(msg).toMatch(/npx husky/);
    expect(existsSync(join(repo, ".husky/pre-commit"))).toBe(true);
  });

  it("--pre-push installs a separate hook line that runs --pre-push", () => {
    const repo = initRepo();
    installHook(repo);
    expect(installHook(repo, "--pre-push")).toMatch(/^created \.git\/hooks\/pre-push: /);
    expect(readFileSync(join(repo, ".git/hooks/pre-push"), "utf8")).toMatch(/--pre-push( "\$@")? <"\$scan_keys_stdin" \|\| \{/);
    expect(runCli(["uninstall-hook", "--pre-push"], { cwd: repo }).code).toBe(0);
    expect(existsSync(join(repo, ".git/hooks/pre-push"))).toBe(false);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(true);
  });

  it("--pre-push reads git's lines first and hands the same lines to the rest of the hook", () => {
    const { repo } = withRemote();
    const file = join(repo, ".git/hooks/pre-push");
    // A hook that reads stdin itself, as git lfs pre-push does.
    writeFileSync(file, '#!/bin/sh\ncat > "$(git rev-parse --git-dir)/seen-by-hook"\n', { mode: 0o755 });
    expect(installHook(repo, "--pre-push")).toMatch(/^added one scan-keys line to the existing \.git\/hooks\/pre-push/);
    expect(readFileSync(file, "utf8").split("\n")[1]).toContain(MARKER); // first, before the hook's own reader
    git(repo, "checkout", "-q", "-b", "feature");
    commitFiles(repo, { "k.txt": `${keyLine()}\n` }, "with key");
    const blocked = tryGit(repo, ["push", "origin", "feature"]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toMatch(/k\.txt:1:/);
    git(repo, "reset", "-q", "--hard", "HEAD~1");
    commitFiles(repo, { "c.txt": "clean\n" }, "clean");
    const clean = tryGit(repo, ["push", "origin", "feature"]);
    expect(clean.code, clean.out).toBe(0);
    const head = git(repo, "rev-parse", "HEAD").trim();
    expect(readFileSync(join(repo, ".git/seen-by-hook"), "utf8")).toBe(`refs/heads/feature ${head} refs/heads/feature ${"0".repeat(40)}\n`);
    expect(runCli(["uninstall-hook", "--pre-push"], { cwd: repo }).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe('#!/bin/sh\ncat > "$(git rev-parse --git-dir)/seen-by-hook"\n');
  });

  it.skipIf(!hasGitLfs)("--pre-push beside git lfs: a key on another branch is blocked, and git lfs still pushes its objects", () => {
    const { repo, remote } = withRemote();
    git(repo, "lfs", "install", "--local");
    git(repo, "lfs", "track", "*.bin");
    git(repo, "add", ".gitattributes");
    git(repo, "commit", "-q", "--no-verify", "-m", "track *.bin with git lfs");
    expect(readFileSync(join(repo, ".git/hooks/pre-push"), "utf8")).toContain("git lfs pre-push");
    installHook(repo, "--pre-push");
    git(repo, "checkout", "-q", "-b", "feature");
    commitFiles(repo, { "k.txt": `${keyLine()}\n` }, "with key");
    const blocked = tryGit(repo, ["push", "origin", "feature"]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toMatch(/k\.txt:1:/);
    git(repo, "reset", "-q", "--hard", "HEAD~1");
    write(repo, "data.bin", Buffer.from("large file content, stored by git lfs\n"));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "--no-verify", "-m", "lfs file");
    const clean = tryGit(repo, ["push", "origin", "feature"]);
    expect(clean.code, clean.out).toBe(0);
    const oid = /oid sha256:([0-9a-f]{64})/.exec(git(repo, "cat-file", "-p", "HEAD:data.bin"))![1]!;
    expect(existsSync(join(remote, "lfs/objects", oid.slice(0, 2), oid.slice(2, 4), oid))).toBe(true);
  });

  it("works in the dotfiles layout: a bare repository with GIT_DIR and GIT_WORK_TREE exported", () => {
    const home = tempDir("scan-keys-home-");
    const bare = tempDir("scan-keys-dotfiles-");
    git(bare, "init", "-q", "--bare");
    const env = { GIT_DIR: bare, GIT_WORK_TREE: home };
    for (const [k, v] of [["user.name", "Test User"], ["user.email", "test@example.invalid"], ["commit.gpgsign", "false"]]) tryGit(home, ["config", k!, v!], env);
    const r = runCli(["install-hook"], { cwd: home, env });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^created .*\/hooks\/pre-commit: /);
    expect(existsSync(join(bare, "hooks/pre-commit"))).toBe(true);
    write(home, ".bashrc", `export ${keyLine().replace("const ", "")}\n`);
    tryGit(home, ["add", ".bashrc"], env);
    const blocked = tryGit(home, ["commit", "-m", "with key"], env);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toMatch(/\.bashrc:1:/);
    write(home, ".bashrc", "alias ll='ls -l'\n");
    tryGit(home, ["add", ".bashrc"], env);
    const clean = tryGit(home, ["commit", "-m", "clean"], env);
    expect(clean.code, clean.out).toBe(0);
  });

  it("outside a repository: exit 2, one sentence", () => {
    const dir = join(initRepo(), ".."); // the temp dir's parent is not a repository
    const r = runCli(["install-hook"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git work tree/);
  });
});
