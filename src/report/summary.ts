// The table that ends the text report: findings per provider and rule, what
// was scanned, what was skipped and why, what was suppressed. A pure function
// from findings and stats to lines; no colour (the caller may add it).

import type { Finding } from "../engine/types.js";
import { sanitize } from "./sanitize.js";
import type { ScanStats } from "../engine/types.js";
import { formatBytes, formatDuration, plural } from "./units.js";

/** Max unreadable paths listed one by one; the rest are counted. */
const MAX_LISTED = 10;

/** Width in terminal columns, near enough for names and ids (no wide-character tables). */
const width = (s: string) => [...s].length;
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)));
const padLeft = (s: string, n: number) => " ".repeat(Math.max(0, n - width(s))) + s;

/**
 * Findings per provider and rule. For history scans, whose findings say
 * whether the secret is still in HEAD, a column counts those, and rows with
 * secrets still present come first: they are the ones to rotate first.
 */
function findingsTable(findings: Finding[]): string[] {
  const withHead = findings.some((f) => f.stillInHead !== undefined);
  const counts = new Map<string, { provider: string; rule: string; n: number; inHead: number }>();
  for (const f of findings) {
    const key = `${f.provider}\0${f.ruleId}`;
    const row = counts.get(key) ?? { provider: sanitize(f.provider), rule: sanitize(f.ruleId), n: 0, inHead: 0 };
    row.n++;
    if (f.stillInHead) row.inHead++;
    counts.set(key, row);
  }
  // Without stillInHead every inHead is 0, so the first key orders nothing.
  const rows = [...counts.values()].sort(
    (a, b) => Number(b.inHead > 0) - Number(a.inHead > 0) || a.provider.localeCompare(b.provider) || b.n - a.n || a.rule.localeCompare(b.rule),
  );
  const head = { provider: "provider", rule: "rule", n: "findings", inHead: "in HEAD" };
  const total = String(findings.length);
  const totalInHead = String(rows.reduce((n, r) => n + r.inHead, 0));
  const w1 = Math.max(width(head.provider), width("total"), ...rows.map((r) => width(r.provider)));
  const w2 = Math.max(width(head.rule), ...rows.map((r) => width(r.rule)));
  const w3 = Math.max(width(head.n), width(total));
  const w4 = width(head.inHead);
  const line = (a: string, b: string, c: string, d: string) =>
    `  ${pad(a, w1)}  ${pad(b, w2)}  ${padLeft(c, w3)}${withHead ? `  ${padLeft(d, w4)}` : ""}`.trimEnd();
  const out = [
    line(head.provider, head.rule, head.n, head.inHead),
    line("─".repeat(w1), "─".repeat(w2), "─".repeat(w3), "─".repeat(w4)),
    ...rows.map((r) => line(r.provider, r.rule, String(r.n), String(r.inHead))),
    ...(rows.length > 1 ? [line("total", "", total, totalInHead)] : []),
  ];
  if (withHead) {
    out.push(
      `  ${totalInHead} of ${total} still in HEAD's tree (rotate those first); the others were deleted but stay in history, so rotate them too.`,
    );
  }
  return out;
}

/**
 * The summary table as lines (no trailing newline). `findings` are the
 * reported findings (after filters); `stats` says what the scan looked at.
 */
export function summaryLines(findings: Finding[], stats: ScanStats): string[] {
  const out: string[] = ["Summary"];
  if (findings.length > 0) out.push(...findingsTable(findings), "");
  else out.push("  no secrets found", "");

  const what = [plural(stats.files, "file"), ...(stats.commits !== undefined ? [plural(stats.commits, "commit")] : [])];
  const label = (s: string) => `  ${pad(s, 10)}`;
  out.push(`${label("scanned")} ${what.join(", ")}, ${formatBytes(stats.bytes)} in ${formatDuration(stats.durationMs)}`);

  // Each kind of skip: a count, what to do, then the paths (capped), so "skipped nothing" is true.
  const groups: { head: string; paths: { path: string; reason: string }[] }[] = [];
  const tooLarge = stats.skipped.filter((s) => s.reason.startsWith("over --max-file-size"));
  const other = stats.skipped.filter((s) => !s.reason.startsWith("over --max-file-size"));
  if (stats.skippedBinary) groups.push({ head: `${plural(stats.skippedBinary, "binary file")}: binary content holds no text to scan`, paths: [] });
  if (stats.skippedTooLarge) groups.push({ head: `${plural(stats.skippedTooLarge, "file")} too large: over --max-file-size; raise it to scan them`, paths: tooLarge });
  if (stats.skippedUnreadable) groups.push({ head: `${plural(stats.skippedUnreadable, "file")} unreadable:`, paths: stats.unreadable });
  if (stats.skippedOther) groups.push({ head: `${plural(stats.skippedOther, "other path")} not read:`, paths: other });
  if (groups.length === 0) out.push(`${label("skipped")} nothing`);
  groups.forEach((g, i) => {
    out.push(`${label(i === 0 ? "skipped" : "")} ${g.head}`);
    const listed = g.paths.slice(0, MAX_LISTED);
    for (const u of listed) out.push(`${label("")}   ${sanitize(u.path)}: ${sanitize(u.reason)}`);
    const count = g.paths === stats.unreadable ? Math.max(g.paths.length, stats.skippedUnreadable) : g.paths.length;
    if (count - listed.length > 0) out.push(`${label("")}   … and ${count - listed.length} more`);
  });

  const suppressed = Object.entries(stats.suppressed ?? {}).filter(([, n]) => n > 0);
  if (suppressed.length) {
    const total = suppressed.reduce((a, [, n]) => a + n, 0);
    out.push(`${label("suppressed")} ${plural(total, "finding")}: ${suppressed.map(([by, n]) => `${n} by ${by}`).join(", ")}`);
  }
  const notes = stats.notes ?? [];
  for (const note of notes.slice(0, MAX_LISTED)) out.push(`${label("note")} ${sanitize(note)}`);
  if (notes.length > MAX_LISTED) out.push(`${label("")} … and ${notes.length - MAX_LISTED} more notes (all in --format json)`);
  return out.map((l) => l.trimEnd());
}
