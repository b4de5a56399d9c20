// Issue 25, item 8: a git work tree of 130,000 files. The tree scan appended
// git's list with `push(...list)`, which overflowed the stack past ~120,000
// files: `scan-keys .` exited 2 with "Maximum call stack size exceeded", so
// large monorepos could not be scanned at all.
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faultJson, git, keyLine, tempDir } from "./helpers.js";

const DIRS = 130;
const PER_DIR = 1000;

describe("a work tree of 130,000 files", () => {
  it("scan-keys . lists and scans every file and finds the one key", () => {
    // In memory where there is a tmpfs, and hard links to one file: making 130,000 files on a
    // busy disk took minutes, and this is about their number, not their bytes.
    const repo = existsSync("/dev/shm") ? mkdtempSync("/dev/shm/scan-keys-many-") : tempDir();
    try {
      git(repo, "init", "-q");
      writeFileSync(join(repo, "one.txt"), "x\n");
      for (let d = 0; d < DIRS; d++) {
        const dir = join(repo, `d${d}`);
        mkdirSync(dir);
        for (let i = 0; i < PER_DIR; i++) linkSync(join(repo, "one.txt"), join(dir, `f${i}.txt`));
      }
      writeFileSync(join(repo, "d77", "config.js"), `${keyLine()}\n`);
      git(repo, "add", "-A");
      // The listing holds every path (measured ~170-220 MB at 130,000 files): a bound above that.
      const r = faultJson("130,002 files, tree", ["."], { cwd: repo, timeoutMs: 280_000, peakLimitKb: 400 * 1024 });
      expect(r.code, r.stderr).toBe(1);
      expect(r.report.findings.map((f) => f.file)).toEqual(["d77/config.js"]);
      expect(r.report.stats.files).toBe(DIRS * PER_DIR + 2);
      expect(r.report.stats.unreadable).toEqual([]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 600_000);
});
