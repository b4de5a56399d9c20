// The staged change → Fragments: exactly what the next commit will add.
//
// One git call on the hot path: the index against HEAD (against the empty
// tree on a first commit, which `git diff --cached` does by itself), added
// lines only, read from the staged blobs, never the work tree. The
// environment is inherited, so `git commit -a` / `git commit <paths>` (which
// point GIT_INDEX_FILE at a temporary index) are scanned as committed.
// Paths are relative to the repository root, whatever the working directory.

import type { Fragment } from "../engine/types.js";
import type { ScanStats } from "../engine/types.js";
import { StringDecoder } from "node:string_decoder";
import { binaryBlobFragments } from "./blobs.js";
import { DiffParser, LineSplitter } from "./diff.js";
import { runGit, type GitResult } from "./git.js";
import { SourceError } from "./tree.js";

export interface GitSourceOptions {
  cwd: string;
  accept: (path: string) => boolean;
  maxFileSize: number;
}

/** Options every diff we parse needs, whatever the user's git config says. */
export const DIFF_FLAGS = [
  "-U0",
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "--full-index",
  "--src-prefix=a/",
  "--dst-prefix=b/",
  "-M",
];

/**
 * Starts the one git call of a staged scan. Callers start it first thing, so
 * git runs while the rules compile (a pre-commit hook's time is start-up).
 */
export function startStagedDiff(cwd: string, maxFileSize: number): Promise<GitResult> {
  return runGit(["-c", "core.quotePath=false", ...bigFileFlags(maxFileSize), "diff", "--cached", ...DIFF_FLAGS, "--diff-filter=ACMRT"], cwd);
}

/**
 * git treats a file over core.bigFileThreshold as binary and prints no diff
 * for it: set it to --max-file-size, so a larger staged or committed file is
 * named as too large (blobs.ts) and never turned into one giant string.
 */
export function bigFileFlags(maxFileSize: number): string[] {
  return ["-c", `core.bigFileThreshold=${Math.max(1, Math.min(maxFileSize, 2 ** 31 - 1))}`];
}

export async function* stagedFragments(
  opts: GitSourceOptions,
  stats: ScanStats,
  diff: Promise<GitResult> = startStagedDiff(opts.cwd, opts.maxFileSize),
): AsyncGenerator<Fragment> {
  const r = await diff;
  if (r.code !== 0) throw await gitFailure(r, opts.cwd, "--staged");
  // git diff --cached in a bare repository succeeds with nothing: say why instead.
  if (r.stdout.length === 0 && (await isBare(opts.cwd))) throw await gitFailure({ ...r, code: 128 }, opts.cwd, "--staged");
  const parser = new DiffParser("staged", stats, opts.accept);
  const split = new LineSplitter((l) => parser.line(l));
  // Decoded a slice at a time: the whole diff as one string would stop near 512 MB.
  const utf8 = new StringDecoder("utf8");
  for (let at = 0; at < r.stdout.length; at += DECODE_SLICE) split.push(utf8.write(r.stdout.subarray(at, at + DECODE_SLICE)));
  split.push(utf8.end());
  split.end();
  parser.end();
  // Binary files come last, once we know which of them are really text.
  yield* parser.ready.filter((f) => !f.binary);
  if (parser.binaries.length > 0) yield* binaryBlobFragments(parser.binaries, { cwd: opts.cwd, maxFileSize: opts.maxFileSize, source: "staged" }, stats);
}

const DECODE_SLICE = 16 * 1024 * 1024;

async function isBare(cwd: string): Promise<boolean> {
  const r = await runGit(["rev-parse", "--is-bare-repository"], cwd);
  return r.code === 0 && r.stdout.toString("utf8").trim() === "true";
}

/** Turns a failed git call into one sentence for the user. */
export async function gitFailure(r: GitResult, cwd: string, flag: string): Promise<Error> {
  const where = await runGit(["rev-parse", "--is-bare-repository"], cwd);
  if (where.code !== 0) {
    return new SourceError(`not inside a git repository: run scan-keys ${flag} from a repository, or scan files with scan-keys <path>.`);
  }
  if (flag === "--staged" && where.stdout.toString("utf8").trim() === "true") {
    return new SourceError("this is a bare repository, which has no staged changes: run scan-keys --staged from a work tree.");
  }
  const why = r.stderr.split("\n").find((l) => l.startsWith("fatal:") || l.startsWith("error:")) ?? r.stderr.split("\n")[0] ?? "";
  return new SourceError(`git failed for ${flag}: ${why.replace(/^(fatal|error): /, "").trim() || `exit code ${r.code}`}.`);
}
