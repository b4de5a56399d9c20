// Counting what a scan read and what it did not. Pure helpers over ScanStats
// (declared in types.ts), shared by the sources, the scan workers and the
// commands, so every skip is counted and named the same way.
import { appendAll } from "./append.js";
import type { ScanStats } from "./types.js";

export function emptyStats(): ScanStats {
  return {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedTooLarge: 0,
    skippedUnreadable: 0,
    unreadable: [],
    skippedOther: 0,
    skipped: [],
    durationMs: 0,
    suppressed: {},
  };
}

export type SkipKind = "too-large" | "unreadable" | "other";

/** Records a file or directory that was met and not read, with the reason (a few words, no full stop). */
export function recordSkip(stats: ScanStats, kind: SkipKind, path: string, reason: string): void {
  if (kind === "unreadable") {
    stats.skippedUnreadable++;
    stats.unreadable.push({ path, reason });
    return;
  }
  if (kind === "too-large") stats.skippedTooLarge++;
  else stats.skippedOther++;
  stats.skipped.push({ path, reason });
}

/** Adds a note once (notes are sentences for the summary, JSON and SARIF). */
export function addNote(stats: ScanStats, note: string): void {
  if (!(stats.notes ??= []).includes(note)) stats.notes.push(note);
}

/** Adds the counts and lists of `from` into `into` (a scan worker's batch into the scan's total). */
export function addStats(into: ScanStats, from: ScanStats): void {
  into.files += from.files;
  into.bytes += from.bytes;
  if (from.commits !== undefined) into.commits = (into.commits ?? 0) + from.commits;
  into.skippedBinary += from.skippedBinary;
  into.skippedTooLarge += from.skippedTooLarge;
  into.skippedUnreadable += from.skippedUnreadable;
  into.skippedOther += from.skippedOther;
  appendAll(into.unreadable, from.unreadable);
  appendAll(into.skipped, from.skipped);
  for (const note of from.notes ?? []) addNote(into, note);
  for (const [by, n] of Object.entries(from.suppressed)) into.suppressed[by] = (into.suppressed[by] ?? 0) + n;
}
