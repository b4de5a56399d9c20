// Which config file a scan reads, in this order:
//   1. --config FILE (either format; a gitleaks config is recognised by its
//      name or its keys);
//   2. .scan-keys.toml at the repository root;
//   3. the GITLEAKS_CONFIG environment variable (a file path), then
//      GITLEAKS_CONFIG_TOML (the config's text), as gitleaks reads them;
//   4. .gitleaks.toml at the repository root.
// Kept apart from loading so that how the root is found, and how a file is
// read safely, can change without touching this order.

import { present } from "../sources/safe-read.js";
import { basename, join, resolve } from "node:path";

export const CONFIG_FILE = ".scan-keys.toml";
export const GITLEAKS_FILE = ".gitleaks.toml";
export const GITLEAKS_IGNORE_FILE = ".gitleaksignore";

/** Which format a config file is in: decided by where it was found, or ("either") by its keys. */
export type ConfigFormat = "scan-keys" | "gitleaks" | "either";

export type ConfigChoice =
  /** A file in the work tree (absolute path); `found` when found by name at the root (then it must resolve inside the repository). */
  | { kind: "file"; abs: string; format: ConfigFormat; found?: boolean }
  /** A file in the repository, at the --config-from revision. */
  | { kind: "repo"; path: string; format: ConfigFormat }
  /** GITLEAKS_CONFIG_TOML: the text itself. */
  | { kind: "text"; name: string; text: string };

/**
 * The format of a file given with --config: gitleaks' when its name says
 * so (gitleaks.toml, .gitleaks.toml, ci-gitleaks.toml, ...), scan-keys'
 * for .scan-keys.toml, else whichever its keys show.
 */
export function formatOfName(path: string): ConfigFormat {
  const name = basename(path);
  return /gitleaks/i.test(name) ? "gitleaks" : name === CONFIG_FILE ? "scan-keys" : "either";
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
    return { kind: "file", abs, format: formatOfName(abs) };
  }
  const inRepo = async (name: string): Promise<ConfigChoice | undefined> => {
    const format = name === CONFIG_FILE ? "scan-keys" : "gitleaks";
    if (opts.fromRev) return (await opts.fromRev(name)) ? { kind: "repo", path: name, format } : undefined;
    const abs = join(opts.root, name);
    return present(abs) ? { kind: "file", abs, format, found: true } : undefined;
  };
  const own = await inRepo(CONFIG_FILE);
  if (own) return own;
  const env = opts.env ?? {};
  if (env.GITLEAKS_CONFIG) {
    const abs = resolve(opts.cwd, env.GITLEAKS_CONFIG);
    return { kind: "file", abs, format: "gitleaks" };
  }
  if (env.GITLEAKS_CONFIG_TOML) return { kind: "text", name: "GITLEAKS_CONFIG_TOML", text: env.GITLEAKS_CONFIG_TOML };
  return inRepo(GITLEAKS_FILE);
}

/** A parsed config (given with --config, named neither way) that is in gitleaks' format rather than scan-keys' own. */
export function looksLikeGitleaks(doc: Record<string, unknown>): boolean {
  if (["title", "minVersion", "allowlists", "description"].some((k) => k in doc)) return true;
  if (typeof doc.extend === "object" && doc.extend !== null) return true;
  const rules = Array.isArray(doc.rules) ? (doc.rules as unknown[]) : [];
  return rules.some((r) => typeof r === "object" && r !== null && !("provider" in r));
}
