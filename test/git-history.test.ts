// scan-keys --history on repositories with known planted commits.
import { describe, expect, it } from "vitest";
import { commitFiles, fakeKey, git, initRepo, keyLine, runCli, scanJson, write } from "./helpers/gitrepo.js";

function planted() {
  const repo = initRepo();
  const key = fakeKey();
  const c1 = commitFiles(repo, { "a.txt": "one\ntwo\n", "README.md": "hi\n" }, "c1 clean");
  git(repo, "config", "user.name", "Planter Person");
  git(repo, "config", "user.email", "planter@example.invalid");
  const c2 = commitFiles(repo, { "a.txt": `one\ntwo\nconst token = "${key}";\n` }, "c2 adds the key");
  git(repo, "config", "user.name", "Test User");
  git(repo, "config", "user.email", "test@example.invalid");
  const c3 = commitFiles(repo, { "README.md": "hi\nmore\n" }, "c3 unrelated");
  const c4 = commitFiles(repo, { "copy/b.txt": `x\nkey = "${key}"\n` }, "c4 copies the key");
  const c5 = commitFiles(repo, { "a.txt": "one\ntwo\n" }, "c5 removes it from a.txt");
  return { repo, key, c1, c2, c3, c4, c5 };
}

describe("scan-keys --history", () => {
  it("reports a key once, at the commit that introduced it, with author, date and line", () => {
    const { repo, c2 } = planted();
    const { code, report } = scanJson(["--history"], repo);
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0]!;
    expect(f).toMatchObject({ file: "a.txt", line: 3, column: 16 });
    expect(f.commit).toMatchObject({ sha: c2, author: "Planter Person", email: "planter@example.invalid" });
    expect(f.commit!.date).toBe(git(repo, "show", "-s", "--format=%aI", c2).trim());
    expect(report.stats.commits).toBe(5);
  });

  it("--range scans only the commits in the range", () => {
    const { repo, c3, c4 } = planted();
    const { report } = scanJson(["--history", "--range", `${c3}..HEAD`], repo);
    expect(report.findings.map((f) => [f.file, f.line, f.commit?.sha])).toEqual([["copy/b.txt", 2, c4]]);
    expect(report.stats.commits).toBe(2);
    expect(scanJson(["--history", "--range", `${c4}..HEAD`], repo).code).toBe(0);
  });

  it("--all scans every ref, HEAD only by default", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    git(repo, "checkout", "-q", "-b", "side");
    const side = commitFiles(repo, { "s.txt": `${keyLine()}\n` }, "side key");
    git(repo, "checkout", "-q", "main");
    expect(scanJson(["--history"], repo).code).toBe(0);
    const { report } = scanJson(["--history", "--all"], repo);
    expect(report.findings.map((f) => f.commit?.sha)).toEqual([side]);
  });

  it("scans both parents' changes across a merge, skips binaries, and reads renames", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    git(repo, "checkout", "-q", "-b", "feature");
    const feat = commitFiles(repo, { "f.txt": `${keyLine()}\n` }, "feature");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "bin.dat": Buffer.from([0, 1, 2, 3, 0]).toString("latin1") + keyLine() }, "binary");
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "feature");
    git(repo, "mv", "f.txt", "renamed.txt");
    git(repo, "commit", "-q", "-m", "rename");
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.file, f.commit?.sha])).toEqual([["f.txt", feat]]);
    expect(report.stats.skippedBinary).toBe(1);
  });

  it("reads a renamed and edited file in a commit that also deletes files (git is asked for no deleted files)", () => {
    const repo = initRepo();
    const old = commitFiles(repo, { "old.txt": `${keyLine()}\n`, "f.txt": "one\ntwo\nthree\nfour\n" }, "start");
    git(repo, "rm", "-q", "old.txt");
    git(repo, "mv", "f.txt", "g.txt");
    write(repo, "g.txt", `one\ntwo\nthree\nfour\n${keyLine()}\n`);
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "delete, rename and add a key");
    const moved = git(repo, "rev-parse", "HEAD").trim();
    git(repo, "rm", "-q", "g.txt");
    git(repo, "commit", "-q", "-m", "delete only");
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.file, f.line, f.commit?.sha])).toEqual([
      ["old.txt", 1, old],
      ["g.txt", 5, moved],
    ]);
    expect(report.stats.commits).toBe(3);
  });

  it("a repository with no commits has no history to scan", () => {
    const repo = initRepo();
    const { code, report } = scanJson(["--history"], repo);
    expect(code).toBe(0);
    expect(report.stats.commits).toBe(0);
  });

  it("a bad range is one sentence and exit 2", () => {
    const { repo } = planted();
    const r = runCli(["--history", "--range", "nope..HEAD"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--history/);
  });

  it("keeps exact lines across many files and commits (streamed parser)", () => {
    const repo = initRepo();
    const expected: [string, number][] = [];
    for (let c = 0; c < 15; c++) {
      const files: Record<string, string> = {};
      for (let f = 0; f < 4; f++) {
        const name = `d${f}/file ${c}-${f}.txt`;
        const filler = Array.from({ length: 50 + c }, (_, i) => `+++ b/not a header ${i}\n-- also content`).join("\n");
        if ((c + f) % 7 === 0) {
          files[name] = `${filler}\n${keyLine()}\n`;
          expected.push([name, 2 * (50 + c) + 1]);
        } else {
          files[name] = `${filler}\n`;
        }
      }
      commitFiles(repo, files, `c${c}`);
    }
    write(repo, "z.txt", "end\n");
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.file, f.line]).sort()).toEqual(expected.sort());
  });
});
