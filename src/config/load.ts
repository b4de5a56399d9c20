// Finding and loading what the user allowed: the config file
// (.scan-keys.toml), the ignore file (.scan-keys-ignore) and a baseline.
// All three come from the work tree, or, with --config-from REV, from a git
// revision, so CI can trust the reviewed versions rather than the ones a pull
// request proposes. The TOML parser is loaded only when a config file exists:
// a repository without one pays nothing at start-up.

import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { readBlobAt } from "../sources/git.js";
import { present, readRegularFile } from "../sources/safe-read.js";
import { configError, ConfigError } from "./error.js";
import { checkConfig, type ConfigSettings } from "./schema.js";
import { parseBaseline, parseIgnoreFile } from "./lists.js";
import { chooseConfig, formatOfName, GITLEAKS_IGNORE_FILE, looksLikeGitleaks, type ConfigChoice, type ConfigFormat } from "./discover.js";
import { parseGitleaksIgnore } from "./gitleaks-lists.js";
import type { LocationEntry } from "../engine/types.js";
import { scanRoot } from "./root.js";
import { PACKAGE_KEY, packageConfig } from "./package-json.js";

export { ConfigError } from "./error.js";
export type { Allowlist, ConfigSettings } from "./schema.js";
export { buildRules } from "./rules.js";
export { findRoot } from "./root.js";

export { CONFIG_FILE, GITLEAKS_FILE, GITLEAKS_IGNORE_FILE } from "./discover.js";
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
  /** For GITLEAKS_CONFIG and GITLEAKS_CONFIG_TOML. */
  env?: NodeJS.ProcessEnv;
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
  /** .gitleaksignore entries (gitleaks fingerprints: places). */
  ignoreAt: LocationEntry[];
  /** The findings of a gitleaks JSON report given as the baseline (places). */
  baselineAt?: LocationEntry[];
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === "" || isAbsolute(rel) ? abs : rel.split("\\").join("/");
}

/**
 * A config, ignore or baseline file from the work tree: a regular file of at
 * most 10 MB (src/sources/safe-read.ts). Files found by name (`inside` the
 * repository root) must also resolve inside it; files the user named may lie anywhere.
 */
function readLocal(abs: string, name: string, what: string, inside?: string): string {
  if (inside === undefined && abs === "/dev/null") return ""; // --config /dev/null: the usual way to say "no config"
  const r = readRegularFile(abs, inside === undefined ? {} : { inside });
  if (r.ok) return r.data.toString("utf8");
  if (r.missing) throw configError(name, undefined, `no such ${what}`);
  throw configError(name, undefined, `the ${what} ${r.reason}; scan-keys reads only regular files here, so replace it with one or remove it`);
}

interface Text {
  name: string;
  text: string;
  /** For the config: its format, by where it was found (else its keys decide). */
  format?: ConfigFormat;
  /** For the config: its path in the repository, when it is in it. */
  repoPath?: string;
  /** For a config in package.json: the "scan-keys" value, parsed. */
  json?: Record<string, unknown>;
}

/**
 * package.json's "scan-keys" key, when it applies: no --config, and no
 * .scan-keys.toml (both at once is an error). It comes before a gitleaks
 * config, being scan-keys' own. `read` gives package.json's text, or undefined.
 */
async function withPackageConfig(config: Text | undefined, given: boolean, read: () => Promise<Text | undefined>): Promise<Text | undefined> {
  if (given) return config;
  const pkg = await read();
  if (!pkg) return config;
  const name = `${pkg.name} "${PACKAGE_KEY}"`;
  const json = packageConfig(pkg.text, name);
  if (!json) return config;
  if (config?.format === "scan-keys") {
    throw new ConfigError(`${config.name} and the "${PACKAGE_KEY}" key of ${pkg.name} are both configs; keep one (scan-keys will not choose between them).`);
  }
  return { name, text: pkg.text, format: "scan-keys", json };
}

interface Sources {
  config?: Text;
  ignore?: Text;
  gitleaksIgnore?: Text;
  baseline?: Text;
}

/** A path as a path in the repository at `root`, or undefined when outside it. */
function inRepo(root: string, abs: string): string | undefined {
  const rel = relative(root, abs).split("\\").join("/");
  return rel === "" || rel.startsWith("../") || rel === ".." || isAbsolute(rel) ? undefined : rel;
}

/** Where each file comes from: the work tree, or a revision. */
async function sources(opts: LoadOptions, root: string): Promise<Sources> {
  const { cwd, configFrom: rev } = opts;
  const local = (abs: string, what: string, inside?: string): Text => {
    const name = display(cwd, abs);
    return { name, text: readLocal(abs, name, what, inside) };
  };
  const localConfig = (choice: ConfigChoice | undefined): Text | undefined => {
    if (!choice || choice.kind === "repo") return undefined;
    if (choice.kind === "text") return { name: choice.name, text: choice.text, format: "gitleaks" };
    const rp = inRepo(root, choice.abs);
    return { ...local(choice.abs, "config file", choice.found ? root : undefined), format: choice.format, ...(rp !== undefined ? { repoPath: rp } : {}) };
  };
  if (rev === undefined) {
    const out: Sources = {};
    out.config = await withPackageConfig(localConfig(await chooseConfig({ cwd, root, config: opts.config, env: opts.env })), opts.config !== undefined, async () => {
      const abs = join(root, "package.json");
      return present(abs) ? local(abs, "package.json", root) : undefined;
    });
    const ignoreAbs = join(root, IGNORE_FILE);
    if (present(ignoreAbs)) out.ignore = local(ignoreAbs, "ignore file", root);
    const glIgnoreAbs = join(root, GITLEAKS_IGNORE_FILE);
    if (present(glIgnoreAbs)) out.gitleaksIgnore = local(glIgnoreAbs, "ignore file", root);
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
    const rel = inRepo(root, resolve(cwd, p));
    if (rel === undefined) throw new ConfigError(`${p} is outside the repository, so --config-from ${rev} cannot read it from git.`);
    return rel;
  };
  const fromRev = async (path: string): Promise<Text | undefined> => {
    const text = await readBlobAt(rev, path, root);
    return text === undefined ? undefined : { name: `${rev}:${path}`, text };
  };
  const out: Sources = {};
  if (opts.config !== undefined) {
    const path = repoPath(opts.config);
    const text = await fromRev(path);
    if (!text) throw new ConfigError(`--config ${opts.config}: no such file at ${rev} (with --config-from, the config is read from that revision).`);
    out.config = { ...text, format: formatOfName(path), repoPath: path };
  } else {
    const read = new Map<string, Text | undefined>();
    const choice = await chooseConfig({
      cwd,
      root,
      env: opts.env,
      fromRev: async (p) => {
        if (!read.has(p)) read.set(p, await fromRev(p));
        return read.get(p) !== undefined;
      },
    });
    out.config = choice?.kind === "repo" ? { ...read.get(choice.path)!, format: choice.format, repoPath: choice.path } : localConfig(choice);
    out.config = await withPackageConfig(out.config, false, () => fromRev("package.json"));
  }
  out.ignore = await fromRev(IGNORE_FILE);
  out.gitleaksIgnore = await fromRev(GITLEAKS_IGNORE_FILE);
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
    if (!present(abs)) throw missing("");
    const name = display(opts.cwd, abs);
    return { name, text: readLocal(abs, name, "baseline file", root) };
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
  const loaded: LoadedConfig = { root, ignore: new Set(), ignoreAt: [] };
  if (src.config) loaded.settings = await readSettings(src.config, root, opts);
  if (src.ignore) loaded.ignore = parseIgnoreFile(src.ignore.text, src.ignore.name);
  if (src.gitleaksIgnore) loaded.ignoreAt = parseGitleaksIgnore(src.gitleaksIgnore.text, src.gitleaksIgnore.name);
  if (opts.noBaseline) return loaded;
  const configured = loaded.settings?.baseline;
  const useBaseline = (b: Text) => {
    const { fingerprints, locations } = parseBaseline(b.text, b.name);
    loaded.baseline = fingerprints;
    if (locations.length) loaded.baselineAt = locations;
  };
  if (src.baseline) useBaseline(src.baseline);
  else if (configured && loaded.settings) useBaseline(await configuredBaseline(configured, loaded.settings.file, root, opts));
  return loaded;
}

/** Parses the config in whichever format it is: scan-keys' own, or gitleaks' (translated). */
async function readSettings(config: Text, root: string, opts: LoadOptions): Promise<ConfigSettings> {
  if (config.json) return checkConfig(config.json, config.name, "");
  const doc = await parseToml(config.text, config.name);
  const gitleaks = config.format === "gitleaks" || (config.format !== "scan-keys" && looksLikeGitleaks(doc));
  if (!gitleaks) return checkConfig(doc, config.name, config.text);
  const { translateGitleaks } = await import("./gitleaks.js");
  // [extend] path: relative to the extending file's directory, read from the same place (work tree or revision).
  const readExtended = async (path: string, from: { name: string }, line: number | undefined) => {
    const rev = opts.configFrom;
    const fromRepo = rev !== undefined && from.name.startsWith(`${rev}:`);
    const baseDir = from.name === "GITLEAKS_CONFIG_TOML" ? opts.cwd : dirname(fromRepo ? join(root, from.name.slice(rev.length + 1)) : resolve(opts.cwd, from.name));
    const abs = resolve(baseDir, path);
    let text: string | undefined;
    let shown: string;
    if (fromRepo) {
      const rp = inRepo(root, abs);
      text = rp === undefined ? undefined : await readBlobAt(rev, rp, root);
      shown = `${rev}:${rp ?? path}`;
    } else {
      shown = display(opts.cwd, abs);
      text = present(abs) ? readLocal(abs, shown, "extended config") : undefined;
    }
    if (text === undefined) throw configError(from.name, line, `[extend] "path" names ${path}, which does not exist`);
    return { name: shown, text, doc: await parseToml(text, shown) };
  };
  return translateGitleaks({ name: config.name, text: config.text, doc }, readExtended, config.repoPath);
}
