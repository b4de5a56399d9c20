// The arguments of a staged scan's one git call. A module of its own because
// two bundles build them: the scan (sources/staged.ts) and dist/cli.js,
// which starts that call before the scan's bundle loads (early-git.ts).

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
 * git treats a file over core.bigFileThreshold as binary and prints no diff
 * for it: set it to --max-file-size, so a larger staged or committed file is
 * named as too large (blobs.ts) and never turned into one giant string.
 */
export function bigFileFlags(maxFileSize: number): string[] {
  return ["-c", `core.bigFileThreshold=${Math.max(1, Math.min(maxFileSize, 2 ** 31 - 1))}`];
}

/** `git diff --cached`: the index against HEAD, added and changed files only, and unmerged ones (named as not scanned, diff.ts). */
export function stagedDiffArgs(maxFileSize: number): string[] {
  return ["-c", "core.quotePath=false", ...bigFileFlags(maxFileSize), "diff", "--cached", ...DIFF_FLAGS, "--diff-filter=ACMRTU"];
}
