// Commits → Fragments: the added lines of every commit in a range, streamed
// from `git log -p` so memory stays flat however long the history is.
//
// Commits come oldest first (`--topo-order --reverse`), so the first time a
// secret is seen is the commit that introduced it; the scan command keeps the
// first finding per fingerprint. Merge commits show no diff (`git log -p`
// default): their changes are scanned in the parents that made them.

import type { CommitInfo, Fragment } from "../engine/types.js";
import type { ScanStats } from "../engine/types.js";
import { DiffParser, LineSplitter } from "./diff.js";
import { runGit, streamGit } from "./git.js";
import { bigFileFlags, DIFF_FLAGS, gitFailure } from "./staged.js";
import { binaryBlobFragments } from "./blobs.js";
import { SourceError } from "./tree.js";

export interface HistoryOptions {
  cwd: string;
  accept: (path: string) => boolean;
  /** Revision arguments for git log: ["HEAD"], ["--all"], ["--end-of-options", "A..B"], … */
  revs: string[];
  /** The flag to name in errors: "--history" or "--pre-push". */
  flag: string;
  /** Files over this are named as too large, not read (default 10 MB). */
  maxFileSize?: number;
}

/** A line git can never print in a diff: NUL, then the commit's fields separated by NUL. */
const FORMAT = "--format=%x00%H%x00%an%x00%ae%x00%aI";

/** The revision arguments for --history, --all and --range. */
export function historyRevs(all: boolean, range: string | undefined): string[] {
  if (all) return ["--all"];
  if (range !== undefined) {
    if (range.trim() === "") throw new SourceError("--range is empty; give a revision range such as origin/main..HEAD.");
    return ["--end-of-options", range];
  }
  return ["HEAD"];
}

export async function* historyFragments(opts: HistoryOptions, stats: ScanStats): AsyncGenerator<Fragment> {
  const maxFileSize = opts.maxFileSize ?? 10 * 1024 * 1024;
  const args = [
    "-c", "core.quotePath=false",
    "-c", "log.showRoot=true",
    "-c", "log.showSignature=false",
    ...bigFileFlags(maxFileSize),
    "log", "-p", ...DIFF_FLAGS,
    "--topo-order", "--reverse",
    FORMAT,
    ...opts.revs,
    "--",
  ];
  const git = streamGit(args, opts.cwd);
  const parser = new DiffParser("history", stats, opts.accept);
  let commits = 0;
  const onLine = (line: string): void => {
    if (line.charCodeAt(0) === 0) {
      commits++;
      parser.setCommit(commitInfo(line));
    } else {
      parser.line(line);
    }
  };
  const split = new LineSplitter(onLine);
  stats.commits = stats.commits ?? 0;
  let finished = false;
  try {
    for await (const chunk of git.chunks) {
      split.push(chunk);
      if (parser.ready.length > 0) {
        const batch = parser.ready.splice(0);
        stats.commits += commits;
        commits = 0;
        yield* batch.filter((f) => !f.binary);
      }
    }
    split.end();
    parser.end();
    stats.commits += commits;
    commits = 0;
    yield* parser.ready.splice(0).filter((f) => !f.binary);
    // Files git called binary, read back once the log is done: UTF-16 text is scanned as --staged scans it.
    if (parser.binaries.length > 0) yield* binaryBlobFragments(parser.binaries.splice(0), { cwd: opts.cwd, maxFileSize, source: "history" }, stats);
    const { code, stderr } = await git.done;
    finished = true;
    if (code !== 0) {
      // A branch with no commits yet has no history: nothing to scan.
      if (opts.revs.length === 1 && opts.revs[0] === "HEAD" && /bad revision 'HEAD'|unknown revision or path.*HEAD|ambiguous argument 'HEAD'/.test(stderr)) {
        return;
      }
      throw await gitFailure({ code, stderr, stdout: Buffer.alloc(0) }, opts.cwd, opts.flag);
    }
  } finally {
    if (!finished) git.kill();
  }
}

function commitInfo(line: string): CommitInfo {
  const [, sha = "", author = "", email = "", date = ""] = line.split("\0");
  return { sha, author, email, date };
}

/** A note for a history scan of a shallow clone: the commits before its boundary are not there to scan. */
export async function shallowNote(cwd: string): Promise<string | undefined> {
  const r = await runGit(["rev-parse", "--is-shallow-repository"], cwd);
  if (r.code !== 0 || r.stdout.toString("utf8").trim() !== "true") return undefined;
  return "this is a shallow clone, so history before its oldest fetched commits was not scanned; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI) to scan it";
}
