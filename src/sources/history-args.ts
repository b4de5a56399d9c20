// The first git call of a history scan: the commit list. A module of its own
// because two bundles build it: the scan (sources/history.ts) and dist/cli.js,
// which starts that call before the scan's bundle loads (early-git.ts).

import { SourceError } from "./source-error.js";

/** The revision arguments for --history, --all and --range. */
export function historyRevs(all: boolean, range: string | undefined): string[] {
  if (all) return ["--all"];
  if (range !== undefined) {
    if (range.trim() === "") throw new SourceError("--range is empty; give a revision range such as origin/main..HEAD.");
    return ["--end-of-options", range];
  }
  return ["HEAD"];
}

/** `git rev-list` of `revs`, oldest first (parents before children), as full hashes. */
export function revListArgs(revs: string[]): string[] {
  return ["rev-list", "--topo-order", "--reverse", ...revs, "--"];
}
