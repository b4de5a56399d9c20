// The config file's [allowlist]: paths (globs, matched by a function the
// caller builds), regexes on the secret, regexes on the line, stopwords.
import { hasStopword } from "../engine/placeholders.js";
import type { Finding } from "../engine/types.js";

/** A compiled RE2 pattern (engine/regex.ts); only its linear-time test is needed here. */
type Pattern = { test(text: string): boolean };

export interface AllowlistFilter {
  /** True when the finding's file is allowlisted (paths are relative to the repository root). */
  path?: (finding: Finding) => boolean;
  regexes: Pattern[];
  lines: Pattern[];
  /** Lower-case. */
  stopwords: string[];
}

export function allowlisted(finding: Finding, line: string, a: AllowlistFilter): boolean {
  if (a.path?.(finding)) return true;
  const secret = finding.secret;
  if (a.regexes.some((r) => r.test(secret))) return true;
  if (hasStopword(secret, a.stopwords)) return true;
  return a.lines.some((r) => r.test(line));
}
