// Files on disk → the list of files to scan. Inside a git work tree, the
// files git knows (tracked, and untracked but not ignored); elsewhere, a walk
// that skips .git and node_modules. A path named explicitly is scanned even
// when git ignores it (the user asked for it), and followed when it is a
// symbolic link. Whatever is met and not listed (an unreadable directory, a
// path too long to open, a special file) is recorded in the stats with why.
// Reading the listed files is tree-read.ts.

import { appendAll } from "../engine/append.js";
import { accessSync, constants, lstatSync, readdirSync, statSync, type Dirent } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ScanStats } from "../engine/types.js";
import { addNote, emptyStats, recordSkip } from "../engine/stats.js";
import { GitError } from "./git.js";
import { runListingGit } from "./blocking-ignore.js";
import { repositoryEnvFor } from "./repository-env.js";
import { escapedName, joinRaw, rawArgument, utf8Name, type RawPath } from "./paths.js";
import { kindOf, present } from "./safe-read.js";
import { readFailure, type TreeFile } from "./tree-read.js";
import { SourceError } from "./source-error.js";

export { readTree, type TreeFile } from "./tree-read.js";

export interface TreeOptions {
  cwd: string;
  paths: string[];
  /** Returns true when a path (relative, `/` separated) is to be scanned. */
  accept: (path: string) => boolean;
  maxFileSize: number;
  /** Scan the files of git submodules too (else each is named in the summary as not scanned). */
  recurseSubmodules?: boolean;
  /** How reports name standard input (`-`). */
  stdinName?: string;
  /** Told, as the listing goes, how many files it has found so far (before --include and --exclude): a caller may start work early. */
  listed?: (files: number) => void;
}

const ALWAYS_SKIPPED_DIRS = new Set([".git"]);
/** Names of standard input on the command line, besides `-`. */
export const STDIN_NAMES = new Set(["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/** Paths are shown relative to the working directory, or to the scanned directory when it lies outside it. */
function displayBase(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel.startsWith("..") || isAbsolute(rel) ? abs : cwd;
}

/** The display of `dir` + name bytes, relative to base. */
function displayOf(base: string, dir: string, name: string): string {
  return displayIn(toPosix(relative(base, dir)), name);
}

/** The display of a name (or `/`-separated path) under a directory whose display is `d`. */
function displayIn(d: string, name: string): string {
  return d === "" ? name : `${d}/${name}`;
}

/**
 * `name` (a file name, or a `/`-separated relative path as git lists it) under
 * the absolute, normalised directory `dir`. path.join normalises the whole
 * path again for every file: a third of a node_modules walk (~50 of 140 ms).
 */
function under(dir: string, name: string): string {
  if (sep !== "/") return join(dir, name);
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** Files git lists under directory `dir`; undefined outside a work tree, "no-git" when git is not installed. */
async function gitTreeFiles(dir: string, base: string, opts: TreeOptions, stats: ScanStats): Promise<TreeFile[] | undefined | "no-git"> {
  let r;
  try {
    // -t: each path after a status letter and a space; "S" marks a sparse checkout's out-of-cone file.
    // Watched: an ignore file that is a pipe would keep git waiting forever (blocking-ignore.ts).
    r = await runListingGit(["ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard"], dir, base, await repositoryEnvFor(dir));
  } catch (err) {
    if (err instanceof GitError) return "no-git"; // a tree scan does not need git: walk instead
    throw err;
  }
  if (r.code !== 0) return undefined; // not inside a work tree
  // git names what it could not enter and goes on; so do we, aloud.
  for (const m of r.stderr.matchAll(/could not open directory '([^']*)': (.*)/g)) {
    recordSkip(stats, "unreadable", displayOf(base, dir, m[1]!.replace(/\/$/, "")), `directory: ${m[2]!.toLowerCase()}`);
  }
  const out: TreeFile[] = [];
  const seen = new Set<string>(); // --cached lists a path once per merge stage during a conflict
  const dirDisplay = toPosix(relative(base, dir));
  const all = r.stdout;
  for (let start = 0; start < all.length; ) {
    let end = all.indexOf(0, start);
    if (end === -1) end = all.length;
    const entry = all.subarray(start, end);
    start = end + 1;
    if (entry.length < 3) continue;
    const bytes = entry.subarray(2);
    const name = utf8Name(bytes);
    const key = name ?? bytes.toString("latin1");
    if (seen.has(key)) continue;
    seen.add(key);
    if (entry[0] === 0x53 /* S */ && !onDisk(name !== undefined ? under(dir, name) : joinRaw(dir, Buffer.from(bytes)))) {
      recordSkip(stats, "other", displayIn(dirDisplay, name ?? escapedName(bytes)), OUT_OF_CONE);
      continue;
    }
    if (name !== undefined) out.push({ abs: under(dir, name), display: displayIn(dirDisplay, name) });
    else out.push({ abs: joinRaw(dir, Buffer.from(bytes)), display: displayIn(dirDisplay, escapedName(bytes)) });
  }
  opts.listed?.(out.length);
  return submodules(out, base, opts, stats);
}

/** Whether anything (even a dangling symbolic link) is at this path. */
function onDisk(abs: RawPath): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

const OUT_OF_CONE = "outside the sparse-checkout cone, so not in the work tree and not scanned (scan-keys --history scans what is committed)";

/**
 * git lists a submodule as one entry, a directory. With --recurse-submodules
 * its files are listed in its place; without, reading names each as not scanned.
 */
async function submodules(files: TreeFile[], base: string, opts: TreeOptions, stats: ScanStats): Promise<TreeFile[]> {
  // Without the flag, reading meets each submodule as a directory and names it (tree-read.ts).
  if (!opts.recurseSubmodules) return files;
  const out: TreeFile[] = [];
  for (const f of files) {
    if (typeof f.abs === "string" && present(join(f.abs, ".git")) && statSync(f.abs).isDirectory()) {
      const inner = await gitTreeFiles(f.abs, base, opts, stats);
      if (Array.isArray(inner)) {
        appendAll(out, inner);
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

/**
 * A directory's entries in the order of their names' bytes. Names come as
 * strings, decoded by readdir itself: a Buffer per name cost a node_modules
 * walk ~30 ms more, mostly in the garbage collector. Where a name is not
 * valid UTF-8 (decoded, it holds U+FFFD), the directory is read again as
 * bytes, so that each name can still be opened and shown escaped.
 */
function sortedEntries(dir: RawPath): Dirent[] | Dirent<Buffer>[] {
  if (typeof dir === "string") {
    const named = readdirSync(dir, { withFileTypes: true });
    if (!named.some((e) => e.name.includes("\ufffd"))) {
      // UTF-16 order is the bytes' order, except where a character beyond U+FFFF (a surrogate pair) meets U+E000-U+FFFF.
      if (named.some((e) => SURROGATE.test(e.name))) return named.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
      return named.sort((a, b) => (a.name < b.name ? -1 : 1)); // names in a directory differ
    }
  }
  return readdirSync(dir, { withFileTypes: true, encoding: "buffer" }).sort((a, b) => Buffer.compare(a.name, b.name));
}

const SURROGATE = /[\ud800-\udfff]/;

/** Walks a directory without git: every regular file, in a stable order; the rest recorded. */
function walk(root: RawPath, rootDisplay: string, out: TreeFile[], stats: ScanStats, listed?: (files: number) => void): void {
  const rootText = typeof root === "string" ? root : root.toString("utf8");
  const insideNodeModules = rootText.split(sep).includes("node_modules");
  const visit = (dir: RawPath, display: string): void => {
    let entries;
    try {
      entries = sortedEntries(dir);
    } catch (err) {
      recordSkip(stats, "unreadable", display || ".", `directory: ${readFailure(err)}`);
      return;
    }
    for (const e of entries) {
      const text = typeof e.name === "string" ? e.name : utf8Name(e.name);
      const p = text !== undefined && typeof dir === "string" ? under(dir, text) : joinRaw(dir, Buffer.from(e.name));
      const shown = displayIn(display, text ?? escapedName(e.name as Buffer));
      if (e.isDirectory()) {
        if (text !== undefined && ALWAYS_SKIPPED_DIRS.has(text)) continue;
        if (text === "node_modules" && !insideNodeModules) continue;
        visit(p, shown);
      } else if (e.isFile()) {
        out.push({ abs: p, display: shown, regular: true });
      } else if (e.isSymbolicLink()) {
        recordSkip(stats, "other", shown, "a symbolic link, not followed (name it on the command line to scan its target)");
      } else {
        let what = "not a regular file";
        try {
          what = `${kindOf(lstatSync(p))}, not a regular file`;
        } catch {
          // gone since the listing: the generic words will do
        }
        recordSkip(stats, "other", shown, what);
      }
    }
    listed?.(out.length);
  };
  visit(root, rootDisplay);
}

/** A path named on the command line that cannot be scanned: one sentence. */
function namedPathError(p: string, abs: RawPath, err: unknown): SourceError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return new SourceError(isDanglingLink(abs) ? `${p}: a symbolic link to nothing.` : `${p}: no such file or directory.`);
  }
  if (code === "ENAMETOOLONG") return new SourceError(`${p.slice(0, 80)}…: the path is longer than the system allows.`);
  return new SourceError(`${p}: ${readFailure(err)}.`);
}

function isDanglingLink(abs: RawPath): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Lists the files to scan, in a stable order. */
export async function listTree(opts: TreeOptions, stats: ScanStats = emptyStats()): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  for (const p of opts.paths.length ? opts.paths : ["."]) {
    if (p === "-" || STDIN_NAMES.has(p)) {
      // /dev/stdin may be a socket (not openable by name on Linux): read descriptor 0 itself.
      out.push({ abs: "-", display: p === "-" ? (opts.stdinName ?? "<stdin>") : p, stdin: true });
      continue;
    }
    const raw = rawArgument(p);
    const abs: RawPath = typeof raw === "string" ? resolve(opts.cwd, raw) : raw[0] === 0x2f ? raw : joinRaw(opts.cwd, raw);
    let st;
    try {
      st = statSync(abs); // follows a symbolic link the user named
    } catch (err) {
      throw namedPathError(p, abs, err);
    }
    if (!st.isDirectory()) {
      // A file named explicitly: scanned even if git ignores it, followed if it is a link.
      const display =
        typeof abs === "string" ? (displayBase(opts.cwd, abs) === opts.cwd ? toPosix(relative(opts.cwd, abs)) : toPosix(relative(dirname(abs), abs))) : escapedName(raw as Buffer);
      out.push({ abs, display, explicit: true });
      continue;
    }
    try {
      accessSync(abs, constants.R_OK | constants.X_OK);
    } catch (err) {
      throw new SourceError(`${p}: ${readFailure(err)}, so this directory cannot be listed.`);
    }
    if (typeof abs !== "string") {
      walk(abs, escapedName(raw as Buffer), out, stats, opts.listed); // git cannot be started in a directory Node cannot name
      continue;
    }
    const base = displayBase(opts.cwd, abs);
    const fromGit = await gitTreeFiles(abs, base, opts, stats);
    if (fromGit === "no-git") addNote(stats, "git was not found on PATH, so every file was walked and .gitignore was not applied");
    if (Array.isArray(fromGit) && fromGit.length > 0) appendAll(out, fromGit);
    else walk(abs, toPosix(relative(base, abs)), out, stats, opts.listed);
  }
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = typeof c.abs === "string" ? c.abs : Buffer.from(c.abs).toString("latin1");
    if (seen.has(key) || !opts.accept(c.display)) return false;
    seen.add(key);
    return true;
  });
}
