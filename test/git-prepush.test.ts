// scan-keys --pre-push: git's stdin lines fed directly, and through a real push.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, installHook, keyLine, runCli, scanJson, tempDir, tryGit } from "./helpers/gitrepo.js";

const ZERO = "0".repeat(40);

/** A repository with a bare remote holding main at `pushed`, and local commits on top. */
function setup() {
  const remote = join(tempDir(), "remote.git");
  git(tempDir(), "init", "-q", "--bare", "-b", "main", remote);
  const repo = initRepo();
  git(repo, "remote", "add", "origin", remote);
  commitFiles(repo, { "a.txt": "x\n" }, "base");
  const keyed = commitFiles(repo, { "old-key.txt": `${keyLine()}\n` }, "key already on the remote");
  git(repo, "push", "-q", "--no-verify", "origin", "main");
  return { repo, remote, pushed: keyed };
}

describe("scan-keys --pre-push (stdin)", () => {
  it("existing branch: scans remote_sha..local_sha only", () => {
    const { repo, pushed } = setup();
    const clean = commitFiles(repo, { "b.txt": "clean\n" });
    expect(scanJson(["--pre-push"], repo, { input: `refs/heads/main ${clean} refs/heads/main ${pushed}\n` }).code).toBe(0);
    const bad = commitFiles(repo, { "c.txt": `${keyLine()}\n` }, "new key");
    const { code, report } = scanJson(["--pre-push"], repo, { input: `refs/heads/main ${bad} refs/heads/main ${pushed}\n` });
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.commit?.sha])).toEqual([["c.txt", bad]]);
    expect(report.stats.commits).toBe(2);
  });

  it("new branch (all-zero remote sha): scans commits on no remote-tracking ref", () => {
    const { repo } = setup();
    git(repo, "checkout", "-q", "-b", "topic");
    const bad = commitFiles(repo, { "t.txt": `${keyLine()}\n` }, "topic key");
    const { report } = scanJson(["--pre-push"], repo, { input: `refs/heads/topic ${bad} refs/heads/topic ${ZERO}\n` });
    expect(report.findings.map((f) => [f.file, f.commit?.sha])).toEqual([["t.txt", bad]]);
    expect(report.stats.commits).toBe(1);
  });

  it("deletion (all-zero local sha): nothing to scan", () => {
    const { repo, pushed } = setup();
    const { code, report } = scanJson(["--pre-push"], repo, { input: `(delete) ${ZERO} refs/heads/old ${pushed}\n` });
    expect(code).toBe(0);
    expect(report.stats.commits ?? 0).toBe(0);
  });

  it("several refs at once: the union of their new commits", () => {
    const { repo, pushed } = setup();
    const onMain = commitFiles(repo, { "m.txt": `${keyLine()}\n` }, "main key");
    git(repo, "checkout", "-q", "-b", "other", pushed);
    const onOther = commitFiles(repo, { "o.txt": `${keyLine()}\n` }, "other key");
    const input = [
      `refs/heads/main ${onMain} refs/heads/main ${pushed}`,
      `refs/heads/other ${onOther} refs/heads/other ${ZERO}`,
      `(delete) ${ZERO} refs/heads/gone ${pushed}`,
    ].join("\n");
    const { report } = scanJson(["--pre-push"], repo, { input: `${input}\n` });
    expect(report.findings.map((f) => f.file).sort()).toEqual(["m.txt", "o.txt"]);
    expect(report.stats.commits).toBe(2);
  });

  it("a remote sha we do not have falls back to commits on no remote-tracking ref", () => {
    const { repo } = setup();
    const bad = commitFiles(repo, { "n.txt": `${keyLine()}\n` }, "key");
    const unknown = "1234567890".repeat(4);
    const { report } = scanJson(["--pre-push"], repo, { input: `refs/heads/main ${bad} refs/heads/main ${unknown}\n` });
    expect(report.findings.map((f) => f.file)).toEqual(["n.txt"]);
  });

  it("rejects input that is not pre-push lines with one sentence", () => {
    const { repo } = setup();
    const out = runCli(["--pre-push"], { cwd: repo, input: "hello world\n" });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/pre-push lines/);
  });
});

describe("a real git push through the installed pre-push hook", () => {
  it("blocks a push that adds a key and lets a clean push through", () => {
    const { repo, remote } = setup();
    expect(installHook(repo, "--pre-push")).toMatch(/pre-push/);
    commitFiles(repo, { "clean.txt": "ok\n" }, "clean");
    expect(tryGit(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
    const bad = commitFiles(repo, { "k.txt": `${keyLine()}\n` }, "key");
    const r = tryGit(repo, ["push", "origin", "main"]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/k\.txt:1:/);
    expect(git(remote, "rev-parse", "main").trim()).not.toBe(bad);
    // A new branch whose only commits are already on the remote is clean.
    git(repo, "reset", "-q", "--hard", "HEAD~1");
    git(repo, "checkout", "-q", "-b", "fresh");
    expect(tryGit(repo, ["push", "-q", "origin", "fresh"]).code).toBe(0);
    // Deleting a branch pushes no commits.
    expect(tryGit(repo, ["push", "-q", "origin", "--delete", "fresh"]).code).toBe(0);
  });
});
