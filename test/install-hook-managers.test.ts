// install-hook with hook managers that generate the hooks: scan-keys goes
// into their own config (lefthook.yml, simple-git-hooks' package.json key,
// .pre-commit-config.yaml), never into the hook they generate; an edit that
// is unsafe writes nothing and prints the snippet (exit 2); uninstall-hook
// gives back the file exactly. Real commits through lefthook and
// simple-git-hooks from the registry are in hooks-installed.test.ts; the
// pre-commit framework (Debian's package, no network) runs here.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { asDependency, git, initRepo, installHook, runCli, write } from "./helpers/gitrepo.js";
import { expectBlocksThenAllows } from "./helpers/hook.js";

const MARKER = "# scan-keys hook (remove with: scan-keys uninstall-hook)";
const hasPreCommit = spawnSync("pre-commit", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasPreCommit) console.warn("skipping the pre-commit framework commits: pre-commit is not installed (apt-get install pre-commit)");

function project(files: Record<string, string>): string {
  const repo = initRepo();
  asDependency(repo);
  for (const [p, c] of Object.entries(files)) write(repo, p, c);
  return repo;
}

const read = (repo: string, p: string) => readFileSync(join(repo, p), "utf8");

describe("install-hook with lefthook", () => {
  const original = [
    "# our hooks",
    "pre-commit:",
    "  parallel: true",
    "  commands:",
    "    lint:",
    "      run: npx eslint {staged_files}   # keep this comment",
    "pre-push:",
    "  jobs:",
    "    - name: audit",
    "      run: npm audit",
    "",
  ].join("\n");

  it("adds a command to lefthook.yml (comments and order kept), once; pre-push gets use_stdin; uninstall gives the file back exactly", () => {
    const repo = project({ "lefthook.yml": original });
    expect(installHook(repo)).toMatch(/^added a scan-keys entry to lefthook\.yml \(lefthook\), which runs it before every commit\.\nnext: run `npx lefthook install`/);
    const once = read(repo, "lefthook.yml");
    expect(once).toContain(`    scan-keys:  ${MARKER}\n      run: node_modules/.bin/scan-keys --staged\n    lint:\n      run: npx eslint {staged_files}   # keep this comment\n`);
    expect(installHook(repo)).toMatch(/already runs scan-keys --staged; nothing changed/);
    expect(read(repo, "lefthook.yml")).toBe(once);
    installHook(repo, "--pre-push");
    const both = parseYaml(read(repo, "lefthook.yml"));
    expect(both["pre-push"].jobs[0]).toEqual({ name: "scan-keys", run: expect.stringMatching(/^node_modules\/\.bin\/scan-keys --pre-push( \{1\} \{2\})?$/), use_stdin: true });
    expect(both["pre-push"].jobs[1]).toEqual({ name: "audit", run: "npm audit" });
    expect(both["pre-commit"]).toEqual({ parallel: true, commands: { "scan-keys": { run: "node_modules/.bin/scan-keys --staged" }, lint: { run: "npx eslint {staged_files}" } } });
    // Nothing went into the hooks directory.
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expect(runCli(["uninstall-hook", "--pre-push"], { cwd: repo }).stdout).toMatch(/^removed the scan-keys entry from lefthook\.yml/);
    expect(read(repo, "lefthook.yml")).toBe(once);
    expect(runCli(["uninstall-hook"], { cwd: repo }).code).toBe(0);
    expect(read(repo, "lefthook.yml")).toBe(original);
  });

  it("a config without the hook gets a new block, removed whole by uninstall", () => {
    const text = "pre-push:\n  commands:\n    audit:\n      run: npm audit\n";
    const repo = project({ ".lefthook.yml": text });
    installHook(repo);
    expect(parseYaml(read(repo, ".lefthook.yml"))["pre-commit"]).toEqual({ commands: { "scan-keys": { run: "node_modules/.bin/scan-keys --staged" } } });
    runCli(["uninstall-hook"], { cwd: repo });
    expect(read(repo, ".lefthook.yml")).toBe(text);
  });

  it("never edits lefthook's generated hook, and refuses what it cannot edit safely: exit 2, the snippet, the file unchanged", () => {
    for (const [file, text] of [
      ["lefthook.toml", "[pre-commit.commands.lint]\nrun = 'npx eslint'\n"],
      ["lefthook.yml", "pre-commit: { commands: { lint: { run: npx eslint } } }\n"],
      ["lefthook.yml", "pre-commit:\n  commands: &shared\n    lint:\n      run: npx eslint\npre-push:\n  commands: *shared\n"],
    ] as const) {
      const repo = project({ [file]: text });
      const hook = "#!/bin/sh\ncall_lefthook()\n{\n  lefthook \"$@\"\n}\ncall_lefthook run \"pre-commit\" \"$@\"\n";
      write(repo, ".git/hooks/pre-commit", hook);
      const r = runCli(["install-hook"], { cwd: repo });
      expect(r.code, file).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^scan-keys: ${file.replace(".", "\\.")} is lefthook's .*(does not edit|so scan-keys did not edit it); nothing was written\\. Add this to ${file.replace(".", "\\.")} yourself:\n$`));
      expect(r.stdout).toBe("pre-commit:\n  commands:\n    scan-keys:\n      run: node_modules/.bin/scan-keys --staged\n");
      expect(read(repo, file)).toBe(text);
      expect(read(repo, ".git/hooks/pre-commit")).toBe(hook);
    }
  });

  it("a hook lefthook generated, with no config at the top of the work tree: exit 2, nothing written", () => {
    const repo = project({});
    write(repo, ".git/hooks/pre-commit", "#!/bin/sh\ncall_lefthook run \"pre-commit\" \"$@\"\n");
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/generated by lefthook, but its config file is not at the top of the work tree/);
    expect(read(repo, ".git/hooks/pre-commit")).not.toContain("scan-keys");
  });

  it("scan-keys not a dependency: the committed config must not name this machine's copy (exit 2, the portable snippet)", () => {
    const repo = initRepo();
    write(repo, "package.json", '{ "name": "demo" }\n');
    write(repo, "lefthook.yml", "pre-push:\n  commands: {}\n");
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a dependency of this repository, and lefthook\.yml is committed/);
    expect(r.stdout).toContain("run: node_modules/.bin/scan-keys --staged");
    expect(read(repo, "lefthook.yml")).toBe("pre-push:\n  commands: {}\n");
  });
});

describe("which manager", () => {
  it("the one git runs wins: husky active (core.hooksPath in .husky/) beside a stray lefthook.yml gets the husky line", () => {
    const repo = project({ "lefthook.yml": "pre-commit:\n  commands: {}\n", ".husky/pre-commit": "" });
    git(repo, "config", "core.hooksPath", ".husky/_");
    expect(installHook(repo)).toMatch(/^added one scan-keys line to the existing \.husky\/pre-commit \(husky\)/);
    expect(read(repo, "lefthook.yml")).toBe("pre-commit:\n  commands: {}\n");
  });
});

describe("install-hook with simple-git-hooks", () => {
  it("puts scan-keys first in the package.json command (after its SKIP_SIMPLE_GIT_HOOKS check, so no second scan); uninstall restores it", () => {
    const repo = initRepo();
    asDependency(repo);
    const pkg = JSON.parse(read(repo, "package.json"));
    pkg["simple-git-hooks"] = { "pre-commit": "npx lint-staged" };
    const before = `${JSON.stringify(pkg, null, 2)}\n`;
    write(repo, "package.json", before);
    const msg = installHook(repo);
    expect(msg).toMatch(/^put scan-keys --staged first in the "pre-commit" command of package\.json \(simple-git-hooks\)/);
    expect(msg).toMatch(/next: run `npx simple-git-hooks`/);
    expect(JSON.parse(read(repo, "package.json"))["simple-git-hooks"]).toEqual({ "pre-commit": "node_modules/.bin/scan-keys --staged || exit $?; npx lint-staged" });
    expect(installHook(repo)).toMatch(/already runs scan-keys --staged; nothing changed/);
    expect(runCli(["uninstall-hook"], { cwd: repo }).code).toBe(0);
    expect(read(repo, "package.json")).toBe(before);
  });

  it("a JavaScript config is not edited: exit 2 and the snippet", () => {
    const repo = project({ ".simple-git-hooks.cjs": 'module.exports = { "pre-commit": "npx lint-staged" };\n' });
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/simple-git-hooks' JavaScript config, which scan-keys does not edit/);
    expect(JSON.parse(r.stdout)).toEqual({ "simple-git-hooks": { "pre-commit": "node_modules/.bin/scan-keys --staged" } });
  });
});

describe("install-hook with the pre-commit framework", () => {
  const config = "repos:\n- repo: local\n  hooks:\n  - id: say-hi\n    name: say hi\n    entry: echo hi\n    language: system\n# more repos below\n";

  it.skipIf(!hasPreCommit)("adds a local hook to .pre-commit-config.yaml (not to the hook pre-commit generated); a real commit with a key is blocked", () => {
    const repo = project({ ".pre-commit-config.yaml": config });
    const env = { PRE_COMMIT_HOME: join(repo, ".git/pre-commit-home") };
    const inst = spawnSync("pre-commit", ["install"], { cwd: repo, encoding: "utf8", env: { ...process.env, ...env } });
    expect(inst.status, inst.stderr).toBe(0);
    const generated = read(repo, ".git/hooks/pre-commit");
    expect(installHook(repo)).toMatch(/^added a scan-keys entry to \.pre-commit-config\.yaml \(the pre-commit framework\), which runs it before every commit\.\n$/);
    expect(read(repo, ".git/hooks/pre-commit")).toBe(generated);
    const doc = parseYaml(read(repo, ".pre-commit-config.yaml"));
    expect(doc.repos[1]).toEqual({
      repo: "local",
      hooks: [{ id: "scan-keys", name: "scan-keys", entry: "node_modules/.bin/scan-keys --staged", language: "system", pass_filenames: false, always_run: true }],
    });
    expect(read(repo, ".pre-commit-config.yaml")).toContain("# more repos below\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "--no-verify", "-m", "set up");
    process.env.PRE_COMMIT_HOME = env.PRE_COMMIT_HOME;
    try {
      expectBlocksThenAllows(repo);
    } finally {
      delete process.env.PRE_COMMIT_HOME;
    }
    expect(runCli(["uninstall-hook"], { cwd: repo }).code).toBe(0);
    expect(read(repo, ".pre-commit-config.yaml")).toBe(config);
  });

  it("the hook repository entry counts as installed; --pre-push is refused with a sentence (pre-commit does not hand hooks git's lines)", () => {
    const repo = project({ ".pre-commit-config.yaml": "repos:\n  - repo: https://example.invalid/scan-keys\n    rev: v0.1.0\n    hooks:\n      - id: scan-keys\n" });
    expect(installHook(repo)).toMatch(/already runs scan-keys --staged; nothing changed/);
    const r = runCli(["install-hook", "--pre-push"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not hand git's pre-push lines to its hooks/);
  });
});

describe("install-hook under Yarn Plug'n'Play", () => {
  it("writes `yarn scan-keys` (PnP makes no node_modules/.bin)", () => {
    const repo = project({ ".pnp.cjs": "// Yarn PnP runtime\n" });
    write(repo, ".husky/pre-commit", "");
    chmodSync(join(repo, ".husky/pre-commit"), 0o644);
    installHook(repo);
    expect(read(repo, ".husky/pre-commit")).toBe(`yarn scan-keys --staged || exit $?  ${MARKER}\n`);
  });
});

describe("the README's snippets are what install-hook writes", () => {
  const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
  it("lefthook and the pre-commit framework: the snippet printed when an edit is refused is in the README", () => {
    const lefthook = project({ "lefthook.yml": "pre-commit: {}\n" });
    const a = runCli(["install-hook"], { cwd: lefthook });
    expect(a.code).toBe(2);
    expect(readme).toContain(a.stdout);
    const preCommit = project({ ".pre-commit-config.yaml": "repos: []\n" });
    const b = runCli(["install-hook"], { cwd: preCommit });
    expect(b.code).toBe(2);
    expect(readme).toContain(b.stdout);
  });
});

