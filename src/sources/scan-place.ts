// Where a scan ran, for reports meant to be kept (the HTML audit): the
// repository's name and the commit HEAD pointed at. Asked only when such a
// report is written, never on a hook's path.
import { basename } from "node:path";
import { runGit } from "./git.js";

export interface ScanPlace {
  /** The origin remote's address without any user or token in it, else the repository's (or directory's) name. */
  repository: string;
  /** HEAD's commit; undefined outside git or before the first commit. */
  commit?: string;
}

/** An address with its credentials taken out: `https://user:token@host/x` is `https://host/x`. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1").replace(/\.git$/, "");
}

export async function scanPlace(cwd: string): Promise<ScanPlace> {
  const [top, head, origin] = await Promise.all([
    runGit(["rev-parse", "--show-toplevel"], cwd),
    runGit(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cwd),
    runGit(["config", "--get", "remote.origin.url"], cwd),
  ]).catch(() => [undefined, undefined, undefined] as const);
  const text = (r: typeof top) => (r && r.code === 0 ? r.stdout.toString("utf8").trim() : "");
  const root = text(top);
  const url = text(origin);
  const commit = text(head);
  return {
    repository: url ? withoutCredentials(url) : basename(root || cwd),
    ...(/^[0-9a-f]{40,64}$/.test(commit) ? { commit } : {}),
  };
}
