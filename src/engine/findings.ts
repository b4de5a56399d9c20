// Matches → Findings: one match per secret (dropOverlaps), each placed at
// its line and column in the file, with a bounded stretch of its line.

import type { CompiledRule } from "./compile.js";
import { LineIndex } from "./lines.js";
import { fingerprintOf, redactSecret } from "./redact.js";
import { severityRank, type Finding, type Fragment } from "./types.js";
import type { RawMatch } from "./window-search.js";

/** Longest stretch of a line kept in Finding.lineText on each side of the secret. */
const LINE_CONTEXT = 120;

/** What every finding says of its rule (a path rule's findings too). */
export function ruleFields(rule: CompiledRule) {
  return { ruleId: rule.id, provider: rule.provider, description: rule.description, severity: rule.severity, revoke: rule.revoke };
}

/** Generic rules (rules/generic.toml) match a secret-like name, not a provider's key format. */
function isGenericRule(rule: CompiledRule): boolean {
  return rule.id.startsWith("generic-");
}

/**
 * Two rules may find the same secret (a provider rule and the generic rule).
 * Keep one: a provider rule over a generic one, then the more severe, then
 * the rule listed first (provider rules load before generic ones).
 */
export function dropOverlaps(raw: RawMatch[]): RawMatch[] {
  if (raw.length < 2) return raw;
  raw.sort((a, b) => a.start - b.start || a.end - b.end);
  // Kept spans never overlap and come in order of start, so only the last one can overlap a later match.
  const kept: RawMatch[] = [];
  for (const m of raw) {
    const clash = kept.length - 1;
    const k = kept[clash];
    if (k === undefined || m.start >= k.end) {
      kept.push(m);
      continue;
    }
    // A provider's format says more than a generic name=value match, whatever
    // the severities (a low-severity Stripe test key is no medium "generic secret").
    const mg = isGenericRule(m.rule);
    const kg = isGenericRule(k.rule);
    const better =
      mg !== kg
        ? kg
        : severityRank(m.severity) < severityRank(k.severity) ||
          (severityRank(m.severity) === severityRank(k.severity) && m.ruleIndex < k.ruleIndex);
    if (better) kept[clash] = m;
  }
  return kept;
}

export function toFindings(fragment: Fragment, matches: RawMatch[]): Finding[] {
  const index = new LineIndex(fragment.text);
  return matches.map((m) => toFinding(fragment, index, m));
}

/**
 * A secret found in decoded text is placed at its encoded run, and its line
 * is shown with the run replaced by the decoded secret: the reporter masks it
 * like any other, and the encoded form is never printed either.
 */
function toFinding(fragment: Fragment, index: LineIndex, m: RawMatch): Finding {
  const { start, end } = m;
  const where = locate(fragment, index, start, end);
  const { ctxStart, ctxEnd } = where;
  const lineText = m.encoding
    ? fragment.text.slice(ctxStart, start) + m.secret + fragment.text.slice(Math.min(end, ctxEnd), ctxEnd)
    : fragment.text.slice(ctxStart, ctxEnd);
  const rule = m.rule;
  // One literal, not spreads: a file may hold 100,000+ findings, and objects
  // built by spreading were the scan's slowest step and most of its memory.
  const f: Finding = {
    ruleId: rule.id,
    provider: rule.provider,
    description: rule.description,
    severity: m.severity,
    revoke: rule.revoke,
    path: where.path,
    line: where.line,
    column: where.column,
    endLine: where.endLine,
    endColumn: where.endColumn,
    secret: m.secret,
    redacted: redactSecret(m.secret),
    fingerprint: fingerprintOf(rule.id, m.secret),
    entropy: Math.round(m.entropy * 1000) / 1000,
    lineText,
    lineTextColumn: start - ctxStart + 1,
    source: fragment.source,
  };
  if (m.match !== undefined) f.match = m.match;
  if (m.encoding) f.encoding = m.encoding;
  if (fragment.commit) f.commit = fragment.commit;
  return f;
}

/** Real line/column of [start, end) and the bounded context around it on its first line. */
function locate(fragment: Fragment, index: LineIndex, start: number, end: number) {
  const first = (fragment.lineOffset ?? 0) + 1;
  const realLine = (i: number): number => fragment.lineNumbers?.[i] ?? i + first;
  const line = index.lineOf(start);
  const lineStart = index.lineStart(line);
  const lastLine = index.lineOf(end - 1);
  const ctxStart = Math.max(lineStart, start - LINE_CONTEXT);
  const ctxEnd = Math.max(ctxStart, Math.min(index.lineEnd(line), Math.max(end, start + 1) + LINE_CONTEXT));
  return {
    path: fragment.path,
    line: realLine(line),
    column: start - lineStart + 1 + (line === 0 ? (fragment.columnOffset ?? 0) : 0),
    endLine: realLine(lastLine),
    endColumn: end - 1 - index.lineStart(lastLine) + 2 + (lastLine === 0 ? (fragment.columnOffset ?? 0) : 0),
    ctxStart,
    ctxEnd,
  };
}
