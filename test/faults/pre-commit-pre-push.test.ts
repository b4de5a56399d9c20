// --pre-push under the pre-commit framework's pre-push stage: pre-commit reads
// git's pre-push lines itself and runs its hooks with no arguments and empty
// stdin. It passes what is pushed in the environment: PRE_COMMIT_FROM_REF /
// PRE_COMMIT_TO_REF, or (a push whose new commits reach a root commit) only
// PRE_COMMIT_LOCAL_BRANCH and PRE_COMMIT_REMOTE_NAME. Real pushes through
// the real pre-commit (Debian's package; no network: a `repo: local` hook).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, commitFiles, git, initRepo, keyLine, tempDir, write } from "./helpers.js";

const hasPreCommit = spawnSync("pre-commit", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasPreCommit) console.warn("skipping the pre-commit framework pre-push pushes: pre-commit is not installed (apt-get install pre-commit)");

/** A repository whose pre-push hook is pre-commit's, running scan-keys --pre-push; and a bare remote `origin`. */
function preCommitRepo(): { repo: string; env: NodeJS.ProcessEnv } {
  const repo = initRepo();
  const remote = join(tempDir(), "origin.git");
  git(repo, "init", "-q", "--bare", "-b", "main", remote);
  git(repo, "remote", "add", "origin", remote);
  const entry = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --pre-push`;
  write(
    repo,
    ".pre-commit-config.yaml",
    `repos:\n- repo: local\n  hooks:\n  - id: scan-keys\n    name: scan-keys\n    entry: '${entry.replace(/'/g, "''")}'\n    language: system\n    pass_filenames: false\n    always_run: true\n    stages: [push]\n`,
  );
  const env = { ...process.env, PRE_COMMIT_HOME: join(repo, ".git/pre-commit-home"), NO_COLOR: "1" };
  const inst = spawnSync("pre-commit", ["install", "--hook-type", "pre-push"], { cwd: repo, encoding: "utf8", env });
  expect(inst.status, inst.stderr).toBe(0);
  return { repo, env };
}

/** A real `git push` through pre-commit's hook, killed if it hangs. */
function push(repo: string, env: NodeJS.ProcessEnv, ...args: string[]): { code: number; out: string } {
  const r = spawnSync("git", ["push", ...args], { cwd: repo, encoding: "utf8", timeout: 90_000, killSignal: "SIGKILL", env });
  expect(r.error, `git push ${args.join(" ")} did not finish in time`).toBeUndefined();
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!hasPreCommit)("--pre-push under the pre-commit framework", () => {
  it("a first push (new commits reach the root: pre-commit sets no range) of a branch that is not HEAD: its key is found", () => {
    const { repo, env } = preCommitRepo();
    commitFiles(repo, { "a.txt": "clean\n" }, "base");
    git(repo, "checkout", "-q", "-b", "topic");
    commitFiles(repo, { "secret.txt": `${keyLine()}\n` }, "key");
    git(repo, "checkout", "-q", "main");
    // HEAD (main) is clean; the pushed branch is not: scanning HEAD would pass.
    const r = push(repo, env, "origin", "topic");
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/secret\.txt/);
    expect(git(repo, "ls-remote", "origin")).not.toMatch(/topic/);
  });

  it("a branch pushed on top of one the remote has (pre-commit's FROM/TO range): its key is found, a clean one passes", () => {
    const { repo, env } = preCommitRepo();
    commitFiles(repo, { "a.txt": "clean\n" }, "base");
    expect(push(repo, env, "origin", "main").code).toBe(0);
    git(repo, "checkout", "-q", "-b", "topic");
    commitFiles(repo, { "b.txt": "also clean\n" }, "clean");
    expect(push(repo, env, "origin", "topic").code).toBe(0);
    commitFiles(repo, { "secret.txt": `${keyLine()}\n` }, "key");
    const r = push(repo, env, "origin", "topic");
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/secret\.txt/);
  });

  it("a new branch from a commit the remote has (FROM is its parent): only the new commits, key found", () => {
    const { repo, env } = preCommitRepo();
    commitFiles(repo, { "a.txt": "clean\n" }, "base");
    expect(push(repo, env, "origin", "main").code).toBe(0);
    git(repo, "checkout", "-q", "-b", "feature");
    commitFiles(repo, { "config.env": `${keyLine()}\n` }, "key");
    git(repo, "checkout", "-q", "main");
    const r = push(repo, env, "origin", "feature");
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/config\.env/);
  });
});
