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
import { binaryBlobFragments } from "./blobs.js";
import { DiffParser, RangeSplitter } from "./diff.js";
import { missingObjectError, runGit, streamGit, type GitResult, type GitStream } from "./git.js";
import { SourceError } from "./source-error.js";
import { takeEarlyGit } from "./early-git.js";
import { LfsObjects } from "./lfs.js";
import { stagedDiffArgs } from "./staged-args.js";

export interface GitSourceOptions {
  cwd: string;
  accept: (path: string) => boolean;
  maxFileSize: number;
}

/**
 * Starts the one git call of a staged scan. Callers start it first thing, so
 * git runs while the rules compile (a pre-commit hook's time is start-up);
 * dist/cli.js may have started it already, before this bundle loaded
 * (early-git.ts).
 */
export function startStagedDiff(cwd: string, maxFileSize: number): GitStream {
  // A stream, not one buffer: git runs ahead while the rules compile (until the pipe is full),
  // and a huge staged change never sits in memory whole.
  const args = stagedDiffArgs(maxFileSize);
  return takeEarlyGit(args, cwd) ?? streamGit(args, cwd);
}

export async function* stagedFragments(
  opts: GitSourceOptions,
  stats: ScanStats,
  diff: GitStream = startStagedDiff(opts.cwd, opts.maxFileSize),
): AsyncGenerator<Fragment> {
  const parser = new DiffParser("staged", stats, opts.accept);
  const lfs = new LfsObjects(opts.cwd, opts.maxFileSize);
  const split = new RangeSplitter((text, start, end) => parser.lineAt(text, start, end));
  let chars = 0;
  let finished = false;
  try {
    for await (const chunk of diff.chunks) {
      chars += chunk.length;
      split.push(chunk);
      if (parser.ready.length > 0) yield* await lfs.expand(parser.ready.splice(0).filter((f) => !f.binary), stats);
    }
    split.end();
    parser.end();
    const { code, stderr } = await diff.done;
    finished = true;
    if (code !== 0) throw await gitFailure({ code, stderr, stdout: Buffer.alloc(0) }, opts.cwd, "--staged");
    // git diff --cached in a bare repository succeeds with nothing: say why instead.
    if (chars === 0) {
      const where = await repoKind(opts.cwd);
      if (where === "bare") throw await gitFailure({ code: 128, stderr, stdout: Buffer.alloc(0) }, opts.cwd, "--staged", where);
    }
  } finally {
    if (!finished) diff.kill();
  }
  yield* await lfs.expand(parser.ready.splice(0).filter((f) => !f.binary), stats);
  // Binary files come last, once we know which of them are really text.
  if (parser.binaries.length > 0) yield* binaryBlobFragments(parser.binaries, { cwd: opts.cwd, maxFileSize: opts.maxFileSize, source: "staged" }, stats);
}

type RepoKind = "none" | "bare" | "work tree";

/** Whether `cwd` is in a repository, and whether that repository is bare (one git call). */
async function repoKind(cwd: string): Promise<RepoKind> {
  const r = await runGit(["rev-parse", "--is-bare-repository"], cwd);
  if (r.code !== 0) return "none";
  return r.stdout.toString("utf8").trim() === "true" ? "bare" : "work tree";
}

/** Turns a failed git call into one sentence for the user (`where`: repoKind's answer, when the caller has it). */
export async function gitFailure(r: GitResult, cwd: string, flag: string, where?: RepoKind): Promise<Error> {
  where ??= await repoKind(cwd);
  if (where === "none") {
    return new SourceError(`not inside a git repository: run scan-keys ${flag} from a repository, or scan files with scan-keys <path>.`);
  }
  if (flag === "--staged" && where === "bare") {
    return new SourceError("this is a bare repository, which has no staged changes: run scan-keys --staged from a work tree.");
  }
  const missing = await missingObjectError(r.stderr, flag, cwd);
  if (missing) return missing;
  const why = r.stderr.split("\n").find((l) => l.startsWith("fatal:") || l.startsWith("error:")) ?? r.stderr.split("\n")[0] ?? "";
  return new SourceError(`git failed for ${flag}: ${why.replace(/^(fatal|error): /, "").trim() || `exit code ${r.code}`}.`);
}
