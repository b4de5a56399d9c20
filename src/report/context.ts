// What every reporter gets besides the findings.
import type { Severity } from "../engine/types.js";
import type { ScanStats } from "../engine/types.js";

export interface RuleInfo {
  id: string;
  provider: string;
  description: string;
  revoke: string;
  severity: Severity;
  /** Labels from a .gitleaks.toml rule's `tags`. */
  tags?: string[];
}

export interface ReportContext {
  /** scan-keys' own version. */
  version: string;
  /** Print redacted secrets (default) or the secrets themselves (--no-redact). */
  redact: boolean;
  /** The rules that produced the findings (reporters that list rules, like SARIF, need them). */
  rules: RuleInfo[];
  stats: ScanStats;
  /** What was scanned: "tree", "staged", "history". */
  mode: "tree" | "staged" | "history";
  /** --verify was given: findings carry `verification`, and reports show it. */
  verified?: boolean;
  /** Colour for the text reporter (TTY and no NO_COLOR). */
  color: boolean;
  /** The config file the scan used, described in a few words (the text report prints it). */
  config?: string;
  /** Where and when the scan ran (the HTML audit names them): repository, HEAD's commit, ISO date. */
  place?: { repository: string; commit?: string; scannedAt: string };
  /** Findings a filter dropped, listed only with --show-suppressed. */
  suppressed?: { finding: import("../engine/types.js").Finding; by: string }[];
}
