// Which repository's config applies to a scan: the one being scanned, not
// the one the shell happens to be in. `scan-keys ../other-repo` reads
// ../other-repo's .scan-keys.toml, ignore file and baseline; `--staged` and
// `-C DIR` go by the work tree holding the (new) working directory.
// No git process: this runs on every commit.

import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The top of the work tree holding `dir` (the nearest directory with a .git entry), or `dir` itself outside git. */
export function findRoot(dir: string): string {
  let at = resolve(dir);
  for (;;) {
    if (existsSync(join(at, ".git"))) return at;
    const up = dirname(at);
    if (up === at) return resolve(dir);
    at = up;
  }
}

/**
 * The root whose config a scan of `paths` (relative to `cwd`) uses: the root
 * all the paths share, else (paths in several repositories, or none) the
 * root holding `cwd`.
 */
export function scanRoot(cwd: string, paths: readonly string[]): string {
  if (paths.length === 0) return findRoot(cwd);
  const roots = new Set(
    paths.map((p) => {
      const abs = resolve(cwd, p);
      let dir = abs;
      try {
        if (!statSync(abs).isDirectory()) dir = dirname(abs);
      } catch {
        dir = dirname(abs); // missing: the tree source says so
      }
      return findRoot(dir);
    }),
  );
  return roots.size === 1 ? [...roots][0]! : findRoot(cwd);
}
