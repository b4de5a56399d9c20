// scan-keys as a library: `import { scan } from "scan-keys"`. One function
// over the CLI's own building blocks (commands/scan.ts' collectFindings: the
// same config, filters, severities and redaction), returning the findings as
// the JSON report has them. Bundled apart (dist/api.js, scripts/build.mjs):
// the CLI never loads this file, so a hook's start-up does not pay for it.
//
// The public types are spelled out here, not imported, so the published
// dist/api.d.ts stands alone.
import { collectFindings, type Io } from "./commands/scan.js";
import { enterDirectory } from "./commands/directory.js";
import { useProgramCache } from "./commands/program-cache.js";
import { jsonFinding } from "./report/json.js";
import { toScanArgs, UsageError } from "./options.js";

/** What to scan: strings, files and directories, the staged change, or commits. */
export type ScanTarget =
  /** One string, reported at `path` (default "<text>"): an editor buffer, a pasted snippet. */
  | { text: string; path?: string }
  /** Several strings, each reported at its path (relative to `cwd`, for allowlists and include/exclude). */
  | { texts: { text: string; path: string }[] }
  /** Files and directories, as `scan-keys PATH…` (a directory: its files git does not ignore). */
  | { paths: string[] }
  /** What is staged for commit, as `scan-keys --staged`. */
  | { staged: true }
  /** The added lines of commits, as `scan-keys --history`: all of HEAD's history, a `range` (origin/main..HEAD) or `all` refs. */
  | { history: true; range?: string; all?: boolean };

export interface ScanOptions {
  /** The directory to run in, as `scan-keys -C DIR` (default: process.cwd()). */
  cwd?: string;
  /** A config file, scan-keys' or gitleaks' format (default: .scan-keys.toml, else .gitleaks.toml, at the repository root). */
  config?: string;
  /** Read the config, ignore file and baseline from this git revision, as --config-from. */
  configFrom?: string;
  /** Report only findings not in this baseline file, as --baseline. */
  baseline?: string;
  /** Only paths matching these globs, as --include. */
  include?: string[];
  /** Skip paths matching these globs, as --exclude. */
  exclude?: string[];
  /** Report only findings of this severity or higher (default "low": everything). */
  minSeverity?: "high" | "medium" | "low";
  /** Skip files larger than this, as --max-file-size (default "10MB"). */
  maxFileSize?: string;
  /**
   * `true` (default): each finding's `match` shows a prefix only, as the CLI does;
   * a number N (0-100): at least N% of it hidden, as --redact=N; `false`: the secret itself.
   */
  redact?: boolean | number;
  /** Tree scans: scan git submodules' files too. */
  recurseSubmodules?: boolean;
}

/** A finding, with the fields of the CLI's JSON report (README "JSON output"). */
export interface Finding {
  ruleId: string;
  provider: string;
  description: string;
  severity: "high" | "medium" | "low";
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The secret as reports show it: redacted unless `redact: false`. */
  match: string;
  /** Stable id of rule and secret, for .scan-keys-ignore and baselines. */
  fingerprint: string;
  entropy: number | null;
  /** Set when the secret was found after decoding ("base64", "percent"…). */
  encoding?: string;
  /** History scans: the commit that added it. */
  commit?: { sha: string; author: string; email: string; date: string; message?: string };
  /** History scans: whether the secret is still in HEAD's tree. */
  stillInHead?: boolean;
  /** Where to revoke or rotate this kind of key. */
  revoke: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  commits?: number;
  skippedBinary: number;
  skippedTooLarge: number;
  skippedUnreadable: number;
  skippedOther: number;
  /** Paths not scanned, each with the reason: a caller that must fail closed checks these. */
  skipped: { path: string; reason: string }[];
  unreadable: { path: string; reason: string }[];
  durationMs: number;
  /** Findings dropped by a filter, by mechanism (inline, ignore-file, baseline, config, min-severity…). */
  suppressed: Record<string, number>;
  notes?: string[];
}

export interface ScanReport {
  findings: Finding[];
  /** Findings an allow comment, ignore file, baseline or config dropped, with what dropped each. */
  suppressed: (Finding & { suppressedBy: string })[];
  stats: ScanStats;
}

/**
 * Scans `target` as the CLI would and returns its findings. Invalid options
 * throw an Error whose message is the CLI's one-sentence explanation (its
 * `name` is "UsageError", "ConfigError", "GitError"…).
 */
export async function scan(target: ScanTarget, options: ScanOptions = {}): Promise<ScanReport> {
  const base: Io = {
    cwd: process.cwd(),
    stdout: () => {},
    stderr: () => {},
    stdoutIsTTY: false,
    // Scan workers start the CLI's own file (process.argv[1]), which in a library is the caller's program.
    env: { ...process.env, SCAN_KEYS_WORKERS: "0" },
  };
  const io = options.cwd !== undefined ? enterDirectory(base, options.cwd) : base;
  const texts = "texts" in target ? target.texts : "text" in target ? [{ text: target.text, path: target.path ?? "<text>" }] : undefined;
  if (texts && !texts.every((t) => typeof t?.text === "string" && typeof t.path === "string" && t.path !== "")) {
    throw new UsageError("scan({ texts }) takes a list of { text, path } with a string text and a non-empty path.");
  }
  const args = toScanArgs(
    {
      staged: "staged" in target && target.staged === true,
      history: "history" in target && target.history === true,
      ...("history" in target && target.range !== undefined ? { range: target.range } : {}),
      ...("history" in target && target.all ? { all: true } : {}),
      quiet: true,
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.configFrom !== undefined ? { "config-from": options.configFrom } : {}),
      ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
      ...(options.include ? { include: options.include } : {}),
      ...(options.exclude ? { exclude: options.exclude } : {}),
      ...(options.minSeverity !== undefined ? { "min-severity": options.minSeverity } : {}),
      ...(options.maxFileSize !== undefined ? { "max-file-size": options.maxFileSize } : {}),
      ...(options.recurseSubmodules ? { "recurse-submodules": true } : {}),
    },
    "paths" in target ? target.paths : [],
    redactionOf(options.redact),
  );
  if (!texts && !("paths" in target) && !args.staged && !args.history) {
    throw new UsageError("scan() takes { text }, { texts }, { paths }, { staged: true } or { history: true }.");
  }
  useProgramCache(io.env);
  const started = process.hrtime.bigint();
  const { findings, suppressed, stats } = await collectFindings(args, io, texts ? { texts } : {});
  stats.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    findings: findings.map((f) => jsonFinding(f, args.redact)),
    suppressed: suppressed.map(({ finding, by }) => ({ ...jsonFinding(finding, args.redact), suppressedBy: by })),
    stats,
  };
}

/** The API's `redact` as the CLI's redaction (redact-option.ts): true is the default prefix rule, not --redact's 100. */
function redactionOf(redact: boolean | number | undefined): false | number {
  if (redact === undefined || redact === true) return 0;
  if (redact === false) return false;
  if (typeof redact === "number" && Number.isInteger(redact) && redact >= 0 && redact <= 100) return redact;
  throw new UsageError(`redact must be true, false or a whole percentage from 0 to 100, not ${JSON.stringify(redact)}.`);
}
