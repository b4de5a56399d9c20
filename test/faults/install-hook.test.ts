// install-hook faults: hooks that are not shell scripts, unwritable or
// outside hook locations, and committed hooks that must work on every clone.
// Each case runs the real CLI on a real repository; where a snippet is
// printed, the test applies it and commits through the hook.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asDependency, CLI, git, initRepo, keyLine, runCli, tempDir, tryGit, write } from "../helpers/gitrepo.js";
import { expectBlocksThenAllows } from "../helpers/hook.js";

const has = (cmd: string) => spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;

function hookFile(repo: string, content: string | Buffer): string {
  const file = join(repo, ".git/hooks/pre-commit");
  writeFileSync(file, content);
  chmodSync(file, 0o755);
  return file;
}

/** Puts `line` right after the first line of `file`, as the printed instructions say. */
function insertAfterFirstLine(file: string, line: string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  lines.splice(1, 0, line);
  writeFileSync(file, lines.join("\n"));
}

describe("install-hook into hooks that are not shell scripts", () => {
  it.skipIf(!has("python3"))("a Python hook is left untouched: exit 2, and the printed line works when added", () => {
    const repo = initRepo();
    const original = '#!/usr/bin/env python3\nimport sys\nprint("python hook ran")\nsys.exit(0)\n';
    const file = hookFile(repo, original);
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^scan-keys: \.git\/hooks\/pre-commit is a Python script, not a sh\/bash\/zsh script.*it is unchanged\.$/);
    expect(readFileSync(file, "utf8")).toBe(original);
    const line = r.stdout.split("\n").find((l) => l.startsWith("import subprocess"));
    expect(line).toBeDefined();
    insertAfterFirstLine(file, line!);
    expectBlocksThenAllows(repo);
    expect(runCli(["install-hook"], { cwd: repo }).stdout).toMatch(/already runs scan-keys/);
  });

  it("a Node.js hook: the printed line works when added", () => {
    const repo = initRepo();
    const file = hookFile(repo, '#!/usr/bin/env node\nconsole.log("node hook ran");\n');
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a Node\.js script/);
    insertAfterFirstLine(file, r.stdout.split("\n").find((l) => l.startsWith("{ const r ="))!);
    expectBlocksThenAllows(repo);
  });

  it("a binary hook is left untouched: exit 2, and the printed wrapper works when run", () => {
    const repo = initRepo();
    const truth = ["/bin/true", "/usr/bin/true"].find((p) => existsSync(p))!;
    const file = join(repo, ".git/hooks/pre-commit");
    copyFileSync(truth, file);
    chmodSync(file, 0o755);
    const before = readFileSync(file);
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a binary program, not a sh\/bash\/zsh script/);
    expect(readFileSync(file).equals(before)).toBe(true);
    const script = r.stdout.slice(r.stdout.indexOf("mv "));
    const applied = spawnSync("sh", ["-e"], { cwd: repo, input: script, encoding: "utf8" });
    expect(applied.status, applied.stderr).toBe(0);
    expect(readFileSync(`${file}.orig`).equals(before)).toBe(true);
    expectBlocksThenAllows(repo);
    // The wrapper's scan line carries the marker: uninstall removes it, and the original hook still runs.
    expect(runCli(["uninstall-hook"], { cwd: repo }).stdout).toMatch(/removed the scan-keys line/);
    expect(readFileSync(file, "utf8")).toContain('exec "$0.orig" "$@"');
    write(repo, "k.txt", `${keyLine()}\n`);
    git(repo, "add", "k.txt");
    expect(tryGit(repo, ["commit", "-m", "no scan any more"]).code).toBe(0);
  });

  it("bash and zsh hooks (any shebang form) get the line", () => {
    for (const shebang of ["#!/bin/bash", "#!/usr/bin/env bash", "#!/usr/bin/env -S zsh -f", "#!/bin/dash"]) {
      const repo = initRepo();
      const file = hookFile(repo, `${shebang}\ntrue\n`);
      const r = runCli(["install-hook"], { cwd: repo });
      expect(r.code, shebang).toBe(0);
      expect(readFileSync(file, "utf8").split("\n")[1]).toContain("# scan-keys hook");
    }
  });
});

describe("install-hook and core.hooksPath", () => {
  it("an unwritable core.hooksPath (/proc/hooks) stops with one sentence instead of looping", () => {
    if (!existsSync("/proc/self")) return; // Linux only
    const repo = initRepo();
    git(repo, "config", "core.hooksPath", "/proc/hooks");
    const r = spawnSync(process.execPath, [CLI, "install-hook"], { cwd: repo, encoding: "utf8", timeout: 30_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^scan-keys: cannot create the hooks directory \/proc\/hooks .*core\.hooksPath/);
  });

  it("a core.hooksPath outside the repository is created only with a sentence saying so", () => {
    const repo = initRepo();
    const outside = join(tempDir(), "shared/hooks");
    git(repo, "config", "core.hooksPath", outside);
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`created the directory ${join(outside, "..")}: core.hooksPath points there, outside this repository`);
    expect(statSync(join(outside, "pre-commit")).mode & 0o111).not.toBe(0);
    expectBlocksThenAllows(repo);
  });

  it("a core.hooksPath that is a file is one sentence, exit 2", () => {
    const repo = initRepo();
    asDependency(repo);
    write(repo, "hooks", "not a directory\n");
    git(repo, "config", "core.hooksPath", "hooks/sub");
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a directory/);
  });
});

describe("committed hooks stay portable", () => {
  it("husky without scan-keys as a dependency: nothing written, says so, prints the line to add (no absolute path)", () => {
    const repo = initRepo();
    write(repo, "package.json", '{ "name": "demo", "private": true }\n');
    mkdirSync(join(repo, ".husky"));
    writeFileSync(join(repo, ".husky/pre-commit"), "npm test\n");
    git(repo, "config", "core.hooksPath", ".husky/_");
    const r = runCli(["install-hook"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scan-keys is not a dependency of this repository/);
    expect(r.stderr).toMatch(/npm i -D scan-keys/);
    expect(r.stdout).toMatch(/^node_modules\/\.bin\/scan-keys --staged \|\| exit \$\? {2}# scan-keys hook/);
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe("npm test\n");
  });

  it("husky with scan-keys as a dependency: the committed line holds no absolute path", () => {
    const repo = initRepo();
    asDependency(repo);
    mkdirSync(join(repo, ".husky"));
    git(repo, "config", "core.hooksPath", ".husky/_");
    expect(runCli(["install-hook"], { cwd: repo }).code).toBe(0);
    const text = readFileSync(join(repo, ".husky/pre-commit"), "utf8");
    expect(text).not.toContain(repo);
    expect(text).not.toMatch(/(^|\s)\//m);
  });

  it(".git/hooks (never committed) may name this machine's copy when scan-keys is no dependency", () => {
    const repo = initRepo();
    expect(runCli(["install-hook"], { cwd: repo }).code).toBe(0);
    expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toContain(`node ${CLI}`);
  });
});
