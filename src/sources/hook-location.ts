// Where a repository keeps its hooks. Off the hot path (install-hook only),
// so this uses simple-git, the project's git library for everything that is
// not a pre-commit scan or a history stream (see src/sources/git.ts for why
// those spawn git directly).

import type { SimpleGit } from "simple-git";

export interface HookLocation {
  /** Top of the work tree. */
  root: string;
  /** `git rev-parse --git-path hooks`, absolute: right for linked worktrees and submodules. */
  gitHooksDir: string;
  /** core.hooksPath as git resolves it (`~` expanded), when set. */
  hooksPath?: string;
}

/** Variables by which git finds the repository, its work tree and its config. */
const LOCATION_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_CONFIG_GLOBAL",
  "GIT_CONFIG_SYSTEM",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  ...Object.keys(process.env).filter((k) => /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k)),
];

/** The hook locations of the work tree holding `cwd`, or undefined outside one. */
export async function hookLocation(cwd: string): Promise<HookLocation | undefined> {
  const { simpleGit } = await import("simple-git");
  // simple-git drops every ambient GIT_* variable unless told otherwise; the
  // ones that say where the repository is must reach git, or the dotfiles
  // layout (a bare repository with GIT_DIR and GIT_WORK_TREE exported) looks
  // like no repository at all. Only rev-parse and config run here.
  const git: SimpleGit = simpleGit({ baseDir: cwd, allowEnvironment: LOCATION_ENV.filter((k) => process.env[k] !== undefined) });
  const inside = await git.revparse(["--is-inside-work-tree"]).catch(() => "false");
  if (inside.trim() !== "true") return undefined;
  const [root = cwd, hooks = ".git/hooks"] = (await git.revparse(["--show-toplevel", "--git-path", "hooks"])).split("\n");
  // `git config --get` exits 1 when the key is unset; simple-git reports that as an error.
  const hooksPath = (await git.raw(["config", "--type=path", "--get", "core.hooksPath"]).catch(() => "")).trim();
  const { resolve } = await import("node:path");
  return { root, gitHooksDir: resolve(cwd, hooks), ...(hooksPath ? { hooksPath } : {}) };
}

/**
 * Creates a missing hooks directory one level at a time (never mkdir's
 * recursive mode: on a location such as /proc/hooks it retries forever).
 * Returns the topmost directory it created, or undefined when `dir` existed.
 * Throws one sentence naming the directory when it cannot be made.
 */
export function makeHooksDir(dir: string, what: string): string | undefined {
  const { mkdirSync, statSync } = process.getBuiltinModule("node:fs");
  const { dirname } = process.getBuiltinModule("node:path");
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch {
      missing.push(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
      continue;
    }
    if (!st.isDirectory()) throw new HooksDirError(`cannot create the hooks directory ${dir}: ${at} is not a directory; fix ${what}.`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new HooksDirError(`cannot create the hooks directory ${dir} (${code} at ${d}); point ${what} at a writable directory, or unset it.`);
    }
  }
  return missing[0];
}

/** One sentence for the user (exit 2), like SourceError. */
export class HooksDirError extends Error {
  override name = "SourceError";
}
