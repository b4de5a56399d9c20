// The git calls `scan-keys fix` needs: where the repository is, what the
// index holds, and the two ways fix changes the index (new blobs, entries
// replaced or removed in one update-index call, so the index changes all at
// once or not at all). Everything here is plumbing: no porcelain whose output
// depends on the user's config.

import { runListingGit } from "./blocking-ignore.js";
import { existsSync } from "node:fs";
import { GitError, runGit } from "./git.js";

/** The work tree's top directory, or a GitError saying fix needs a repository. */
export async function repoRoot(cwd: string): Promise<string> {
  const r = await runGit(["rev-parse", "--show-toplevel"], cwd);
  if (r.code !== 0) throw new GitError("scan-keys fix works inside a git work tree: run it from your repository.", r.stderr);
  return r.stdout.toString("utf8").trim();
}

export interface IndexEntry {
  mode: string;
  oid: string;
}

/** Stage-0 index entries for these repository-relative paths (absent when not in the index). */
export async function indexEntries(root: string, paths: string[]): Promise<Map<string, IndexEntry>> {
  const out = new Map<string, IndexEntry>();
  if (paths.length === 0) return out;
  const r = await runGit(["-c", "core.quotePath=false", "ls-files", "-s", "-z", "--", ...paths.map(literalPathspec)], root);
  if (r.code !== 0) throw new GitError(`git ls-files failed: ${r.stderr.trim()}`);
  for (const rec of r.stdout.toString("utf8").split("\0")) {
    const m = /^(\d{6}) ([0-9a-f]+) (\d)\t(.*)$/s.exec(rec);
    if (m && m[3] === "0") out.set(m[4]!, { mode: m[1]!, oid: m[2]! });
  }
  return out;
}

/** Object ids of these paths in HEAD (absent: not in HEAD, or no HEAD yet). */
export async function headOids(root: string, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const r = await runGit(["-c", "core.quotePath=false", "ls-tree", "-z", "HEAD", "--", ...paths], root);
  if (r.code !== 0) return out; // unborn branch: nothing is in HEAD
  for (const rec of r.stdout.toString("utf8").split("\0")) {
    const m = /^\d{6} blob ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** A blob's raw bytes (as stored: no filters, no line-ending conversion). */
export async function readBlob(root: string, oid: string): Promise<Buffer> {
  const r = await runGit(["cat-file", "blob", oid], root);
  if (r.code !== 0) throw new GitError(`git cannot read blob ${oid}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Stores bytes as a blob exactly as given (no clean filters) and returns its id. */
export async function writeBlob(root: string, content: Buffer): Promise<string> {
  const r = await runGit(["hash-object", "-w", "--no-filters", "--stdin"], root, content);
  if (r.code !== 0) throw new GitError(`git hash-object failed: ${r.stderr.trim()}`);
  return r.stdout.toString("utf8").trim();
}

export type IndexChange = { path: string; mode: string; oid: string } | { path: string; remove: true };

/** Replaces or removes index entries in one git call: git takes index.lock, so all or none land. */
export async function updateIndex(root: string, changes: IndexChange[]): Promise<void> {
  if (changes.length === 0) return;
  // A removal names the null object id, whose length depends on the repository's hash (sha1 or sha256).
  const sha256 = changes.some((c) => "remove" in c) && (await runGit(["rev-parse", "--show-object-format"], root)).stdout.toString("utf8").trim() === "sha256";
  const zero = "0".repeat(sha256 ? 64 : 40);
  const lines = changes.map((c) => ("remove" in c ? `0 ${zero}\t${c.path}` : `${c.mode} ${c.oid}\t${c.path}`));
  const r = await runGit(["update-index", "-z", "--index-info"], root, lines.join("\0") + "\0");
  if (r.code !== 0) throw new GitError(`git update-index failed: ${firstLine(r.stderr)}`);
}

/**
 * The index's lock file when it exists (another git command is running, or
 * one crashed), else undefined. Asked of git (`--git-path index`), so a
 * worktree's own index and GIT_INDEX_FILE are honoured.
 */
export async function indexLock(root: string): Promise<string | undefined> {
  const r = await runGit(["rev-parse", "--path-format=absolute", "--git-path", "index"], root);
  if (r.code !== 0) return undefined;
  const lock = `${r.stdout.toString("utf8").trim()}.lock`;
  return existsSync(lock) ? lock : undefined;
}

/** Whether the ignore rules (not the index) cover this path: `git check-ignore --no-index`. */
export async function isIgnored(root: string, path: string): Promise<boolean> {
  // Watched: an ignore file that is a pipe would keep git waiting forever (blocking-ignore.ts).
  const r = await runListingGit(["check-ignore", "-q", "--no-index", "--", path], root, root);
  if (r.code > 1) throw new GitError(`git check-ignore failed: ${r.stderr.trim()}`);
  return r.code === 0;
}

/** Whether HEAD exists (false on a repository's first commit). */
export async function hasHead(root: string): Promise<boolean> {
  return (await runGit(["rev-parse", "--verify", "--quiet", "HEAD"], root)).code === 0;
}

/** Paths are literal file names, never globs: `:(literal)` keeps a `*` in a name from matching others. */
function literalPathspec(p: string): string {
  return `:(literal)${p}`;
}

/** git's first error line, without its "fatal: " (a message is one line: no raw or escaped line breaks). */
function firstLine(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.replace(/^(fatal|error): /, "").trim();
}
