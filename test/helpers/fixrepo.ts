// Helpers for the scan-keys fix tests: a repository with one staged file,
// what git holds afterwards, and .env read back as an environment.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { commitFiles, git, initRepo, runCli, tryGit, write } from "./gitrepo.js";

/** A repository with one commit, then `files` written and staged. */
export function stagedRepo(files: Record<string, string | Buffer>): string {
  const repo = initRepo();
  commitFiles(repo, { "README.md": "demo\n" }, "init");
  for (const [p, c] of Object.entries(files)) write(repo, p, c);
  git(repo, "add", "--", ...Object.keys(files));
  return repo;
}

/** NAME → value from the repository's .env (the simple unquoted form fix writes for these keys). */
export function dotenv(repo: string): Record<string, string> {
  const out: Record<string, string> = {};
  const text = readFileSync(join(repo, ".env"), "utf8");
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
  }
  return out;
}

/** The checks every fixed repository passes: --staged is clean, .env holds the key and is ignored (0600), the index holds no key. */
export function expectFixed(repo: string, key: string, name: string): void {
  const staged = runCli(["--staged"], { cwd: repo });
  expect(staged.code, staged.stdout).toBe(0);
  expect(dotenv(repo)[name]).toBe(key);
  expect(statSync(join(repo, ".env")).mode & 0o777).toBe(0o600);
  expect(tryGit(repo, ["check-ignore", "-q", ".env"]).code).toBe(0);
  expect(tryGit(repo, ["ls-files", "--error-unmatch", ".env"]).code).not.toBe(0);
  // git grep exits 1 when nothing in the index matches.
  expect(tryGit(repo, ["grep", "--cached", "-I", "-F", "-e", key]).code).toBe(1);
  expect(existsSync(join(repo, ".env.example"))).toBe(true);
  expect(readFileSync(join(repo, ".env.example"), "utf8")).toMatch(new RegExp(`^${name}=$`, "m"));
}

/** Runs a program and returns its output (stdout + stderr), failing the test on a non-zero exit. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stdout}${r.stderr}${r.error ?? ""}`);
  return r.stdout + r.stderr;
}

/** Whether a command exists on this machine. */
export function has(cmd: string): boolean {
  return spawnSync(cmd, ["--version"], { encoding: "utf8" }).status === 0;
}

export function fix(repo: string, ...args: string[]) {
  return runCli(["fix", ...args], { cwd: repo });
}
