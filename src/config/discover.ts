// Which config file a scan reads, in this order:
//   1. --config FILE (either format; a gitleaks config is recognised by its
//      name or its keys);
//   2. .scan-keys.toml at the repository root;
//   3. the GITLEAKS_CONFIG environment variable (a file path), then
//      GITLEAKS_CONFIG_TOML (the config's text), as gitleaks reads them;
//   4. .gitleaks.toml at the repository root.
// Kept apart from loading so that how the root is found, and how a file is
// read safely, can change without touching this order.

import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export const CONFIG_FILE = ".scan-keys.toml";
export const GITLEAKS_FILE = ".gitleaks.toml";
export const GITLEAKS_IGNORE_FILE = ".gitleaksignore";

export type ConfigChoice =
  /** A file in the work tree (absolute path). */
  | { kind: "file"; abs: string; gitleaksName: boolean }
  /** A file in the repository, at the --config-from revision. */
  | { kind: "repo"; path: string; gitleaksName: boolean }
  /** GITLEAKS_CONFIG_TOML: the text itself. */
  | { kind: "text"; name: string; text: string };

/** A file named like gitleaks' config (gitleaks.toml, .gitleaks.toml, ci-gitleaks.toml, ...). */
export function gitleaksName(path: string): boolean {
  return /gitleaks/i.test(basename(path));
}

/**
 * The config to read, or undefined for none. `inRepo(path)` says whether a
 * repository path exists where config files are read from (the work tree or
 * the --config-from revision); `fromRev` makes .scan-keys.toml and
 * .gitleaks.toml repository paths rather than work-tree files.
 */
export async function chooseConfig(opts: {
  cwd: string;
  root: string;
  config?: string;
  env?: NodeJS.ProcessEnv;
  fromRev?: (path: string) => Promise<boolean>;
}): Promise<ConfigChoice | undefined> {
  if (opts.config !== undefined && !opts.fromRev) {
    const abs = resolve(opts.cwd, opts.config);
    return { kind: "file", abs, gitleaksName: gitleaksName(abs) };
  }
  const inRepo = async (name: string): Promise<ConfigChoice | undefined> => {
    if (opts.fromRev) return (await opts.fromRev(name)) ? { kind: "repo", path: name, gitleaksName: gitleaksName(name) } : undefined;
    const abs = join(opts.root, name);
    return existsSync(abs) ? { kind: "file", abs, gitleaksName: gitleaksName(name) } : undefined;
  };
  const own = await inRepo(CONFIG_FILE);
  if (own) return own;
  const env = opts.env ?? {};
  if (env.GITLEAKS_CONFIG) {
    const abs = resolve(opts.cwd, env.GITLEAKS_CONFIG);
    return { kind: "file", abs, gitleaksName: true };
  }
  if (env.GITLEAKS_CONFIG_TOML) return { kind: "text", name: "GITLEAKS_CONFIG_TOML", text: env.GITLEAKS_CONFIG_TOML };
  return inRepo(GITLEAKS_FILE);
}

/** A parsed config that is in gitleaks' format rather than scan-keys' own. */
export function looksLikeGitleaks(doc: Record<string, unknown>): boolean {
  if (["title", "minVersion", "allowlists", "description"].some((k) => k in doc)) return true;
  if (typeof doc.extend === "object" && doc.extend !== null) return true;
  const rules = Array.isArray(doc.rules) ? (doc.rules as unknown[]) : [];
  return rules.some((r) => typeof r === "object" && r !== null && !("provider" in r));
}
