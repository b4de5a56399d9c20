// Which repository git lists a directory from. An exported GIT_DIR /
// GIT_WORK_TREE (a dotfiles set-up, some CI) points every git call at one
// repository wherever it runs; a tree scan of a directory outside that work
// tree must still list that directory.

import { realpathSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { runGit } from "./git.js";

/** Variables that point git at one repository, whatever the directory it runs in. */
const REPOSITORY_VARIABLES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE"];

/**
 * The environment to list `dir` with. An exported GIT_DIR / GIT_WORK_TREE
 * (a dotfiles set-up, some CI) makes git list *that* work tree's files
 * wherever it runs, so a directory outside it came back as files that are
 * not there: 0 scanned. Such a directory is listed as git would without them
 * (its own repository, or none: a walk). Undefined: process.env as it is.
 */
export async function repositoryEnvFor(dir: string): Promise<NodeJS.ProcessEnv | undefined> {
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) return undefined;
  const top = await runGit(["rev-parse", "--show-toplevel"], dir);
  const root = top.code === 0 ? top.stdout.toString("utf8").trim() : "";
  if (root !== "" && isWithin(realpathSync(dir), realpathSync(root))) return undefined;
  const env = { ...process.env };
  for (const v of REPOSITORY_VARIABLES) delete env[v];
  return env;
}

function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
