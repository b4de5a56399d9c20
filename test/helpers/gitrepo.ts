// Helpers for the git tests: repositories, commits through real hooks, JSON scans.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CLI, runCli, tempDir } from "./cli.js";
import { git, initRepo } from "./git.js";
import { githubToken } from "./keys.js";

export { CLI, git, initRepo, runCli, tempDir };

/** A fresh fake key the built-in rules detect (built at run time; see keys.ts). */
export const fakeKey = githubToken;

/** A line of code holding a key. */
export const keyLine = (key = fakeKey()) => `const token = "${key}";`;

export function write(repo: string, path: string, content: string | Buffer): void {
  const abs = join(repo, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Writes the files, stages them and commits (no hooks involved unless installed). */
export function commitFiles(repo: string, files: Record<string, string>, message = "change"): string {
  for (const [p, c] of Object.entries(files)) write(repo, p, c);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--no-verify", "-m", message);
  return git(repo, "rev-parse", "HEAD").trim();
}

export interface JsonFinding {
  ruleId: string;
  severity: "high" | "medium" | "low";
  file: string;
  line: number;
  column: number;
  fingerprint: string;
  commit?: { sha: string; author: string; email: string; date: string; message?: string };
  stillInHead?: boolean;
  encoding?: string;
}

export interface JsonReport {
  findings: JsonFinding[];
  stats: { files: number; skippedBinary: number; commits?: number };
}

/** Runs the CLI with --format json and parses the report. */
export function scanJson(args: string[], cwd: string, opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): { code: number; report: JsonReport; stderr: string } {
  const r = runCli([...args, "--format", "json"], { cwd, ...opts });
  if (r.code === 2) throw new Error(`scan-keys ${args.join(" ")} failed: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

/** Runs git with a result instead of an exception (for commits and pushes a hook may block). */
export function tryGit(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Number of commits on HEAD (0 on an unborn branch). */
export function commitCount(repo: string): number {
  const r = tryGit(repo, ["rev-list", "--count", "HEAD"]);
  return r.code === 0 ? Number(r.out.trim()) : 0;
}

/** Installs the hook with the built CLI; returns its one-line message. */
export function installHook(cwd: string, ...args: string[]): string {
  const r = runCli(["install-hook", ...args], { cwd });
  if (r.code !== 0) throw new Error(`install-hook failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Makes this checkout a dev dependency of `repo`, as `npm i -D scan-keys`
 * would (package.json entry, node_modules/scan-keys, node_modules/.bin/scan-keys),
 * with symlinks instead of an install.
 */
export function asDependency(repo: string): void {
  const checkout = join(import.meta.dirname, "../..");
  write(repo, "package.json", `${JSON.stringify({ name: "demo", private: true, devDependencies: { "scan-keys": "^0.1.0" } }, null, 2)}\n`);
  write(repo, ".gitignore", "node_modules/\n");
  mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
  symlinkSync(checkout, join(repo, "node_modules/scan-keys"));
  symlinkSync("../scan-keys/dist/cli.js", join(repo, "node_modules/.bin/scan-keys"));
}

/** A repository with a GitHub token in a committed file and the same token staged in another. */
export function repoWithKey(): { repo: string; key: string } {
  const repo = initRepo();
  const key = githubToken();
  commitFiles(repo, { "app.js": `const token = "${key}";\n` });
  write(repo, "staged.js", `const other = "${key}";\n`);
  git(repo, "add", "staged.js");
  return { repo, key };
}
