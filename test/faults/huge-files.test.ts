// Huge files: read in overlapping chunks (8 MB, ending at line breaks), so a
// tree scan reads a file of any size unless --max-file-size is given; the git
// sources keep a 10 MB default. A text file over the limit was not scanned:
// every source names it and the scan fails (exit 2); binary ones are skipped
// as binary whatever their size.
import { openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, expectOneSentence, fakeKey, faultJson, git, initRepo, runFault, tempDir, write, type Report } from "./helpers.js";

const FILLER = `${"filler text with nothing to find ".repeat(3).trimEnd()}\n`; // 99 characters + LF

/** Writes a file of `lines` filler lines with a key line at each given 1-based line number. */
function bigFile(path: string, lines: number, keysAt: Map<number, string>): void {
  const fd = openSync(path, "w");
  let batch = "";
  for (let n = 1; n <= lines; n++) {
    batch += keysAt.has(n) ? `token = "${keysAt.get(n)}"\n` : FILLER;
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = "";
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
}

describe("huge files", () => {
  it("a 20 MB file is scanned whole in chunks: keys at the start, across the 8 MB boundary and at the end, once each, at the right line", () => {
    const dir = tempDir();
    // 100-byte lines: the first chunk boundary (8 MiB) falls in line 83887.
    const at = [3, 83_886, 83_887, 83_888, 167_773, 209_000];
    const keys = new Map(at.map((n) => [n, fakeKey()]));
    bigFile(join(dir, "big.log"), 210_000, keys);
    const r = faultJson("20 MB file in chunks", [".", "--max-file-size", "100MB"], { cwd: dir });
    expect(r.report.findings.map((f) => [f.line, f.column])).toEqual(at.map((n) => [n, 10]));
    expect(r.report.stats.files).toBe(1);
  });

  it("one 20 MB line: columns count from the line's start in every chunk, and a key in the overlap is reported once", () => {
    const dir = tempDir();
    const filler = FILLER.trimEnd() + " "; // 99 characters, no line break
    const keys = [fakeKey(), fakeKey(), fakeKey()];
    // Columns (1-based) where each key starts: in the first chunk, in the 256 KB overlap before the
    // first cut (8 MiB), and deep in the third chunk.
    const at = [1_000, (8 << 20) - 100_000, 19_000_000];
    const fd = openSync(join(dir, "one-line.txt"), "w");
    let col = 1;
    for (const [k, target] of at.entries()) {
      const pad = target - col;
      writeSync(fd, filler.repeat(Math.floor(pad / filler.length)) + " ".repeat(pad % filler.length));
      writeSync(fd, `${keys[k]!} `);
      col = target + keys[k]!.length + 1;
    }
    writeSync(fd, filler.repeat(20_000) + "\n");
    closeSync(fd);
    const r = faultJson("20 MB line, columns", [".", "--max-file-size", "100MB"], { cwd: dir });
    expect(r.report.findings.map((f) => [f.line, f.column])).toEqual(at.map((c) => [1, c]));
  });

  it("a text file over --max-file-size fails the scan (exit 2, one sentence naming it and the way out) in a tree scan, --staged and --history", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    write(repo, "big.txt", `token = "${fakeKey()}"\n${FILLER.repeat(30)}`);
    git(repo, "add", ".");
    const limit = ["--max-file-size", "1KB"];
    const sentence = /^scan-keys: 1 file is over --max-file-size \(1KB\) and was not scanned \(big\.txt\), so this scan cannot call it clean; raise the limit \(for example --max-file-size 1MB\) or leave it out with --exclude 'big\.txt', and scan again\.\n$/;
    const tree = runFault("too large, tree", [".", ...limit, "--format", "json"], { cwd: repo });
    const staged = runFault("too large, staged", ["--staged", ...limit, "--format", "json"], { cwd: repo });
    git(repo, "commit", "-qm", "big", "--no-verify");
    const history = runFault("too large, history", ["--history", ...limit, "--format", "json"], { cwd: repo });
    for (const r of [tree, staged, history]) {
      expectOneSentence(r, sentence);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.stats.skippedTooLarge).toBe(1);
      expect(report.stats.skipped).toEqual([{ path: "big.txt", reason: expect.stringMatching(/^over --max-file-size/) }]);
      expect(report.stats.skippedBinary).toBe(0);
    }
    // --exclude, the way out the sentence names, passes; so does a raised limit, which finds the key.
    expect(runFault("too large, excluded", [".", ...limit, "--exclude", "big.txt"], { cwd: repo }).code).toBe(0);
    expect(faultJson("under the limit, history", ["--history"], { cwd: repo }).report.findings).toHaveLength(1);
  });

  it("a finding elsewhere and a file over the limit: exit 1 (the findings), the file still named", () => {
    const repo = initRepo();
    write(repo, "key.txt", `token = "${fakeKey()}"\n`);
    write(repo, "big.txt", FILLER.repeat(30));
    const r = faultJson("too large and a finding", [".", "--max-file-size", "1KB"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["key.txt"]);
    expect(r.report.stats.skipped).toEqual([{ path: "big.txt", reason: expect.stringMatching(/^over --max-file-size/) }]);
  });

  it("a binary file over the limit is skipped as binary (it holds no text to scan), in every source: no failure", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    write(repo, "image.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.alloc(4096, 0x61)]));
    git(repo, "add", ".");
    const limit = ["--max-file-size", "1KB"];
    const tree = faultJson("binary over the limit, tree", [".", ...limit], { cwd: repo });
    const staged = faultJson("binary over the limit, staged", ["--staged", ...limit], { cwd: repo });
    git(repo, "commit", "-qm", "image", "--no-verify");
    const history = faultJson("binary over the limit, history", ["--history", ...limit], { cwd: repo });
    for (const r of [tree, staged, history]) {
      expect(r.code).toBe(0);
      expect(r.report.stats.skippedBinary).toBe(1);
      expect(r.report.stats.skippedTooLarge).toBe(0);
    }
  });

  it("a tree scan without --max-file-size reads a file of any size (in chunks, memory flat): a 12 MB file is scanned whole", () => {
    const dir = tempDir();
    bigFile(join(dir, "big.log"), 125_000, new Map([[124_000, fakeKey()]]));
    const r = faultJson("12 MB file, tree, default limit", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => f.line)).toEqual([124_000]);
    expect(r.report.stats.skippedTooLarge).toBe(0);
  });

  it("--max-file-size 0 is refused in one sentence (gitleaks reads 0 as no limit; here it skipped every file and passed)", () => {
    const dir = tempDir();
    write(dir, "a.txt", `token = "${fakeKey()}"\n`);
    for (const zero of ["0", "0KB", "0.1b"]) {
      expectOneSentence(runFault(`--max-file-size ${zero}`, [".", "--max-file-size", zero], { cwd: dir }), /--max-file-size "[^"]+" (would skip every file|has no unit)/);
    }
  });

  it("--staged with a raised --max-file-size scans a 12 MB staged file that git alone would not diff as text", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    const keys = new Map([[120_000, fakeKey()]]);
    bigFile(join(repo, "big.log"), 125_000, keys);
    git(repo, "add", ".");
    // The git sources hold a blob whole, so they keep a 10 MB default: over it, the commit is stopped, not passed.
    const small = runFault("12 MB staged, default limit", ["--staged"], { cwd: repo });
    expectOneSentence(small, /^scan-keys: 1 file is over --max-file-size \(10MB\) and was not scanned \(big\.log, 1\d\.\d MB\).*--max-file-size 1\dMB.*--exclude 'big\.log'/);
    const raised = faultJson("12 MB staged, raised limit", ["--staged", "--max-file-size", "20MB"], { cwd: repo });
    expect(raised.report.findings.map((f) => f.line)).toEqual([120_000]);
  });
});
