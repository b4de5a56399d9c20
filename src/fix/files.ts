// Reading the copies of a file fix may change: the work tree and the index.
// Symlinks, binary files, submodules and anything outside the repository are
// marked skipped here, before any rewrite is thought of.

import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, isAbsolute } from "node:path";
import { headOids, indexEntries, readBlob, type IndexEntry } from "../sources/repo.js";
import { decodeFile, type Encoding } from "./encoding.js";

export interface Copy {
  buf: Buffer;
  text: string;
  encoding: Encoding;
}

export interface FileState {
  /** Repository-relative, `/` separated. */
  path: string;
  abs: string;
  work?: Copy & { mode: number };
  index?: Copy & { entry: IndexEntry };
  /** The index differs from HEAD for this path (a new or changed file is staged). */
  staged: boolean;
  /** Why fix must not touch this file at all. */
  skip?: string;
}

function inside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function readWork(root: string, state: FileState): void {
  let st;
  try {
    st = lstatSync(state.abs);
  } catch {
    return; // not in the work tree (deleted there): only the index copy, if any
  }
  if (st.isSymbolicLink()) return void (state.skip = "it is a symbolic link, which fix never follows");
  if (!st.isFile()) return void (state.skip = "it is not a regular file");
  let realDir: string;
  try {
    realDir = realpathSync(dirname(state.abs));
  } catch {
    return void (state.skip = "its folder cannot be resolved");
  }
  if (!inside(realpathSync(root), join(realDir, "x"))) return void (state.skip = "it lies outside the repository");
  const buf = readFileSync(state.abs);
  const decoded = decodeFile(buf);
  if (!decoded) return void (state.skip = "it is a binary file");
  state.work = { buf, ...decoded, mode: st.mode & 0o7777 };
}

/** Work-tree and index copies of each repository-relative path. */
export async function loadFiles(root: string, paths: string[]): Promise<Map<string, FileState>> {
  const [entries, heads] = await Promise.all([indexEntries(root, paths), headOids(root, paths)]);
  const out = new Map<string, FileState>();
  for (const path of paths) {
    const abs = join(root, path);
    const entry = entries.get(path);
    const state: FileState = { path, abs, staged: entry !== undefined && entry.oid !== heads.get(path) };
    out.set(path, state);
    if (!inside(root, abs)) {
      state.skip = "it lies outside the repository";
      continue;
    }
    if (entry && entry.mode === "120000") state.skip = "it is a symbolic link, which fix never follows";
    else if (entry && entry.mode === "160000") state.skip = "it is a submodule";
    if (state.skip) continue;
    readWork(root, state);
    if (state.skip || !entry) continue;
    const buf = await readBlob(root, entry.oid);
    const decoded = decodeFile(buf);
    if (!decoded) state.skip = "it is a binary file";
    else state.index = { buf, ...decoded, entry };
  }
  return out;
}

/** Reads one support file (.env, .gitignore, .env.example) at the root: its bytes, or undefined; refuses a symlink. */
export function readSupport(root: string, name: string): { buf: Buffer; mode: number } | undefined | "symlink" {
  try {
    const st = lstatSync(join(root, name));
    if (st.isSymbolicLink()) return "symlink";
    if (!st.isFile()) return "symlink";
    return { buf: readFileSync(join(root, name)), mode: st.mode & 0o7777 };
  } catch {
    return undefined;
  }
}
