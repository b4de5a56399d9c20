// The command line, as data. One table feeds both parsers:
// - yargs (help, commands, validation, friendly errors), loaded lazily;
// - node's built-in util.parseArgs, for the common scan invocations, because
//   loading yargs costs ~50 ms and a pre-commit hook runs on every commit.

import { parseArgs } from "node:util";
import { FORMATS, type FormatName } from "./report/formats.js";
import { SEVERITIES, VERDICTS, type Severity, type VerdictName } from "./engine/types.js";
import type { Redaction } from "./report/redact-option.js";
import { UsageError } from "./errors.js";

export { FORMATS, type FormatName };

export interface OptionSpec {
  type: "boolean" | "string";
  /** Repeatable options collect every value into an array. */
  array?: boolean;
  alias?: string;
  describe: string;
  default?: boolean | string | string[];
  choices?: string[];
  group: "Source" | "Output" | "Filters" | "Limits" | "Verify";
}

/** --min-severity takes one of the severities, most sure first. */
export const SEVERITY_CHOICES = SEVERITIES;
export type SeverityName = Severity;

export const SCAN_OPTIONS: Record<string, OptionSpec> = {
  staged: { type: "boolean", describe: "Scan what is staged for commit (the index), for pre-commit hooks", group: "Source" },
  history: { type: "boolean", describe: "Scan the added lines of commits (default: all history reachable from HEAD)", group: "Source" },
  all: { type: "boolean", describe: "With --history: all refs, not just HEAD", group: "Source" },
  range: { type: "string", describe: "With --history: a revision range, e.g. origin/main..HEAD", group: "Source" },
  "pre-push": { type: "boolean", describe: "Read git's pre-push lines on stdin and scan the commits being pushed", group: "Source" },
  directory: { type: "string", alias: "C", describe: "Run as if started in DIR, as git -C does: paths, --staged, config, ignore file and baseline go by DIR", group: "Source" },
  format: { type: "string", array: true, alias: "f", choices: [...FORMATS], describe: "Report format; repeat with --output for several", default: ["text"], group: "Output" },
  output: { type: "string", array: true, alias: "o", describe: "Write the report to FILE (paired with --format by position; - is stdout)", group: "Output" },
  redact: { type: "boolean", default: true, describe: "Redact secrets in reports (the default: a prefix shows; --redact=N hides at least N% of each secret, --redact all of it; --no-redact prints them)", group: "Output" },
  color: { type: "boolean", describe: "Colour the text report (default: when stdout is a terminal and NO_COLOR is unset)", group: "Output" },
  quiet: { type: "boolean", alias: "q", describe: "Print findings only: no progress, no summary when clean", group: "Output" },
  verbose: { type: "boolean", describe: "Print the summary of a clean --staged run too (a hook is silent on success by default)", group: "Output" },
  "log-level": { type: "string", choices: ["error", "info", "debug"], describe: "error: as --quiet; info: the default; debug: as --verbose", group: "Output" },
  "show-suppressed": { type: "boolean", describe: "List the findings that an allow comment, ignore file, baseline or config suppressed", group: "Output" },
  include: { type: "string", array: true, describe: "Only scan paths matching these globs", group: "Filters" },
  exclude: { type: "string", array: true, describe: "Skip paths matching these globs", group: "Filters" },
  config: { type: "string", alias: "c", describe: "Config file, scan-keys' or gitleaks' format (default: .scan-keys.toml, else $GITLEAKS_CONFIG, else .gitleaks.toml at the repository root)", group: "Filters" },
  "config-from": { type: "string", describe: "Read the config, ignore file and --baseline file from this git revision (e.g. origin/main), not the work tree", group: "Filters" },
  baseline: { type: "string", describe: "Report only findings not in this baseline file (scan-keys baseline, or a gitleaks JSON report)", group: "Filters" },
  "min-severity": { type: "string", choices: [...SEVERITY_CHOICES], default: "low", describe: "Report only findings of this severity or higher: high (provider formats), medium, low (everything)", group: "Filters" },
  "recurse-submodules": { type: "boolean", describe: "Tree scans: scan the files of git submodules too (else they are named as not scanned)", group: "Source" },
  "stdin-name": { type: "string", describe: "The name reports give standard input when a path is - (default <stdin>)", group: "Output" },
  "max-file-size": { type: "string", default: "10MB", describe: "A text file larger than this is not scanned and fails the scan (e.g. 500KB, 50MB); a tree scan has no limit unless given", group: "Limits" },
  verify: { type: "boolean", describe: "Ask each key's provider whether it still works (one read-only request per distinct key, to the provider's own host; off unless given)", group: "Verify" },
  "only-verified": { type: "boolean", describe: "With --verify: report, and fail, only for live keys (same as --results live)", group: "Verify" },
  results: { type: "string", describe: `With --verify: report only these verdicts, comma-separated (${VERDICTS.join(", ")})`, group: "Verify" },
  "verify-timeout": { type: "string", describe: "With --verify: time-out per request in seconds (default 5)", group: "Verify" },
  "verify-config-rules": { type: "boolean", describe: "With --verify: also use verifiers on rules of a config named by --config or read by --config-from", group: "Verify" },
};

export interface ScanArgs {
  paths: string[];
  staged: boolean;
  history: boolean;
  all: boolean;
  range?: string;
  prePush: boolean;
  /** --pre-push: git's hook arguments, the remote being pushed to (its name, or a URL) and its URL. */
  remote?: string;
  remoteUrl?: string;
  /** -C DIR: run as if started there. */
  directory?: string;
  format: FormatName[];
  output: string[];
  /** false only for --no-redact / --redact=false: reports print secrets in full. */
  redact: boolean;
  /** With redact: the share of each secret (0-100) hidden at least, beyond the prefix rule (redact-option.ts). */
  redactPercent: number;
  color?: boolean;
  quiet: boolean;
  /** --verbose: a clean --staged run prints its summary (else it prints nothing). */
  verbose: boolean;
  showSuppressed: boolean;
  include: string[];
  exclude: string[];
  config?: string;
  configFrom?: string;
  baseline?: string;
  maxFileSize: number;
  /** --max-file-size was given: a tree scan (read in chunks, memory flat) applies no limit by default. */
  maxFileSizeGiven?: boolean;
  /** Findings below this severity are dropped (and counted). */
  minSeverity: SeverityName;
  recurseSubmodules: boolean;
  stdinName?: string;
  /** --verify: ask the providers (never implied by anything else). */
  verify: boolean;
  /** --results / --only-verified: the verdicts reported; undefined: all. */
  results?: VerdictName[];
  verifyTimeoutMs: number;
  verifyConfigRules: boolean;
}

/** What each option that takes a value expects, for the error when the value is missing. */
const VALUE_OF: Record<string, string> = {
  "config-from": "a revision (for example origin/main)",
  range: "a revision range (for example origin/main..HEAD)",
  config: "a config file",
  baseline: "a baseline file",
  output: "a file (or - for standard output)",
  format: `a format (${FORMATS.join(", ")})`,
  include: "a glob",
  exclude: "a glob",
  "max-file-size": "a size (for example 10MB)",
  "stdin-name": "a name",
  results: `verdicts (${VERDICTS.join(",")})`,
  "verify-timeout": "a number of seconds (for example 5)",
  directory: "a directory",
  "log-level": "a level (error, info or debug)",
  "min-severity": `a severity (${SEVERITY_CHOICES.join(", ")})`,
};

/**
 * An option that takes a value, followed by another option (`--config-from
 * --help`), is a missing value: the parsers would take the next option as
 * the value or act on it (print help and exit 0). Say which value is missing.
 */
export function checkOptionValues(argv: string[]): void {
  const aliases = new Map<string, string>(Object.entries(SCAN_OPTIONS).flatMap(([name, o]): [string, string][] => (o.alias ? [[`-${o.alias}`, name]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === "--") return;
    const name = t.startsWith("--") && !t.includes("=") ? t.slice(2) : aliases.get(t);
    if (name === undefined || SCAN_OPTIONS[name]?.type !== "string") continue;
    const next = argv[i + 1];
    if (next !== undefined && (next.startsWith("--") || next === "-h")) {
      throw new UsageError(`${t} needs ${VALUE_OF[name] ?? "a value"}, but is followed by the option ${next}; put the value right after ${t}.`);
    }
    i++;
  }
}

/**
 * Only switches (`--staged`, `--quiet`, `--no-color`…), as every hook line
 * passes them: their values without util.parseArgs, whose modules a hook
 * otherwise loads and compiles on every commit (~1 ms). Anything else
 * (values, positionals, short, repeated or unknown options) is undefined:
 * left to parseArgs, then yargs.
 */
export function switchesOnly(argv: string[]): Record<string, boolean> | undefined {
  const values: Record<string, boolean> = {};
  for (const a of argv) {
    if (!a.startsWith("--")) return undefined;
    const negated = a.startsWith("--no-");
    const name = a.slice(negated ? 5 : 2);
    if (SCAN_OPTIONS[name]?.type !== "boolean" || name in values) return undefined;
    values[name] = !negated;
  }
  return values;
}

/** argv marker of a scan worker thread (src/commands/worker-main.ts); never typed by a user. */
export const WORKER_FLAG = "--scan-keys-worker";

export { UsageError };

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i;
const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/**
 * --max-file-size's value in bytes. A bare number is refused: gitleaks'
 * --max-target-megabytes=10 habit would mean 10 bytes here and skip nearly
 * every file; so is a size of 0 bytes, which skips them all.
 */
export function parseSize(s: string): number {
  const m = SIZE.exec(s.trim());
  if (!m) throw new UsageError(`--max-file-size "${s}" is not a size; use a number with a unit, like 500KB or 10MB.`);
  if (m[2] === undefined) throw new UsageError(`--max-file-size "${s}" has no unit; write ${m[1]}MB, ${m[1]}KB or ${m[1]}B (files over the size are skipped, so a unit is required).`);
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]!);
  if (bytes < 1) throw new UsageError(`--max-file-size "${s}" would skip every file; give a size of at least 1B, like 10MB.`);
  return bytes;
}

type Raw = Record<string, unknown>;

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** An option's value, or its default from the table (util.parseArgs is not given the defaults). */
const valueOf = (raw: Raw, name: string): unknown => raw[name] ?? SCAN_OPTIONS[name]!.default;

/**
 * The redaction to use: `taken` is what takeRedaction read off the command
 * line; without it, only the parsers' own booleans count, and any other value
 * (a parser handed `--redact=50` as it stood) is refused, never read as "off".
 */
function redactionOf(raw: Raw, taken: Redaction | undefined): Redaction {
  if (taken !== undefined) return taken;
  if (raw.redact === undefined || raw.redact === true) return 0;
  if (raw.redact === false) return false;
  throw new UsageError(`--redact=${String(raw.redact)} is not a redaction level; use --redact, --redact=N (0 to 100) or --no-redact.`);
}

/**
 * Options that take a value given none: yargs reads `--no-include` as
 * include = false (which then became the glob "false" and, on --staged,
 * matched nothing and passed every commit) and `--include=` as "".
 */
function checkValues(raw: Raw): void {
  for (const [name, o] of Object.entries(SCAN_OPTIONS)) {
    if (o.type !== "string" || raw[name] === undefined) continue;
    const values = Array.isArray(raw[name]) ? (raw[name] as unknown[]) : [raw[name]];
    if (values.includes(false)) throw new UsageError(`--no-${name} is not an option: --${name} takes ${VALUE_OF[name] ?? "a value"}; leave it out for the default.`);
    // An empty glob crashed micromatch; the other options explain an empty value where they read it.
    if ((name === "include" || name === "exclude") && values.some((v) => typeof v === "string" && v.trim() === "")) throw new UsageError(`--${name} was given an empty value; it takes ${VALUE_OF[name] ?? "a value"}.`);
  }
}

/** Normalises parsed values (from either parser) into ScanArgs, checking what the parsers cannot. */
export function toScanArgs(raw: Raw, positionals: string[], taken?: Redaction): ScanArgs {
  const redaction = redactionOf(raw, taken);
  checkValues(raw);
  const format = list(valueOf(raw, "format"));
  for (const f of format) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown --format "${f}"; choose one of ${FORMATS.join(", ")}.`);
  }
  const minSeverity = String(valueOf(raw, "min-severity"));
  if (!(SEVERITY_CHOICES as readonly string[]).includes(minSeverity)) {
    throw new UsageError(`unknown --min-severity "${minSeverity}"; choose one of ${SEVERITY_CHOICES.join(", ")}.`);
  }
  const level = raw["log-level"] as string | undefined;
  if (level !== undefined && !["error", "info", "debug"].includes(level)) throw new UsageError(`unknown --log-level "${level}"; choose one of error, info, debug.`);
  const quiet = raw.quiet === true || level === "error";
  const verbose = raw.verbose === true || level === "debug";
  if (quiet && verbose) throw new UsageError("--quiet and --verbose (or --log-level) contradict each other; keep one.");
  const output = list(raw.output);
  if (output.length > format.length) throw new UsageError("there are more --output files than --format values; give one --format per --output.");
  const sources = ["staged", "history", "pre-push"].filter((k) => raw[k] === true);
  if (sources.length > 1) throw new UsageError(`--${sources[0]} and --${sources[1]} cannot be combined; choose one.`);
  if ((raw.all || raw.range) && !raw.history) throw new UsageError("--all and --range go with --history.");
  if (raw.all && raw.range) throw new UsageError("--all and --range cannot be combined; choose one.");
  if (raw["stdin-name"] !== undefined && !positionals.includes("-")) throw new UsageError("--stdin-name names standard input, which is scanned only when a path is - (scan-keys - --stdin-name NAME).");
  if (positionals.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) can be scanned once; name it once.");
  // git runs a pre-push hook as `pre-push <remote> <url>`: the hook hands both on (scan-keys --pre-push "$@").
  const pushArgs = raw["pre-push"] === true && positionals.length <= 2 ? positionals : undefined;
  if (positionals.length > 0 && sources.length > 0 && !pushArgs) {
    throw new UsageError(`--${sources[0]} scans git, not paths; drop the paths (${positionals.join(" ")}) or the flag.`);
  }
  const verify = verifyArgs(raw);
  return {
    ...verify,
    paths: pushArgs ? [] : positionals,
    ...(pushArgs?.[0] !== undefined ? { remote: pushArgs[0] } : {}),
    ...(pushArgs?.[1] !== undefined ? { remoteUrl: pushArgs[1] } : {}),
    staged: raw.staged === true,
    history: raw.history === true,
    all: raw.all === true,
    range: raw.range as string | undefined,
    prePush: raw["pre-push"] === true,
    ...(raw.directory !== undefined ? { directory: String(raw.directory) } : {}),
    format: format as FormatName[],
    output,
    redact: redaction !== false,
    redactPercent: redaction === false ? 0 : redaction,
    color: raw.color as boolean | undefined,
    quiet,
    verbose,
    showSuppressed: raw["show-suppressed"] === true,
    include: list(raw.include),
    exclude: list(raw.exclude),
    config: raw.config as string | undefined,
    configFrom: raw["config-from"] as string | undefined,
    baseline: raw.baseline as string | undefined,
    maxFileSize: parseSize(String(valueOf(raw, "max-file-size"))),
    maxFileSizeGiven: raw["max-file-size"] !== undefined,
    minSeverity: minSeverity as SeverityName,
    recurseSubmodules: raw["recurse-submodules"] === true,
    stdinName: raw["stdin-name"] as string | undefined,
  };
}

/** --verify and the options that only go with it; none of them turns verification on. */
function verifyArgs(raw: Raw): Pick<ScanArgs, "verify" | "results" | "verifyTimeoutMs" | "verifyConfigRules"> {
  const verify = raw.verify === true;
  const given = ["only-verified", "results", "verify-timeout", "verify-config-rules"].filter((k) => raw[k] !== undefined && raw[k] !== false);
  if (!verify && given.length > 0) throw new UsageError(`--${given[0]} goes with --verify, which nothing else turns on; add --verify to ask the providers.`);
  if (raw["only-verified"] === true && raw.results !== undefined) throw new UsageError("--only-verified is --results live; give one of them.");
  let results: VerdictName[] | undefined;
  if (raw["only-verified"] === true) results = ["live"];
  else if (raw.results !== undefined) {
    results = [];
    for (const r of String(raw.results).split(",").map((x) => x.trim()).filter(Boolean)) {
      if (!(VERDICTS as readonly string[]).includes(r)) throw new UsageError(`unknown verdict "${r}" in --results; choose from ${VERDICTS.join(", ")}.`);
      results.push(r as VerdictName);
    }
    if (results.length === 0) throw new UsageError(`--results needs at least one verdict (${VERDICTS.join(", ")}).`);
  }
  let verifyTimeoutMs = 5000;
  if (raw["verify-timeout"] !== undefined) {
    const t = String(raw["verify-timeout"]).trim();
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/.exec(t);
    const ms = m ? Number(m[1]) * (m[2] === "ms" ? 1 : 1000) : NaN;
    if (!(ms >= 100 && ms <= 120_000)) throw new UsageError(`--verify-timeout "${t}" is not a time-out from 0.1 to 120 seconds; give seconds, like 5 or 2.5.`);
    verifyTimeoutMs = Math.round(ms);
  }
  return { verify, ...(results ? { results } : {}), verifyTimeoutMs, verifyConfigRules: raw["verify-config-rules"] === true };
}

/** The sub-commands that are not scans; the loader keeps their code cache apart (loader.ts). */
export const COMMANDS = new Set(["rules", "install-hook", "uninstall-hook", "baseline", "init", "fix", "version", "completion"]);

/**
 * A scan's command line (paths, --staged, --history, --pre-push and their
 * options) parsed without yargs; undefined for anything else (help, a
 * sub-command, an error to explain), which yargs then handles.
 */
export function parseScanLine(argv: string[], redact?: Redaction): ScanArgs | undefined {
  if (argv.length > 0 && (COMMANDS.has(argv[0]!) || argv[0] === "scan")) return undefined;
  if (argv.some((a) => a === "--help" || a === "-h" || a === "--version")) return undefined;
  const switches = switchesOnly(argv);
  if (switches) return toScanArgs(switches, [], redact);
  const options: Record<string, { type: "boolean" | "string"; multiple?: boolean; short?: string }> = {};
  for (const [name, o] of Object.entries(SCAN_OPTIONS)) {
    options[name] = { type: o.type, ...(o.array ? { multiple: true } : {}), ...(o.alias ? { short: o.alias } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, allowNegative: true, strict: true });
    return toScanArgs(values, positionals, redact);
  } catch {
    return undefined; // let yargs explain what is wrong
  }
}
