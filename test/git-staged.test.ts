// scan-keys --staged on real repositories in every state a pre-commit hook meets.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitCount, commitFiles, fakeKey, git, initRepo, installHook, keyLine, runCli, scanJson, tempDir, tryGit, write } from "./helpers/gitrepo.js";

/** The PEM rule comes with rules/private-keys.toml; until it exists the PEM test is skipped (and says so). */
const hasPemRule = (() => {
  const r = runCli(["rules", "--format", "json"], { cwd: process.cwd() });
  return r.code === 0 && (JSON.parse(r.stdout) as { keywords: string[] }[]).some((x) => x.keywords.some((k) => /private key|-----begin/.test(k)));
})();

const lines = (n: number, tag = "line") => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join("\n") + "\n";

describe("scan-keys --staged", () => {
  it("finds a staged key at its line in the staged file, and only added lines", () => {
    const repo = initRepo();
    const old = fakeKey();
    commitFiles(repo, { "app.js": lines(10), "old.js": `${keyLine(old)}\n` });
    const body = lines(10).split("\n");
    body.splice(6, 0, keyLine()); // becomes line 7
    write(repo, "app.js", body.join("\n"));
    write(repo, "old.js", `${keyLine(old)}\nmore\n`); // the old key is not an added line
    git(repo, "add", "-A");
    const { code, report } = scanJson(["--staged"], repo);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([["app.js", 7]]);
    expect(report.stats.files).toBe(2);
  });

  it("reads hook lines made of switches alone as parseArgs does (--no-redact, --quiet, repeated or unknown switches)", () => {
    const repo = initRepo();
    const key = fakeKey();
    commitFiles(repo, { "a.txt": "start\n" });
    write(repo, "b.txt", `${keyLine(key)}\n`);
    git(repo, "add", "b.txt");
    const shown = runCli(["--staged", "--no-redact", "--no-color"], { cwd: repo });
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain(key);
    expect(shown.stdout).not.toMatch(/\x1b\[/);
    const hidden = runCli(["--staged", "--quiet"], { cwd: repo });
    expect(hidden.code).toBe(1);
    expect(hidden.stdout).not.toContain(key);
    // Asking both to hide and to print secrets is refused, never settled by order (test/redact-option.test.ts).
    const both = runCli(["--staged", "--redact", "--no-redact"], { cwd: repo });
    expect(both.code).toBe(2);
    expect(both.stdout).not.toContain(key);
    const unknown = runCli(["--staged", "--no-such-switch"], { cwd: repo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument.*such-switch/);
    git(repo, "rm", "-q", "--cached", "b.txt");
    const clean = runCli(["--staged", "--quiet"], { cwd: repo });
    expect([clean.code, clean.stdout]).toEqual([0, ""]);
  });

  it("reports lines of separate hunks at their own lines", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": lines(20) });
    const body = lines(20).split("\n");
    body[2] = keyLine();
    body[14] = keyLine();
    write(repo, "a.txt", body.join("\n"));
    git(repo, "add", "a.txt");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => f.line)).toEqual([3, 15]);
  });

  it("works on the first commit (no HEAD yet)", () => {
    const repo = initRepo();
    write(repo, "config.js", `x\n${keyLine()}\n`);
    git(repo, "add", "config.js");
    const { code, report } = scanJson(["--staged"], repo);
    expect(code).toBe(1);
    expect(report.findings[0]).toMatchObject({ file: "config.js", line: 2 });
  });

  it("is clean when nothing is staged, and on a clean change", () => {
    const repo = initRepo();
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(0);
    write(repo, "a.txt", "hello\n");
    git(repo, "add", "a.txt");
    expect(scanJson(["--staged"], repo).code).toBe(0);
  });

  it("reads the staged blob: a key staged then removed from the work tree is found", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "one\n" });
    write(repo, "a.txt", `one\n${keyLine()}\n`);
    git(repo, "add", "a.txt");
    write(repo, "a.txt", "one\n");
    const { code, report } = scanJson(["--staged"], repo);
    expect(code).toBe(1);
    expect(report.findings[0]).toMatchObject({ file: "a.txt", line: 2 });
  });

  it("ignores a key only in the unstaged part of a partially staged file", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "one\n" });
    write(repo, "a.txt", "one\ntwo\n");
    git(repo, "add", "a.txt");
    write(repo, "a.txt", `one\ntwo\n${keyLine()}\n`);
    expect(scanJson(["--staged"], repo).code).toBe(0);
  });

  it("keeps repository-root paths when run from a subdirectory", () => {
    const repo = initRepo();
    commitFiles(repo, { "README.md": "x\n" });
    write(repo, "pkg/src/a.ts", `${keyLine()}\n`);
    write(repo, "other/b.ts", `${keyLine()}\n`);
    git(repo, "add", "-A");
    const { report } = scanJson(["--staged"], join(repo, "pkg"));
    expect(report.findings.map((f) => f.file).sort()).toEqual(["other/b.ts", "pkg/src/a.ts"]);
  });

  it("handles file names with spaces, quotes, a newline and non-ASCII characters", () => {
    const repo = initRepo();
    const names = ["with space.txt", "quote\"d.txt", "new\nline.txt", "ünïcødé/日本.txt", "tab\there.txt"];
    for (const n of names) write(repo, n, `${keyLine()}\n`);
    git(repo, "add", "-A");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => f.file).sort()).toEqual([...names].sort());
  });

  it("skips binary files and counts them; scans text git only calls binary (-diff)", () => {
    const repo = initRepo();
    write(repo, "blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(keyLine())]));
    write(repo, ".gitattributes", "*.secret -diff\n");
    write(repo, "creds.secret", `a\n${keyLine()}\n`);
    git(repo, "add", "-A");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([["creds.secret", 2]]);
    expect(report.stats.skippedBinary).toBe(1);
  });

  it("scans a deleted-then-re-added file", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": lines(3) });
    git(repo, "rm", "-q", "a.txt");
    git(repo, "commit", "-q", "-m", "rm");
    write(repo, "a.txt", `${lines(3)}${keyLine()}\n`);
    git(repo, "add", "a.txt");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([["a.txt", 4]]);
  });

  it("scans only the changed lines of a renamed file", () => {
    const repo = initRepo();
    const old = keyLine();
    commitFiles(repo, { "old/name.txt": `${lines(8)}${old}\n` });
    git(repo, "mv", "old/name.txt", "new-name.txt");
    write(repo, "new-name.txt", `${lines(8)}${old}\nadded line\n`); // the old key moved, it is not new
    git(repo, "add", "-A");
    expect(scanJson(["--staged"], repo).code).toBe(0);
    write(repo, "new-name.txt", `${keyLine()}\n${lines(8)}${old}\nadded line\n`);
    git(repo, "add", "-A");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([["new-name.txt", 1]]);
  });

  it("during a merge, scans what the merge commit brings against HEAD", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "base\n" });
    git(repo, "checkout", "-q", "-b", "feature");
    commitFiles(repo, { "b.txt": `${keyLine()}\n` }, "feature key");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "c.txt": "main\n" }, "main work");
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "feature");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => f.file)).toEqual(["b.txt"]);
  });

  it("works in a linked worktree", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    const wt = join(tempDir(), "wt");
    git(repo, "worktree", "add", "-q", "-b", "wt-branch", wt);
    write(wt, "w.txt", `${keyLine()}\n`);
    git(wt, "add", "w.txt");
    const { report } = scanJson(["--staged"], wt);
    expect(report.findings.map((f) => f.file)).toEqual(["w.txt"]);
    expect(scanJson(["--staged"], repo).code).toBe(0); // the main work tree's index is separate
  });

  it("works in a submodule's own repository", () => {
    const sub = initRepo();
    commitFiles(sub, { "lib.txt": "lib\n" });
    const repo = initRepo();
    commitFiles(repo, { "top.txt": "top\n" });
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "vendor/lib");
    const inner = join(repo, "vendor/lib");
    git(inner, "config", "user.name", "T");
    git(inner, "config", "user.email", "t@example.invalid");
    write(inner, "inner.txt", `${keyLine()}\n`);
    git(inner, "add", "inner.txt");
    const { report } = scanJson(["--staged"], join(inner));
    expect(report.findings.map((f) => f.file)).toEqual(["inner.txt"]);
    // The superproject's staged change is the submodule entry itself, not its files.
    expect(scanJson(["--staged"], repo).code).toBe(0);
  });

  it("outside a repository exits 2 with one sentence", () => {
    const dir = tempDir();
    const r = runCli(["--staged"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/not inside a git repository/);
  });

  it.skipIf(!hasPemRule)("finds a multi-line PEM private key added in one hunk (needs the PEM rule)", () => {
    const repo = initRepo();
    commitFiles(repo, { "keys/k.pem": "placeholder\n" });
    const body = Array.from({ length: 6 }, () => Buffer.from(fakeKey() + fakeKey()).toString("base64").slice(0, 64));
    const pem = ["-----BEGIN RSA ", "PRIVATE KEY-----"].join("") + "\n" + body.join("\n") + "\n" + ["-----END RSA ", "PRIVATE KEY-----"].join("") + "\n";
    write(repo, "keys/k.pem", `placeholder\n${pem}`);
    git(repo, "add", "-A");
    const { code, report } = scanJson(["--staged", "--include", "keys/**"], repo);
    expect(code).toBe(1);
    expect(report.findings.some((f) => f.file === "keys/k.pem" && f.line === 2)).toBe(true);
  });
});

describe("the pre-commit hook blocks or allows real commits", () => {
  it("blocks a commit that adds a key and allows a clean one", () => {
    const repo = initRepo();
    installHook(repo);
    write(repo, "a.txt", `${keyLine()}\n`);
    git(repo, "add", "a.txt");
    const blocked = tryGit(repo, ["commit", "-m", "first"]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toMatch(/commit blocked/);
    expect(commitCount(repo)).toBe(0);
    write(repo, "a.txt", "clean\n");
    git(repo, "add", "a.txt");
    expect(tryGit(repo, ["commit", "-m", "first"]).code).toBe(0);
    expect(commitCount(repo)).toBe(1);
  });

  it("git commit -a scans the temporary index (GIT_INDEX_FILE)", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "one\n" });
    installHook(repo);
    write(repo, "a.txt", `one\n${keyLine()}\n`); // modified, not staged
    const r = tryGit(repo, ["commit", "-a", "-m", "all"]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/a\.txt:2:/);
    expect(commitCount(repo)).toBe(1);
  });

  it("git commit <path> scans exactly the paths being committed", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "one\n", "b.txt": "two\n" });
    installHook(repo);
    write(repo, "a.txt", `one\n${keyLine()}\n`);
    expect(tryGit(repo, ["commit", "-m", "a", "a.txt"]).code).not.toBe(0);
    // A key staged in b.txt is not part of `git commit a.txt` once a.txt is clean.
    write(repo, "a.txt", "one\nclean\n");
    write(repo, "b.txt", `two\n${keyLine()}\n`);
    git(repo, "add", "b.txt");
    expect(tryGit(repo, ["commit", "-m", "a only", "a.txt"]).code).toBe(0);
    expect(git(repo, "show", "--name-only", "--format=", "HEAD").trim()).toBe("a.txt");
  });

  it("runs from a linked worktree through the common hooks directory", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    const wt = join(tempDir(), "wt");
    git(repo, "worktree", "add", "-q", "-b", "wt2", wt);
    installHook(wt);
    write(wt, "k.txt", `${keyLine()}\n`);
    git(wt, "add", "k.txt");
    expect(tryGit(wt, ["commit", "-m", "k"]).code).not.toBe(0);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(true);
  });

  it("commits from a subdirectory are scanned (the hook runs at the top)", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    installHook(repo);
    mkdirSync(join(repo, "deep/er"), { recursive: true });
    writeFileSync(join(repo, "deep/er/k.txt"), `${keyLine()}\n`);
    git(repo, "add", "-A");
    const r = tryGit(join(repo, "deep/er"), ["commit", "-m", "k"]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/deep\/er\/k\.txt:1:/);
    rmSync(join(repo, "deep"), { recursive: true });
  });
});
