// Merges in --history and --pre-push: what a merge itself added (a key typed
// while resolving a conflict, an evil merge, an octopus merge) is reported at
// the merge; what the merged branches brought is not reported again.
import { describe, expect, it } from "vitest";
import { commitFiles, fakeKey, git, initRepo, keyLine, scanJson, tryGit, write } from "./helpers/gitrepo.js";

const sha = (repo: string, rev = "HEAD") => git(repo, "rev-parse", rev).trim();

/** main and feature both change line 2 of config.txt; returns the repository at the conflicted merge. */
function conflicted(featureLine = "b = feature") {
  const repo = initRepo();
  commitFiles(repo, { "config.txt": "a = 1\nb = 2\nc = 3\n" }, "base");
  git(repo, "checkout", "-q", "-b", "feature");
  const feature = commitFiles(repo, { "config.txt": `a = 1\n${featureLine}\nc = 3\n` }, "feature edits b");
  git(repo, "checkout", "-q", "main");
  const main = commitFiles(repo, { "config.txt": "a = 1\nb = main\nc = 3\n" }, "main edits b");
  const merge = tryGit(repo, ["merge", "-q", "--no-edit", "feature"]);
  expect(merge.code).toBe(1); // a real conflict
  expect(git(repo, "diff", "--name-only", "--diff-filter=U").trim()).toBe("config.txt");
  return { repo, feature, main };
}

const finishMerge = (repo: string) => {
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--no-edit", "--no-verify");
  return sha(repo);
};

describe("merges in --history", () => {
  it("reports a key typed while resolving a conflict, at the merge commit", () => {
    const { repo, main } = conflicted();
    const key = fakeKey();
    write(repo, "config.txt", `a = 1\nb = both\nconst token = "${key}";\nc = 3\n`);
    const merge = finishMerge(repo);
    const { code, report } = scanJson(["--history"], repo);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.line, f.commit?.sha])).toEqual([["config.txt", 3, merge]]);
    expect(report.findings[0]!.commit).toMatchObject({ message: expect.stringContaining("Merge branch 'feature'") });
    // The same merge as a push: --range and --pre-push see it too.
    expect(scanJson(["--history", "--range", `${main}..HEAD`], repo).report.findings.map((f) => f.commit?.sha)).toEqual([merge]);
    const pushed = scanJson(["--pre-push"], repo, { input: `refs/heads/main ${merge} refs/heads/main ${main}\n` });
    expect(pushed.code).toBe(1);
    expect(pushed.report.findings.map((f) => [f.file, f.commit?.sha])).toEqual([["config.txt", merge]]);
  });

  it("does not re-report a key the merged branch brought, when the resolution takes its side", () => {
    const { repo, feature, main } = conflicted(keyLine());
    git(repo, "checkout", "--theirs", "config.txt");
    const merge = finishMerge(repo);
    const all = scanJson(["--history"], repo).report.findings;
    expect(all.map((f) => [f.file, f.line, f.commit?.sha])).toEqual([["config.txt", 2, feature]]);
    // Commits on main that feature lacks (main's edit and the merge): the key is not theirs.
    expect(scanJson(["--history", "--range", `feature..${merge}`], repo).code).toBe(0);
    expect(scanJson(["--pre-push"], repo, { input: `refs/heads/main ${merge} refs/heads/main ${main}\n` }).report.findings).toEqual([
      expect.objectContaining({ commit: expect.objectContaining({ sha: feature }) }),
    ]);
  });

  it("reports an evil merge: a clean merge that also adds a key elsewhere", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n", "b.txt": "b\n" }, "base");
    git(repo, "checkout", "-q", "-b", "feature");
    commitFiles(repo, { "b.txt": "b\nfeature\n" }, "feature");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "a.txt": "a\nmain\n" }, "main");
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "feature");
    write(repo, "a.txt", `a\nmain\n${keyLine()}\n`);
    const merge = finishMerge(repo);
    const { report } = scanJson(["--history", "--range", "feature..HEAD"], repo);
    expect(report.findings.map((f) => [f.file, f.line, f.commit?.sha])).toEqual([["a.txt", 3, merge]]);
  });

  it("does not re-report a branch's key that a rename on the other side moved", () => {
    const repo = initRepo();
    commitFiles(repo, { "old.txt": "one\ntwo\nthree\nfour\n" }, "base");
    git(repo, "checkout", "-q", "-b", "feature");
    const feature = commitFiles(repo, { "old.txt": `one\ntwo\n${keyLine()}\nthree\nfour\n` }, "feature adds a key");
    git(repo, "checkout", "-q", "main");
    git(repo, "mv", "old.txt", "new.txt");
    git(repo, "commit", "-q", "-m", "rename");
    git(repo, "merge", "-q", "--no-edit", "feature");
    expect(git(repo, "show", "HEAD:new.txt")).toContain("const token");
    expect(scanJson(["--history"], repo).report.findings.map((f) => f.commit?.sha)).toEqual([feature]);
    expect(scanJson(["--history", "--range", "feature..HEAD"], repo).code).toBe(0);
  });

  it("octopus merge: reports what it added relative to every parent, not what its branches brought", () => {
    const repo = initRepo();
    commitFiles(repo, { "base.txt": "base\n" }, "base");
    const branchKeys: string[] = [];
    for (const b of ["x", "y", "z"]) {
      git(repo, "checkout", "-q", "-b", b, "main");
      branchKeys.push(commitFiles(repo, { [`${b}.txt`]: b === "y" ? `${keyLine()}\n` : `${b}\n` }, `branch ${b}`));
    }
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "main.txt": "main\n" }, "main moves on");
    git(repo, "merge", "-q", "--no-commit", "x", "y", "z");
    write(repo, "base.txt", `base\n${keyLine()}\n`);
    write(repo, "extra/new.txt", `${keyLine()}\n`);
    const octopus = finishMerge(repo);
    expect(git(repo, "show", "-s", "--format=%P", octopus).trim().split(" ")).toHaveLength(4);
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.file, f.line, f.commit?.sha])).toEqual([
      ["y.txt", 1, branchKeys[1]],
      ["base.txt", 2, octopus],
      ["extra/new.txt", 1, octopus],
    ]);
    const range = scanJson(["--history", "--range", "x..HEAD"], repo).report.findings;
    expect(range.map((f) => [f.file, f.commit?.sha])).toEqual([
      ["y.txt", branchKeys[1]], // y is not in x: its own commit is in the range
      ["base.txt", octopus],
      ["extra/new.txt", octopus],
    ]);
  });

  it("a clean merge of a branch with a key reports it once, at the branch's commit", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" }, "base");
    git(repo, "checkout", "-q", "-b", "feature");
    const feature = commitFiles(repo, { "f.txt": `${keyLine()}\n` }, "feature key");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "a.txt": "a\nb\n" }, "main");
    git(repo, "merge", "-q", "--no-edit", "feature");
    expect(scanJson(["--history"], repo).report.findings.map((f) => f.commit?.sha)).toEqual([feature]);
    expect(scanJson(["--history", "--range", "feature..HEAD"], repo).code).toBe(0);
  });
});
