// Files git calls binary, read back as blobs: usually binary, but a
// `.gitattributes` entry (`-diff`, `binary`), a UTF-16 encoding, or a size
// over core.bigFileThreshold (which we set to --max-file-size) also makes git
// say so. Sizes first (`cat-file --batch-check`), so a blob over the limit is
// named as too large and never read; the others are read (`cat-file
// --batch`) and scanned whole when they decode as text (decode.ts, the same
// as a file on disk). Shared by --staged and --history.

import type { CommitInfo, Fragment, ScanStats, SourceKind } from "../engine/types.js";
import { recordSkip } from "../engine/stats.js";
import { decodeText, detectEncoding, HEAD_BYTES } from "./decode.js";
import { GitError, gitOutputHead, missingObjectError, runGit, type GitResult } from "./git.js";
import { MB } from "./safe-read.js";

export interface BinaryFile {
  path: string;
  /** Full object id of the new blob (with `--full-index`), when known. */
  blob?: string;
  commit?: CommitInfo;
}

const GROUP = 32 * 1024 * 1024;
/**
 * Fragments for files git reported as binary (already counted in
 * stats.skippedBinary): text ones whole, too large ones recorded, the rest as
 * binary fragments for the path rules (a committed keystore).
 */
export async function* binaryBlobFragments(
  files: BinaryFile[],
  opts: { cwd: string; maxFileSize: number; source: SourceKind },
  stats: ScanStats,
): AsyncGenerator<Fragment> {
  // Every one is read back, whatever its name: a file named like a binary format (`.db`, `.bin`, `.o`)
  // can hold UTF-16 text, which the tree scan reads, so the name alone never decides (issue 25).
  const withBlob = [...new Set(files.map((f) => f.blob).filter((b): b is string => b !== undefined && !/^0+$/.test(b)))];
  const sizes = new Map<string, number>();
  if (withBlob.length) {
    const r = await runGit(["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"], opts.cwd, withBlob.map((b) => `${b}\n`).join(""));
    await failUnlessRead(r, opts);
    for (const line of r.stdout.toString("utf8").split("\n")) {
      const [id, type, size] = line.split(" ");
      if (id && type === "blob") sizes.set(id, Number(size));
    }
  }
  const wanted = [...sizes].filter(([, size]) => size <= opts.maxFileSize).map(([id]) => id);
  const texts = new Map<string, string>();
  // Read in groups of at most GROUP bytes, so memory stays flat over a history full of images.
  for (let from = 0; from < wanted.length; ) {
    let to = from;
    for (let bytes = 0; to < wanted.length && (to === from || bytes + sizes.get(wanted[to]!)! <= GROUP); to++) bytes += sizes.get(wanted[to]!)!;
    const group = wanted.slice(from, to);
    from = to;
    const r = await runGit(["cat-file", "--batch"], opts.cwd, group.map((b) => `${b}\n`).join(""));
    await failUnlessRead(r, opts);
    const out = r.stdout;
    let at = 0;
    for (let k = 0; k < group.length; k++) {
      const nl = out.indexOf(10, at);
      if (nl === -1) break;
      const [id, , sizeText] = out.subarray(at, nl).toString("utf8").split(" ");
      const size = Number(sizeText);
      if (!id || !Number.isFinite(size)) break;
      const text = decodeText(out.subarray(nl + 1, nl + 1 + size));
      if (text !== undefined) texts.set(id, text);
      at = nl + 1 + size + 1;
    }
  }
  for (const f of files) {
    const size = f.blob ? sizes.get(f.blob) : undefined;
    const base = { path: f.path, source: opts.source, ...(f.commit ? { commit: f.commit } : {}) };
    if (size !== undefined && size > opts.maxFileSize) {
      // Binary content is skipped whatever its size; only a text file over the limit goes unscanned (and fails the scan).
      if (detectEncoding(await gitOutputHead(["cat-file", "blob", f.blob!], opts.cwd, HEAD_BYTES), false) !== undefined) {
        stats.skippedBinary--;
        recordSkip(stats, "too-large", f.path, `over --max-file-size (${MB(size)}); raise it to scan this file`);
      }
      yield { ...base, text: "", binary: true };
      continue;
    }
    const text = f.blob ? texts.get(f.blob) : undefined;
    if (text === undefined) {
      yield { ...base, text: "", binary: true };
      continue;
    }
    stats.skippedBinary--;
    stats.files++;
    stats.bytes += size ?? text.length;
    yield { ...base, text };
  }
}

/** A cat-file that failed (a blob a partial clone lacks, which git may not fetch) stops the scan: its file was not read. */
async function failUnlessRead(r: GitResult, opts: { cwd: string; source: SourceKind }): Promise<void> {
  if (r.code === 0) return;
  const flag = opts.source === "staged" ? "--staged" : "--history";
  throw (await missingObjectError(r.stderr, flag, opts.cwd)) ?? new GitError(`git cat-file failed for ${flag}: ${r.stderr.trim().split("\n")[0] ?? `exit code ${r.code}`}.`, r.stderr);
}
