// The shapes every room of the house agrees on (see ../shared/DESIGN.md).
// Nothing here does I/O; sources produce Fragments, the engine produces
// Findings, filters and reporters only read them.

export type SourceKind = "tree" | "staged" | "history";

/** Who made a commit, for findings that come from history. */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO-8601 author date. */
  date: string;
  /** The commit's subject line, when the source read it. */
  message?: string;
}

/** One piece of text to scan and where it came from. */
export interface Fragment {
  /** Path relative to the scan root (tree) or repository root (git), `/` separated. */
  path: string;
  text: string;
  /**
   * The text's bytes when they are valid UTF-8 (`text` is their decoding,
   * lone CRs made LF), for the keyword pass, which reads bytes faster than a
   * string's characters. Optional: sources that have the bytes
   * at hand pass them. Valid while the fragment is scanned: a reader may reuse
   * the memory for the next fragment.
   */
  bytes?: Uint8Array;
  /**
   * For diffs: `lineNumbers[i]` is the line number (1-based) in the new file
   * of line `i` (0-based) of `text`. Absent for whole files, where line i of
   * text is line i + 1 of the file.
   */
  lineNumbers?: number[];
  commit?: CommitInfo;
  source: SourceKind;
  /**
   * Lines of the file before this text (a large file is read in chunks):
   * line i of text is line lineOffset + i + 1 of the file. Whole files and
   * diffs (which have lineNumbers) leave it out.
   */
  lineOffset?: number;
  /**
   * Characters of the file's line before the first line of `text`, when a
   * chunk begins inside a line longer than a chunk: columns on text's first
   * line are counted from the real line's start.
   */
  columnOffset?: number;
  /**
   * A binary file: `text` is empty and only rules with `target = "path"` run,
   * so a committed keystore (*.p12, *.jks) is still reported.
   */
  binary?: boolean;
  /**
   * A later piece of a file this scan already began (a diff is split into
   * runs of consecutive added lines): path rules, which report the file
   * itself, do not fire again.
   */
  continued?: boolean;
}

/** Severities from most to least sure: rules, findings, --min-severity and reports all rank by this order. */
export const SEVERITIES = ["high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];
/** 0 for high, 1 medium, 2 low: the order to sort or compare severities by. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** How a generic rule's candidates are judged (engine/generic.ts): passwords (chosen by people), secrets (keys and tokens made by machines), URL passwords. */
export const JUDGE_KINDS = ["password", "secret", "url"] as const;
export type JudgeKind = (typeof JUDGE_KINDS)[number];

/**
 * A rule as written in `rules/*.toml` and in a user's config file.
 * Field names are the TOML keys.
 */
export interface RuleSpec {
  id: string;
  provider: string;
  description: string;
  /**
   * RE2 syntax (the dialect of gitleaks and Go): inline flags such as `(?i)`
   * and `(?i:…)`, classes, counted repetition, numbered or named groups; no
   * lookaround and no backreference. Runs in time linear in its input.
   */
  regex: string;
  /** Flags from "i", "m", "s" (and "u", which RE2 needs not): the same as a leading `(?ims)`. */
  flags?: string;
  /** Capture group holding the secret; default: 1 when the regex has a group, else 0. */
  secretGroup?: number;
  /** Lower-case words; the rule only runs near a place where one of them occurs. */
  keywords: string[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  severity?: Severity;
  /** Where the user revokes or rotates this kind of key (URL or a short sentence). */
  revoke: string;
  /**
   * How many characters around a keyword hit the regex may look at
   * (default 256 each side, clipped to the keyword's line). Rules whose match
   * spans lines (PEM blocks) set `multiline = true` and a larger window.
   */
  window?: number;
  multiline?: boolean;
  /** RE2 regexes on the secret: a secret that matches one is a look-alike, not a finding. */
  allow?: string[];
  /**
   * Longest secret, in characters. Lets a regex say `x{16,}` instead of
   * `x{16,200}`: RE2 unrolls counted repetition into one state per count,
   * and a 200-state value makes the automaton several times slower.
   */
  maxLength?: number;
  /** Words (any case) that make a secret a placeholder when it contains one. */
  stopwords?: string[];
  /**
   * Generic rules: how the captured value is judged (engine/generic.ts):
   * "password", "secret" or "url". The verdict sets the finding's severity
   * (medium or low) or drops the value as a look-alike; `severity` is then
   * the highest a finding of the rule can get.
   */
  judge?: JudgeKind;
  /** Character classes the secret must hold: "digit", "letter", "upper", "lower" (see engine/checks.ts). */
  require?: string[];
  /**
   * Shapes that make a match a look-alike: "uuid", "identifier", "words", "path",
   * "filename", "url", "integrity", and "request-token-name", which tests
   * the regex's group named `name` (see engine/checks.ts).
   */
  reject?: string[];
  /**
   * Only report when the file path matches one of these micromatch globs
   * (used by sensitive-file rules and by rules tied to a file type).
   */
  paths?: string[];
  /**
   * What the regex runs on: the text (default) or the file's path. Path rules
   * report files that should never be committed (.env, id_rsa, *.p12), once
   * per file, whatever their content; they need `paths`.
   */
  target?: "content" | "path";
  /**
   * An RE2 pattern the file path must match for the rule to run (gitleaks'
   * `path` on a rule that also has a `regex`). Set by the .gitleaks.toml
   * translation (config/gitleaks.ts), not a key of rules/*.toml.
   */
  pathRegex?: string;
  /** Labels carried into reports (gitleaks' `tags`). */
  tags?: string[];
  /**
   * For rules with `paths` naming files that store credentials by design
   * (.pgpass, FileZilla's recentservers.xml, .esmtprc): the placeholder
   * heuristics (`example`, `dummy`, `<…>`) are off, because whatever such a
   * file holds is what the tool logs in with (`password "password"` too).
   */
  credentialStore?: boolean;
  /**
   * A checksum scheme the provider builds into its tokens ("github-crc32",
   * see engine/checksums.ts). A secret whose checksum verifies is a real
   * token: the placeholder heuristics are off for it (a random body can spell
   * "fake" or "xxxx"). One whose checksum fails is reported as before.
   */
  checksum?: string;
  /** For rules with `paths`: the file path the examples are scanned as (default "example.txt"). */
  examplePath?: string;
  /**
   * How --verify asks the provider whether a found key works: a table the
   * verify room reads and checks (src/verify/spec.ts); the engine only
   * carries it.
   */
  verify?: Record<string, unknown>;
  /**
   * Examples the test suite runs. `match` strings must produce a finding of
   * this rule; `nomatch` strings must not. The two characters `~~` are
   * removed before testing, so examples can be split and the repository's
   * own scan of `rules/` stays clean.
   */
  examples: { match: string[]; nomatch: string[] };
}

/** One secret found. `secret` lives in memory only; reports print `redacted`. */
export interface Finding {
  ruleId: string;
  provider: string;
  description: string;
  severity: Severity;
  path: string;
  /** 1-based line and column of the secret's first character. */
  line: number;
  column: number;
  /** 1-based line and column just after the secret's last character (exclusive end column). */
  endLine: number;
  endColumn: number;
  secret: string;
  redacted: string;
  /**
   * The whole regex match when it is more than the secret (a rule whose
   * secret is a group): allowlists with regexTarget = "match" and the
   * gitleaks report's `Match` read it. In memory only, like `secret`.
   */
  match?: string;
  /** Short stable hash of ruleId + secret; never reveals the secret. */
  fingerprint: string;
  entropy?: number;
  /** The source line holding the secret's start, capped in length; contains the secret. */
  lineText: string;
  /** Column (1-based) of the secret within `lineText`. */
  lineTextColumn: number;
  /** Set when the secret was found after decoding (e.g. "base64", "percent"). */
  encoding?: string;
  revoke: string;
  commit?: CommitInfo;
  /** History findings: whether the secret is still in HEAD's tree (a deleted key stays live until rotated). */
  stillInHead?: boolean;
  source: SourceKind;
  /** Set by --verify only (src/verify/): what the provider said of the key. */
  verification?: Verification;
}

/** --verify's verdicts, most urgent first: the order the text report lists findings in. */
export const VERDICTS = ["live", "unknown", "not-verifiable", "revoked"] as const;
export type VerdictName = (typeof VERDICTS)[number];

/** What the provider said of a key (src/verify/). */
export interface Verification {
  verdict: VerdictName;
  /** unknown / not-verifiable: why, in a few words (never the secret). */
  reason?: string;
  /** Who the key belongs to, as the provider named it (a login, an ARN, an account id). */
  account?: string;
  /** What the key may do, as the provider listed it. */
  scopes?: string[];
  /** The provider documentation page the request follows. */
  docs?: string;
}

/** What a scan looked at and what it did not read, for the summary of every report. */
export interface ScanStats {
  /** Files (tree), files with added lines (staged), or file diffs (history) scanned. */
  files: number;
  bytes: number;
  /** Commits scanned, for history and pre-push scans. */
  commits?: number;
  skippedBinary: number;
  skippedTooLarge: number;
  skippedUnreadable: number;
  /** Paths of unreadable files and directories with the reason, so none is skipped silently. */
  unreadable: { path: string; reason: string }[];
  /** Other files and directories met and not read (not a regular file, a submodule, a symbolic link met in a walk). */
  skippedOther: number;
  /** Files and directories not read because too large or for another reason, each named with the reason (unreadable ones are in `unreadable`). */
  skipped: { path: string; reason: string }[];
  durationMs: number;
  /** Findings dropped by a filter, by mechanism: inline, ignore-file, baseline, config, doc-example, min-severity. */
  suppressed: Record<string, number>;
  /** Things the user should know about how the scan ran (e.g. git missing, so .gitignore was not applied). */
  notes?: string[];
}

/**
 * A gitleaks-style allowlist (from .gitleaks.toml): conditions on a finding,
 * joined by OR (any one suppresses) or AND (every condition given must hold).
 * Patterns are RE2 sources; the pipeline compiles them (plain data, so it
 * can cross to scan workers).
 */
export interface AllowlistSpec {
  description?: string;
  condition: "OR" | "AND";
  /** Commit SHAs, lower-case. */
  commits: string[];
  /** RE2 patterns on the file path (relative to the repository root). */
  paths: string[];
  /** RE2 patterns on the secret, the whole match or the line (`regexTarget`). */
  regexes: string[];
  regexTarget: "secret" | "match" | "line";
  /** Lower-case words; a secret containing one is allowed. */
  stopwords: string[];
  /** The rule ids it applies to; absent: every rule. */
  rules?: string[];
}

/**
 * A finding named by where it is, as gitleaks names findings: a
 * `.gitleaksignore` line (`[commit:]file:rule-id:line`) or an entry of a
 * gitleaks JSON report used as a baseline.
 */
export interface LocationEntry {
  /** Path relative to the repository root, `/` separated. */
  file: string;
  /** 1-based line of the finding's start. */
  line: number;
  ruleId: string;
  commit?: string;
  /** From a gitleaks report written with --no-redact: the secret itself, which then identifies the finding wherever it is in `file`. */
  secret?: string;
}
