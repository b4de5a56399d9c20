// A machine without git: git scans say so in one sentence; a tree scan still
// works (it walks the files) and says that .gitignore was not applied.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { githubToken } from "./helpers/keys.js";

/** A PATH holding node and nothing else. */
function pathWithoutGit(): string {
  const bin = join(tempDir(), "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "node"));
  return bin;
}

describe("git missing", () => {
  it("--staged and --history exit 2 with one sentence", () => {
    const env = { PATH: pathWithoutGit() };
    for (const flag of ["--staged", "--history"]) {
      const r = runCli([flag], { cwd: tempDir(), env });
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toBe("scan-keys: git is not installed or not on PATH; install git and try again.\n");
    }
  });

  it("a tree scan walks the files and notes that .gitignore was not applied", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "k.txt"), `token = "${githubToken()}"\n`);
    const r = runCli(["."], { cwd: dir, env: { PATH: pathWithoutGit() } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("k.txt:1:");
    expect(r.stdout).toMatch(/note\s+git was not found on PATH, so every file was walked and \.gitignore was not applied/);
  });
});
