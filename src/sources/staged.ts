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
import { decodeText } from "./decode.js";
import { DiffParser, LineSplitter, type BinaryFile } from "./diff.js";
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
export function startStagedDiff(cwd: string): Promise<GitResult> {
  return runGit(["-c", "core.quotePath=false", "diff", "--cached", ...DIFF_FLAGS, "--diff-filter=ACMRT"], cwd);
}

export async function* stagedFragments(
  opts: GitSourceOptions,
  stats: ScanStats,
  diff: Promise<GitResult> = startStagedDiff(opts.cwd),
): AsyncGenerator<Fragment> {
  const r = await diff;
  if (r.code !== 0) throw await gitFailure(r, opts.cwd, "--staged");
  const parser = new DiffParser("staged", stats, opts.accept);
  const split = new LineSplitter((l) => parser.line(l));
  split.push(r.stdout.toString("utf8"));
  split.end();
  parser.end();
  // Binary files come last, once we know which of them are really text.
  yield* parser.ready.filter((f) => !f.binary);
  if (parser.binaries.length > 0) yield* textBlobsGitCallsBinary(parser.binaries, opts, stats);
}

/**
 * Files git calls binary are usually binary, but a `.gitattributes` entry
 * (`-diff`, `binary`) or a UTF-16 encoding also makes git say so. Read those
 * blobs (one git call, only when there are any) and scan the ones that are
 * text to us, whole: git gave no added lines for them. The others go on as
 * binary fragments, for the path rules (a staged keystore).
 */
async function* textBlobsGitCallsBinary(files: BinaryFile[], opts: GitSourceOptions, stats: ScanStats): AsyncGenerator<Fragment> {
  const texts = new Map<string, { text: string; size: number }>();
  const withBlob = files.filter((f): f is Required<BinaryFile> => f.blob !== undefined);
  const r = withBlob.length ? await runGit(["cat-file", "--batch"], opts.cwd, withBlob.map((f) => `${f.blob}\n`).join("")) : undefined;
  if (r && r.code === 0) {
    const out = r.stdout;
    let at = 0;
    for (const f of withBlob) {
      const nl = out.indexOf(10, at);
      if (nl === -1) break;
      const header = out.subarray(at, nl).toString("utf8").split(" ");
      if (header[1] === "missing" || header.length < 3) {
        at = nl + 1;
        continue;
      }
      const size = Number(header[2]);
      const body = out.subarray(nl + 1, nl + 1 + size);
      at = nl + 1 + size + 1;
      if (size > opts.maxFileSize) continue;
      const text = decodeText(body);
      if (text !== undefined) texts.set(f.path, { text, size });
    }
  }
  for (const f of files) {
    const blob = texts.get(f.path);
    if (blob === undefined) {
      yield { path: f.path, text: "", source: "staged", binary: true };
      continue;
    }
    stats.skippedBinary--;
    stats.files++;
    stats.bytes += blob.size;
    yield { path: f.path, text: blob.text, source: "staged" };
  }
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
