// install-hook / uninstall-hook: the right file, never an overwrite, idempotent,
// and real commits through each set-up (plain, core.hooksPath, husky v9).
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asDependency, git, initRepo, installHook, runCli } from "./helpers/gitrepo.js";
import { expectBlocksThenAllows } from "./helpers/hook.js";

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
    expect(readFileSync(join(repo, ".git/hooks/pre-push"), "utf8")).toMatch(/--pre-push \|\| exit/);
    expect(runCli(["uninstall-hook", "--pre-push"], { cwd: repo }).code).toBe(0);
    expect(existsSync(join(repo, ".git/hooks/pre-push"))).toBe(false);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(true);
  });

  it("outside a repository: exit 2, one sentence", () => {
    const dir = join(initRepo(), ".."); // the temp dir's parent is not a repository
    const r = runCli(["install-hook"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git work tree/);
  });
});
