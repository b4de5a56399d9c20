// Config-side denial of service: the config, ignore and baseline files must
// be regular files inside the repository, read with a size cap.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, expectOneSentence, git, initRepo, runFault, tempDir } from "./helpers.js";

function repoWith(name: string, make: (path: string) => void): string {
  const repo = initRepo();
  writeFileSync(join(repo, "a.txt"), "nothing here\n");
  make(join(repo, name));
  return repo;
}

const mkfifo = (p: string) => execFileSync("mkfifo", [p]);

describe("files scan-keys reads for itself", () => {
  it("an ignore file that is a symbolic link to /dev/zero: exit 2, no hang", () => {
    const repo = repoWith(".scan-keys-ignore", (p) => symlinkSync("/dev/zero", p));
    expectOneSentence(runFault("ignore -> /dev/zero", ["."], { cwd: repo }), /\.scan-keys-ignore: the ignore file is a symbolic link to \/dev\/zero, outside the repository/);
  });

  it("a config file that is a symbolic link to /dev/zero: exit 2, no hang", () => {
    const repo = repoWith(".scan-keys.toml", (p) => symlinkSync("/dev/zero", p));
    expectOneSentence(runFault("config -> /dev/zero", ["--staged"], { cwd: repo }), /\.scan-keys\.toml: the config file is a symbolic link to \/dev\/zero/);
  });

  it("a config file that is a FIFO: exit 2, no hang", () => {
    const repo = repoWith(".scan-keys.toml", mkfifo);
    expectOneSentence(runFault("config is a FIFO", ["."], { cwd: repo }), /\.scan-keys\.toml: the config file is a FIFO \(named pipe\), not a regular file/);
  });

  it("an ignore file that is a FIFO: exit 2, no hang", () => {
    const repo = repoWith(".scan-keys-ignore", mkfifo);
    expectOneSentence(runFault("ignore is a FIFO", ["."], { cwd: repo }), /the ignore file is a FIFO/);
  });

  it("--config naming /dev/zero or a FIFO: exit 2", () => {
    const dir = tempDir();
    mkfifo(join(dir, "fifo.toml"));
    expectOneSentence(runFault("--config /dev/zero", [".", "--config", "/dev/zero"], { cwd: dir }), /\/dev\/zero: the config file is a character device, not a regular file/);
    expectOneSentence(runFault("--config FIFO", [".", "--config", "fifo.toml"], { cwd: dir }), /fifo\.toml: the config file is a FIFO/);
  });

  it("--baseline naming /dev/zero: exit 2", () => {
    const dir = tempDir();
    expectOneSentence(runFault("--baseline /dev/zero", [".", "--baseline", "/dev/zero"], { cwd: dir }), /the baseline file is a character device/);
  });

  it("a config's baseline = that is a symbolic link out of the repository: exit 2", () => {
    const repo = repoWith(".scan-keys.toml", (p) => writeFileSync(p, 'baseline = "base.json"\n'));
    symlinkSync("/dev/zero", join(repo, "base.json"));
    expectOneSentence(runFault("config baseline -> /dev/zero", ["."], { cwd: repo }), /base\.json: the baseline file is a symbolic link to \/dev\/zero/);
  });

  it("a config file over 10 MB: exit 2 naming the limit", () => {
    const repo = repoWith(".scan-keys.toml", (p) => writeFileSync(p, `# ${"x".repeat(11 * 1024 * 1024)}\n`));
    expectOneSentence(runFault("config over 10 MB", ["."], { cwd: repo }), /\.scan-keys\.toml: the config file is 11 MB, larger than the 10 MB limit/);
  });

  it("a dangling symbolic link as the ignore file: exit 2, not silently no ignore file", () => {
    const repo = repoWith(".scan-keys-ignore", (p) => symlinkSync("nowhere", p));
    expectOneSentence(runFault("ignore dangling link", ["."], { cwd: repo }), /\.scan-keys-ignore: no such ignore file/);
  });

  it("a config file that is a symbolic link inside the repository is read", () => {
    const repo = repoWith(".scan-keys.toml", (p) => symlinkSync("conf/real.toml", p));
    mkdirSync(join(repo, "conf"));
    writeFileSync(join(repo, "conf/real.toml"), "extend = true\n");
    const r = runFault("config -> file in repo", ["."], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
  });

  it("a config nested 100,000 deep (a TOML bomb): exit 2 naming the file, no stack overflow", () => {
    const repo = repoWith(".scan-keys.toml", (p) => writeFileSync(p, `a = ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`));
    expectOneSentence(runFault("TOML bomb", ["."], { cwd: repo }), /\.scan-keys\.toml:1: not valid TOML/);
  });

  it("a baseline nested 200,000 deep: exit 2 naming the file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "b.json"), `{"version":1,"findings":${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
    expectOneSentence(runFault("baseline bomb", [".", "--baseline", "b.json"], { cwd: dir }), /b\.json: .*baseline/);
  });

  it("--config-from: a config blob over 10 MB at the revision: exit 2", () => {
    const repo = initRepo();
    commitFiles(repo, { ".scan-keys.toml": `# ${"x".repeat(11 * 1024 * 1024)}\n` });
    git(repo, "branch", "base");
    expectOneSentence(runFault("--config-from huge blob", [".", "--config-from", "base"], { cwd: repo }), /base:\.scan-keys\.toml is larger than the 10 MB limit/);
  });
});
