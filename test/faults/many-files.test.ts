// Issue 25, item 8: a git work tree of 130,000 files. The tree scan appended
// git's list with `push(...list)`, which overflowed the stack past ~120,000
// files: `scan-keys .` exited 2 with "Maximum call stack size exceeded", so
// large monorepos could not be scanned at all.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faultJson, git, initRepo, keyLine } from "./helpers.js";

const DIRS = 130;
const PER_DIR = 1000;

describe("a work tree of 130,000 files", () => {
  it("scan-keys . lists and scans every file and finds the one key", () => {
    const repo = initRepo();
    for (let d = 0; d < DIRS; d++) {
      const dir = join(repo, `d${d}`);
      mkdirSync(dir);
      for (let i = 0; i < PER_DIR; i++) writeFileSync(join(dir, `f${i}.txt`), "x\n");
    }
    writeFileSync(join(repo, "d77", "config.js"), `${keyLine()}\n`);
    git(repo, "add", "-A");
    const r = faultJson("130,001 files, tree", ["."], { cwd: repo, timeoutMs: 280_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["d77/config.js"]);
    expect(r.report.stats.files).toBe(DIRS * PER_DIR + 1);
    expect(r.report.stats.unreadable).toEqual([]);
  }, 600_000);
});
