// Files on disk → Fragments. Inside a git work tree, the files git knows
// (tracked, and untracked but not ignored); elsewhere, a walk that skips
// .git and node_modules. A path named explicitly is scanned even when git
// ignores it: the user asked for it.

import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Fragment } from "../engine/types.js";
import type { ScanStats } from "../engine/types.js";
import { decodeText } from "./decode.js";
import { GitError, runGit } from "./git.js";

export interface TreeOptions {
  cwd: string;
  paths: string[];
  /** Returns true when a path (relative, `/` separated) is to be scanned. */
  accept: (path: string) => boolean;
  maxFileSize: number;
}

export class SourceError extends Error {
  override name = "SourceError";
}

/** A file to scan: where it is, and how reports name it. */
export interface TreeFile {
  abs: string;
  display: string;
}

const ALWAYS_SKIPPED_DIRS = new Set([".git"]);

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/** Paths are shown relative to the working directory, or to the scanned path when it lies outside it. */
function displayBase(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  const outside = rel.startsWith("..") || isAbsolute(rel);
  if (!outside) return cwd;
  return statSync(abs).isDirectory() ? abs : dirname(abs);
}

/** Files git lists under `abs`; undefined outside a work tree, "no-git" when git is not installed. */
async function gitTreeFiles(abs: string, base: string): Promise<TreeFile[] | undefined | "no-git"> {
  const isDir = statSync(abs).isDirectory();
  const cwd = isDir ? abs : dirname(abs);
  const spec = isDir ? [] : [`:(literal)${basename(abs)}`];
  let r;
  try {
    r = await runGit(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...spec], cwd);
  } catch (err) {
    if (err instanceof GitError) return "no-git"; // a tree scan does not need git: walk instead
    throw err;
  }
  if (r.code !== 0) return undefined; // not inside a work tree
  const names = r.stdout.toString("utf8").split("\0").filter(Boolean);
  // --cached lists a path once per merge stage during a conflict.
  return [...new Set(names)].map((n) => {
    const file = join(cwd, n);
    return { abs: file, display: toPosix(relative(base, file)) };
  });
}

function walk(abs: string, base: string, out: TreeFile[]): void {
  const insideNodeModules = abs.split(sep).includes("node_modules");
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable directory is reported by no file; walk on
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
        if (e.name === "node_modules" && !insideNodeModules) continue;
        visit(p);
      } else if (e.isFile()) {
        out.push({ abs: p, display: toPosix(relative(base, p)) });
      }
    }
  };
  if (statSync(abs).isDirectory()) visit(abs);
  else out.push({ abs, display: toPosix(relative(base, abs)) || basename(abs) });
}

/** Lists the files to scan, in a stable order. */
export async function listTree(opts: TreeOptions, stats?: ScanStats): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  for (const p of opts.paths.length ? opts.paths : ["."]) {
    const abs = resolve(opts.cwd, p);
    if (!existsSync(abs)) throw new SourceError(`${p}: no such file or directory.`);
    const base = displayBase(opts.cwd, abs);
    const fromGit = await gitTreeFiles(abs, base);
    if (fromGit === "no-git" && stats && !stats.notes?.length) {
      (stats.notes ??= []).push("git was not found on PATH, so every file was walked and .gitignore was not applied");
    }
    if (Array.isArray(fromGit) && fromGit.length > 0) out.push(...fromGit);
    else walk(abs, base, out);
  }
  const seen = new Set<string>();
  return out.filter((c) => {
    if (seen.has(c.abs) || !opts.accept(c.display)) return false;
    seen.add(c.abs);
    return true;
  });
}

/** Reads listed files one at a time, so memory stays flat however large the tree. */
export function* readTree(files: TreeFile[], opts: TreeOptions, stats: ScanStats): Generator<Fragment> {
  for (const { abs, display } of files) {
    let buf: Buffer;
    try {
      const st = lstatSync(abs);
      if (!st.isFile()) continue; // symlinks, submodules, sockets: not file content
      if (st.size > opts.maxFileSize) {
        stats.skippedTooLarge++;
        continue;
      }
      buf = readFileSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") continue; // tracked but deleted in the work tree
      stats.skippedUnreadable++;
      stats.unreadable.push({ path: display, reason: code === "EACCES" ? "permission denied" : (code ?? "read error") });
      continue;
    }
    const text = decodeText(buf);
    if (text === undefined) {
      // Binary content is not scanned, but path rules still see the file (a committed keystore).
      stats.skippedBinary++;
      yield { path: display, text: "", source: "tree", binary: true };
      continue;
    }
    stats.files++;
    stats.bytes += buf.length;
    yield { path: display, text, source: "tree" };
  }
}
