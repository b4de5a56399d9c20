// What a scan looked at, for the summary lines of every report.

export interface ScanStats {
  /** Files (tree), files with added lines (staged), or file diffs (history) scanned. */
  files: number;
  bytes: number;
  /** Commits scanned, for history and pre-push scans. */
  commits?: number;
  skippedBinary: number;
  skippedTooLarge: number;
  skippedUnreadable: number;
  /** Paths of unreadable files with the reason, so none is skipped silently. */
  unreadable: { path: string; reason: string }[];
  durationMs: number;
  /** Findings dropped by a filter, by mechanism: inline, ignore-file, baseline, config, doc-example. */
  suppressed: Record<string, number>;
  /** Things the user should know about how the scan ran (e.g. git missing, so .gitignore was not applied). */
  notes?: string[];
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, skippedBinary: 0, skippedTooLarge: 0, skippedUnreadable: 0, unreadable: [], durationMs: 0, suppressed: {} };
}
