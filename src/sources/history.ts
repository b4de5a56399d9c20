// Commits → Fragments: the lines each commit added, for --history and
// --pre-push.
//
// `git rev-list --topo-order --reverse` lists the commits oldest first
// (parents before children); the scan cuts that list into slices and reads
// each slice with its own `git log -p --no-walk --stdin` (several at once,
// on worker threads, see commands/history-scan.ts). Findings are put back in
// the list's order, so the first time a secret is seen is the commit that
// introduced it, whatever slice read it.
//
// Merges. A merge can add lines neither parent had: a key typed while
// resolving a conflict, or an "evil merge" that edits beyond the merge.
//   1. Each slice's `git log -p --cc` shows merges as combined diffs, which
//      list only files that differ from every parent, and in them only hunks
//      where the merge is not simply one parent's version (half the output of
//      `-c`, the same CPU in git); a line added relative to every parent has
//      `+` in every column. A merge with no such line introduced
//      nothing (most merges: every file is one parent's version) and costs
//      nothing more.
//   2. Two-parent merges whose such lines hold a possible secret (the rules
//      run on them, `mayHoldSecret`) are read again with
//      `--remerge-diff`: the diff from git's own automatic merge of the parents
//      (conflict markers included) to the commit, so only what the person
//      merging typed is added, and lines the merged branch brought in (also
//      across renames, which a combined diff gets wrong) are not re-reported.
//   3. Octopus merges (3+ parents): git 2.39 skips them in --remerge-diff
//      ("Skipping remerge-diff for octopus merges"), and an octopus merge
//      cannot have resolved a conflict (git refuses), so the lines added
//      relative to every parent (step 1) are exactly what it introduced: those
//      are scanned.
// git's remerge-diff must see a merge before its ancestors in the same git
// process (git frees the parents of commits it has shown, and a later merge
// base computation would then stop early and report add/add conflicts), so
// step 2 lists its merges newest first.

import type { CommitInfo, Fragment, ScanStats } from "../engine/types.js";
import { binaryBlobFragments } from "./blobs.js";
import { DiffParser, RangeSplitter } from "./diff.js";
import { collectStream, runGit, streamGit, type GitStream } from "./git.js";
import { takeEarlyGit } from "./early-git.js";
import { LfsObjects } from "./lfs.js";
import { gitFailure } from "./staged.js";
import { SourceError } from "./source-error.js";
import { bigFileFlags, DIFF_FLAGS } from "./staged-args.js";
import { revListArgs } from "./history-args.js";

export interface HistoryOptions {
  cwd: string;
  accept: (path: string) => boolean;
  /**
   * Whether lines a two-parent merge added relative to both parents could
   * hold a secret (the caller runs the rules on them): only then is the merge
   * read again with --remerge-diff. Absent: every such merge is.
   */
  mayHoldSecret?: (fragment: Fragment) => boolean;
  /** The flag to name in errors: "--history" or "--pre-push". */
  flag: string;
  /** Files over this are named as too large, not read (--max-file-size). */
  maxFileSize: number;
}

/** A line git can never print in a diff: NUL, then the commit's fields separated by NUL. */
const FORMAT = "--format=%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%s";

/**
 * The commits `revs` names, oldest first, as full hashes (one git call; ~41
 * bytes a commit, the one part of a history scan that grows with the history).
 */
export async function listCommits(revs: string[], opts: HistoryOptions): Promise<string[]> {
  const args = revListArgs(revs);
  const early = takeEarlyGit(args, opts.cwd);
  const r = early ? await collectStream(early) : await runGit(args, opts.cwd);
  if (r.code !== 0) {
    // A branch with no commits yet has no history: nothing to scan.
    if (revs.length === 1 && revs[0] === "HEAD" && /bad revision 'HEAD'|unknown revision or path.*HEAD|ambiguous argument 'HEAD'/.test(r.stderr)) {
      await failIfHeadIsDangling(opts);
      return [];
    }
    throw await gitFailure(r, opts.cwd, opts.flag);
  }
  const out = r.stdout.toString("latin1");
  const shas: string[] = [];
  for (let at = 0; at < out.length; ) {
    const nl = out.indexOf("\n", at);
    const end = nl === -1 ? out.length : nl;
    if (end > at) shas.push(out.slice(at, end));
    at = end + 1;
  }
  return shas;
}

/**
 * HEAD has no commit: a new repository (nothing to scan), or HEAD names a
 * branch that does not exist while others do (a bare mirror whose HEAD still
 * says master after the default branch was renamed). The second would scan
 * "0 commits" and pass, so it stops with one sentence.
 */
async function failIfHeadIsDangling(opts: HistoryOptions): Promise<void> {
  const anyRef = await runGit(["for-each-ref", "--count=1", "--format=%(refname)"], opts.cwd);
  if (anyRef.code !== 0 || anyRef.stdout.length === 0) return;
  const head = (await runGit(["symbolic-ref", "-q", "HEAD"], opts.cwd)).stdout.toString("utf8").trim() || "HEAD";
  throw new SourceError(
    `${opts.flag} scans the history of HEAD, which names ${head}, a branch that does not exist here (this repository's branches have other names), so nothing was scanned; scan every branch with --history --all, or name one with --range.`,
  );
}

/** A slice whose `git log` already runs (see startSlice). */
export interface StartedSlice {
  shas: string[];
  git: GitStream;
}

/**
 * Starts git on a slice now, to be read later with `sliceFragments`: git runs
 * up to `readAhead` characters ahead, so the next slices' diffs are computed
 * (on another core) while this thread scans the current one.
 */
export function startSlice(shas: string[], opts: HistoryOptions, readAhead: number): StartedSlice {
  return { shas, git: startLog(["--cc"], shas, opts, readAhead) };
}

/**
 * The added lines of these commits (a slice of `listCommits`), streamed in
 * batches (the fragments of each chunk of git's output: one await per chunk,
 * not per fragment, on histories of many small diffs); merges as described at
 * the top. Adds the commits to `stats.commits`.
 */
export async function* sliceFragments(slice: StartedSlice | string[], opts: HistoryOptions, stats: ScanStats): AsyncGenerator<Fragment[]> {
  const { shas, git } = Array.isArray(slice) ? startSlice(slice, opts, 0) : slice;
  stats.commits = (stats.commits ?? 0) + shas.length;
  const remerge: string[] = [];
  yield* logFragments(git, opts, stats, remerge);
  if (remerge.length > 0) yield* logFragments(startLog(["--remerge-diff"], remerge.reverse(), opts, 0), opts, stats);
}

/**
 * One `git log -p` over exactly these commits, in this order.
 *
 * `--diff-filter=d` leaves out deleted files, whose diff is nothing but
 * removed lines (a deleted file's whole text: 12% of express's history
 * output). git filters after rename detection, so a rename (a delete and an
 * add paired up) stays; a file that exists after a commit or merge is never
 * "deleted" relative to any parent, so no added line, combined diff or
 * remerge diff loses anything. git then prints no header for a commit that
 * only deleted files: it added nothing to scan.
 */
function startLog(mode: string[], shas: string[], opts: HistoryOptions, readAhead: number): GitStream {
  const args = [
    "-c", "core.quotePath=false",
    "-c", "log.showRoot=true",
    "-c", "log.showSignature=false",
    ...bigFileFlags(opts.maxFileSize),
    "log", "-p", ...DIFF_FLAGS, "--diff-filter=d", ...mode,
    "--no-walk=unsorted", "--stdin",
    FORMAT,
  ];
  return streamGit(args, opts.cwd, `${shas.join("\n")}\n`, readAhead);
}

/**
 * Fragments from a started `git log -p`. With `merges`, two-parent merges
 * that added lines relative to both parents are collected there instead of
 * scanned.
 */
async function* logFragments(git: GitStream, opts: HistoryOptions, stats: ScanStats, merges?: string[]): AsyncGenerator<Fragment[]> {
  const parser = new DiffParser("history", stats, opts.accept);
  const lfs = new LfsObjects(opts.cwd, opts.maxFileSize);
  // Two-parent merges in this log whose combined lines are probed, not scanned; and those already picked.
  const probed = new Set<string>();
  const picked = new Set<string>();
  const onLine = (text: string, start: number, end: number): void => {
    if (start < end && text.charCodeAt(start) === 0) {
      const { commit, parents } = commitInfo(text.slice(start, end));
      if (merges && parents === 2) probed.add(commit.sha);
      parser.setCommit(commit);
    } else {
      parser.lineAt(text, start, end);
    }
  };
  // Octopus merges' combined lines are scanned; two-parent merges' lines only decide on --remerge-diff.
  function drain(): Fragment[] {
    const batch: Fragment[] = [];
    for (const f of parser.ready.splice(0)) {
      if (f.binary) continue; // read back from its blob once the log is done (UTF-16 text), below
      const sha = f.commit?.sha ?? "";
      if (!probed.has(sha)) batch.push(f);
      else if (!picked.has(sha) && (!opts.mayHoldSecret || opts.mayHoldSecret(f))) {
        picked.add(sha);
        merges!.push(sha);
      }
    }
    return batch;
  }
  const split = new RangeSplitter(onLine);
  let finished = false;
  try {
    for await (const chunk of git.chunks) {
      split.push(chunk);
      if (parser.ready.length > 0) {
        const batch = await lfs.expand(drain(), stats);
        if (batch.length > 0) yield batch;
      }
    }
    split.end();
    parser.end();
    const last = await lfs.expand(drain(), stats);
    if (last.length > 0) yield last;
    // Files git called binary, read back once: UTF-16 text is scanned as --staged scans it, keystores by path.
    if (parser.binaries.length > 0) {
      const files = parser.binaries.splice(0).filter((b) => !b.commit || !probed.has(b.commit.sha));
      for await (const f of binaryBlobFragments(files, { cwd: opts.cwd, maxFileSize: opts.maxFileSize, source: "history" }, stats)) yield [f];
    }
    const { code, stderr } = await git.done;
    finished = true;
    if (code !== 0) throw await gitFailure({ code, stderr, stdout: Buffer.alloc(0) }, opts.cwd, opts.flag);
  } finally {
    if (!finished) git.kill();
  }
}

function commitInfo(line: string): { commit: CommitInfo; parents: number } {
  const [, sha = "", parents = "", author = "", email = "", date = "", message = ""] = line.split("\0");
  return { commit: { sha, author, email, date, message }, parents: parents === "" ? 0 : parents.split(" ").length };
}

/** A note for a history scan of a shallow clone: the commits before its boundary are not there to scan. */
export async function shallowNote(cwd: string): Promise<string | undefined> {
  const r = await runGit(["rev-parse", "--is-shallow-repository"], cwd);
  if (r.code !== 0 || r.stdout.toString("utf8").trim() !== "true") return undefined;
  return "this is a shallow clone, so history before its oldest fetched commits was not scanned; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI) to scan it";
}
