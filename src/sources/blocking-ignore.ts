// Ignore files git would wait on forever. To list untracked files git opens
// the .gitignore of every directory it enters, .git/info/exclude and
// core.excludesFile; opening a named pipe (FIFO) or a device blocks until
// something writes to it, so `git ls-files --others --exclude-standard`
// never returns and a tree scan hangs. A check before every listing would
// cost a walk of the tree on the speed-critical path, so tree.ts runs git
// with a watchdog and asks here only once the listing is slow.

import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { runGit, type GitResult } from "./git.js";
import { kindOf } from "./safe-read.js";
import { SourceError } from "./source-error.js";

/** How long a listing may take before the tree is searched for a blocking ignore file; doubled after each search. */
const FIRST_LOOK_MS = 2000;

/**
 * Runs a git command that reads ignore files (`dir` its working directory,
 * `base` what paths are shown relative to). A listing still running after
 * FIRST_LOOK_MS is searched for an ignore file git would block on; if there
 * is one, git is stopped and the scan ends in one sentence naming it.
 * A normal listing pays one timer.
 */
export async function runListingGit(args: string[], dir: string, base: string, env?: NodeJS.ProcessEnv): Promise<GitResult> {
  const stop = new AbortController();
  let culprit: BlockingFile | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wait = FIRST_LOOK_MS;
  let done = false;
  const look = async (): Promise<void> => {
    const found = await blockingIgnoreFile(dir, base, env).catch(() => undefined);
    if (done) return;
    culprit = found;
    if (culprit) stop.abort();
    else timer = setTimeout(() => void look(), (wait *= 2));
  };
  timer = setTimeout(() => void look(), wait);
  try {
    return await runGit(args, dir, undefined, env, stop.signal);
  } catch (err) {
    if (culprit) {
      throw new SourceError(
        `${culprit.path} is ${culprit.kind}, not a file, and git waits forever to read it as an ignore file; remove it (or make it a regular file) and run scan-keys again.`,
      );
    }
    throw err;
  } finally {
    done = true; // a search still running finds nothing to stop
    clearTimeout(timer);
  }
}

/** Special files whose open() can block: pipes and devices (a socket fails at once). */
function mayBlock(e: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): boolean {
  return e.isFIFO() || e.isCharacterDevice() || e.isBlockDevice();
}

export interface BlockingFile {
  /** Relative to the display base, or absolute outside it. */
  path: string;
  /** "a FIFO (named pipe)", "a character device", … */
  kind: string;
}

/**
 * The first ignore file under `dir` (or the repository's and user's exclude
 * files) that would block git, shown relative to `base`; or undefined when
 * there is none (git is only slow). `env`: git's environment.
 */
export async function blockingIgnoreFile(dir: string, base: string, env?: NodeJS.ProcessEnv): Promise<BlockingFile | undefined> {
  // Paths from git itself; none of these calls reads an ignore file.
  const [info, user, top] = await Promise.all([
    runGit(["rev-parse", "--git-path", "info/exclude"], dir, undefined, env),
    runGit(["config", "--path", "core.excludesFile"], dir, undefined, env),
    runGit(["rev-parse", "--show-toplevel"], dir, undefined, env),
  ]);
  const text = (r: GitResult) => (r.code === 0 ? r.stdout.toString("utf8").trim() : "");
  // git opens the exclude files through a link, but an in-tree .gitignore without following one.
  const followed: string[] = [];
  const unfollowed: string[] = [];
  if (text(info) !== "") followed.push(resolve(dir, text(info)));
  const xdg = env?.XDG_CONFIG_HOME ?? process.env.XDG_CONFIG_HOME;
  followed.push(text(user) !== "" ? resolve(dir, text(user)) : join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".config"), "git", "ignore"));
  // Listing a subdirectory, git also reads the .gitignore of each directory above it, up to the top.
  const root = text(top);
  if (root !== "") {
    for (let d = dirname(realpathSync(dir)); isWithin(d, root); d = dirname(d)) {
      unfollowed.push(join(d, ".gitignore"));
      if (d === root) break;
    }
  }
  for (const [paths, stat] of [[followed, statSync], [unfollowed, lstatSync]] as const) {
    for (const p of paths) {
      try {
        const st = stat(p);
        if (mayBlock(st)) return { path: shown(base, p), kind: kindOf(st) };
      } catch {
        // absent: nothing to block on
      }
    }
  }
  return findInTree(dir, base);
}

function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** A .gitignore under `dir` that is a pipe or a device (git does not follow a linked .gitignore, so links are harmless). */
function findInTree(dir: string, base: string): BlockingFile | undefined {
  const pending = [dir];
  for (let d = pending.pop(); d !== undefined; d = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue; // git cannot enter it either, and names it
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== ".git") pending.push(join(d, e.name));
      } else if (e.name === ".gitignore" && mayBlock(e)) {
        return { path: shown(base, join(d, e.name)), kind: kindOf(e) };
      }
    }
  }
  return undefined;
}

function shown(base: string, abs: string): string {
  const rel = relative(base, abs);
  const p = rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
  return sep === "/" ? p : p.split(sep).join("/");
}
