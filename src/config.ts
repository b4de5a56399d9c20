// Finding and loading what the user allowed: the config file
// (.scan-keys.toml), the ignore file (.scan-keys-ignore) and a baseline.
// All three come from the work tree, or, with --config-from REV, from a git
// revision, so CI can trust the reviewed versions rather than the ones a pull
// request proposes. The TOML parser is loaded only when a config file exists:
// a repository without one pays nothing at start-up.

import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { readBlobAt } from "./sources/git.js";
import { configError, ConfigError } from "./config/error.js";
import { checkConfig, type ConfigSettings } from "./config/schema.js";
import { parseBaseline, parseIgnoreFile } from "./config/lists.js";
import { scanRoot } from "./config/root.js";

export { ConfigError } from "./config/error.js";
export type { Allowlist, ConfigSettings } from "./config/schema.js";
export { buildRules } from "./config/rules.js";
export { findRoot } from "./config/root.js";

export const CONFIG_FILE = ".scan-keys.toml";
export const IGNORE_FILE = ".scan-keys-ignore";
export const BASELINE_FILE = ".scan-keys-baseline.json";

export interface LoadOptions {
  cwd: string;
  /** --config FILE (relative to cwd). */
  config?: string;
  /** --config-from REV: read config, ignore file and baseline from this revision. */
  configFrom?: string;
  /** --baseline FILE (relative to cwd). */
  baseline?: string;
  /** Do not read any baseline, not even the config's `baseline` (scan-keys baseline writes one). */
  noBaseline?: boolean;
  /** The paths being scanned (relative to cwd): their repository's config applies (see config/root.ts). */
  paths?: readonly string[];
}

export interface LoadedConfig {
  /** The repository root (the work tree holding cwd), or cwd outside git. Allowlist paths are relative to it. */
  root: string;
  settings?: ConfigSettings;
  /** Fingerprints from the ignore file. */
  ignore: Set<string>;
  /** Fingerprints from the baseline, when --baseline was given. */
  baseline?: Set<string>;
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === "" || isAbsolute(rel) ? abs : rel.split("\\").join("/");
}

function readLocal(abs: string, name: string, what: string): string {
  try {
    if (statSync(abs).isDirectory()) throw configError(name, undefined, `is a directory, not a ${what}`);
    return readFileSync(abs, "utf8");
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw configError(name, undefined, code === "ENOENT" ? `no such ${what}` : `cannot read the ${what} (${code ?? (err as Error).message})`);
  }
}

interface Text {
  name: string;
  text: string;
}

/** Where each file comes from: the work tree, or a revision. */
async function sources(opts: LoadOptions, root: string): Promise<{ config?: Text; ignore?: Text; baseline?: Text }> {
  const { cwd, configFrom: rev } = opts;
  if (rev === undefined) {
    const configAbs = opts.config !== undefined ? resolve(cwd, opts.config) : join(root, CONFIG_FILE);
    const ignoreAbs = join(root, IGNORE_FILE);
    const out: { config?: Text; ignore?: Text; baseline?: Text } = {};
    if (opts.config !== undefined || existsSync(configAbs)) {
      const name = display(cwd, configAbs);
      out.config = { name, text: readLocal(configAbs, name, "config file") };
    }
    if (existsSync(ignoreAbs)) {
      const name = display(cwd, ignoreAbs);
      out.ignore = { name, text: readLocal(ignoreAbs, name, "ignore file") };
    }
    if (opts.baseline !== undefined) {
      const abs = resolve(cwd, opts.baseline);
      const name = display(cwd, abs);
      out.baseline = { name, text: readLocal(abs, name, "baseline file") };
    }
    return out;
  }

  if (!existsSync(join(root, ".git"))) throw new ConfigError(`--config-from ${rev} reads the config from git, but ${resolve(cwd)} is not inside a git repository; drop --config-from or run inside the repository.`);
  /** A user-given path (relative to cwd) as a path in the repository. */
  const repoPath = (p: string): string => {
    const rel = relative(root, resolve(cwd, p)).split("\\").join("/");
    if (rel === "" || rel.startsWith("../") || rel === ".." || isAbsolute(rel)) {
      throw new ConfigError(`${p} is outside the repository, so --config-from ${rev} cannot read it from git.`);
    }
    return rel;
  };
  const fromRev = async (path: string): Promise<Text | undefined> => {
    const text = await readBlobAt(rev, path, root);
    return text === undefined ? undefined : { name: `${rev}:${path}`, text };
  };
  const out: { config?: Text; ignore?: Text; baseline?: Text } = {};
  if (opts.config !== undefined) {
    out.config = await fromRev(repoPath(opts.config));
    if (!out.config) throw new ConfigError(`--config ${opts.config}: no such file at ${rev} (with --config-from, the config is read from that revision).`);
  } else {
    out.config = await fromRev(CONFIG_FILE);
  }
  out.ignore = await fromRev(IGNORE_FILE);
  if (opts.baseline !== undefined) {
    out.baseline = await fromRev(repoPath(opts.baseline));
    if (!out.baseline) throw new ConfigError(`--baseline ${opts.baseline}: no such file at ${rev} (with --config-from, the baseline is read from that revision too).`);
  }
  return out;
}

/** The file named by the config's `baseline = "path"` (relative to the repository root), from the work tree or the revision. */
async function configuredBaseline(b: { path: string; line?: number }, configName: string, root: string, opts: LoadOptions): Promise<Text> {
  const rel = b.path.replace(/^\.\//, "");
  const missing = (where: string) =>
    configError(configName, b.line, `"baseline" names ${b.path}, which does not exist${where}; write it with scan-keys baseline, or remove the setting`);
  if (opts.configFrom === undefined) {
    const abs = resolve(root, rel);
    if (!existsSync(abs)) throw missing("");
    const name = display(opts.cwd, abs);
    return { name, text: readLocal(abs, name, "baseline file") };
  }
  const text = await readBlobAt(opts.configFrom, rel, root);
  if (text === undefined) throw missing(` at ${opts.configFrom}`);
  return { name: `${opts.configFrom}:${rel}`, text };
}

/** The baseline file the config names with `baseline = "path"`, as a path, or undefined (for scan-keys baseline's default output). */
export function configuredBaselinePath(loaded: LoadedConfig): string | undefined {
  const b = loaded.settings?.baseline;
  return b ? resolve(loaded.root, b.path) : undefined;
}

async function parseToml(text: string, name: string): Promise<Record<string, unknown>> {
  const { parse } = await import("smol-toml");
  try {
    return parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
  } catch (err) {
    const e = err as Error & { line?: number; column?: number };
    const what = String(e.message).split("\n")[0]!.replace(/^Invalid TOML document:\s*/i, "").replace(/\.$/, "");
    throw configError(name, e.line, `not valid TOML (${what}${e.column ? ` at column ${e.column}` : ""})`);
  }
}

/** Loads the config file, ignore file and baseline that apply to a scan from `cwd`. */
export async function loadConfig(opts: LoadOptions): Promise<LoadedConfig> {
  const root = scanRoot(opts.cwd, opts.paths ?? []);
  const src = await sources(opts, root);
  const loaded: LoadedConfig = { root, ignore: new Set() };
  if (src.config) loaded.settings = checkConfig(await parseToml(src.config.text, src.config.name), src.config.name, src.config.text);
  if (src.ignore) loaded.ignore = parseIgnoreFile(src.ignore.text, src.ignore.name);
  if (opts.noBaseline) return loaded;
  const configured = loaded.settings?.baseline;
  if (src.baseline) loaded.baseline = parseBaseline(src.baseline.text, src.baseline.name);
  else if (configured && loaded.settings) {
    const b = await configuredBaseline(configured, loaded.settings.file, root, opts);
    loaded.baseline = parseBaseline(b.text, b.name);
  }
  return loaded;
}
