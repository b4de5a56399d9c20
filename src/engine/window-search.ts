// One rule's regex on one window, and what a match must pass to be kept:
// its secret's length, placeholders and published samples, the rule's
// stopwords, allow patterns, checks and entropy floor, and for a generic
// rule the judge (generic.ts), which may also lower its severity.

import type { CompiledRule } from "./compile.js";
import { shannonEntropy } from "./entropy.js";
import { judgeGeneric, type JudgeInput, type TokenCounter } from "./generic.js";
import { hasStopword, isPlaceholder } from "./placeholders.js";
import { isPublishedSample } from "./published-samples.js";
import { severityRank, type Severity } from "./types.js";
import type { WindowMatch } from "./window-memo.js";
import { hitAfter, type Region } from "./windows.js";

/** Maximum length of a secret; longer matches are runaway regexes, not keys. */
const MAX_SECRET = 16384;

export interface RawMatch {
  rule: CompiledRule;
  ruleIndex: number;
  /** Span in the fragment's text: the secret, or the encoded run it was decoded from. */
  start: number;
  end: number;
  secret: string;
  /** The whole match, when it is more than the secret. */
  match?: string;
  entropy: number;
  /** The rule's severity, or the generic judge's verdict. */
  severity: Severity;
  /** Set when the secret came out of an encoded run. */
  encoding?: string;
}

/** A generic rule's candidate as the judge receives it, with where it is in the fragment's text (for training the judge). */
export interface GenericCandidate {
  ruleId: string;
  kind: NonNullable<CompiledRule["judge"]>;
  input: JudgeInput;
  start: number;
  end: number;
}

/** Where accepted matches go, and what judging them needs. */
export interface Sink {
  rule: CompiledRule;
  ruleIndex: number;
  out: RawMatch[];
  tokens: TokenCounter | undefined;
  /** The fragment's path: context for the generic judge. */
  path: string;
  onCandidate: ((c: GenericCandidate) => void) | undefined;
}

/** Searches a whole window (the region's text) for a rule's matches. */
export function collectMatches(window: string, region: Region, sink: Sink, dfa: boolean): void {
  const re = sink.rule.regex;
  let m: number[] | null;
  // The DFA answers "any match from here?" far faster than the search that
  // reports groups (NFA), so the NFA only runs where a match is known to be.
  for (let from = 0; from <= window.length && (!dfa || re.test(window, from)) && (m = re.exec(window, from)) !== null; ) {
    from = accept(m, window, region, sink);
  }
}

/**
 * A keyword-led rule (leading.ts) can only match where a keyword hit is, or
 * one boundary character before it; a line-led one only at its window's
 * start: ask the anchored DFA there, a question it settles in a few
 * characters, instead of searching each hit's line. `k` is the first hit not
 * yet looked at (hits are sorted); returns the first one after this window.
 */
export function collectLedMatches(window: string, region: Region, hits: number[], k: number, sink: Sink, dfa: boolean): number {
  const rule = sink.rule;
  const leading = rule.leading!;
  const re = rule.regex;
  if (leading.kind === "line") {
    const m = !dfa || re.testAtStart(window) ? re.execAtStart(window) : null;
    if (m) accept(m, window, region, sink);
    return hitAfter(hits, k, region.end);
  }
  const boundary = leading.boundary;
  let next = 0; // no match may start before this offset: the last one's secret ran to here
  for (; k < hits.length && hits[k]! < region.end; k++) {
    const h = hits[k]! - region.start;
    if (h < 0) continue;
    const p = boundary && h > 0 ? h - 1 : h;
    if (p < next) continue;
    // Asked of window.slice(p): the WASM engine searches its copy of the window from there.
    if (dfa && !re.testAtStart(window, p)) continue;
    const m = re.execAtStart(window, p);
    if (m) next = accept(m, window, region, sink);
  }
  return k;
}

/** A match as the memo keeps it: relative to its window, without the rule (the memo is per rule). */
export function relativeTo(m: RawMatch, origin: number): WindowMatch {
  return { start: m.start - origin, end: m.end - origin, secret: m.secret, match: m.match, entropy: m.entropy, severity: m.severity };
}

/** Keeps one match if its secret passes the rule's checks; returns the offset where the search resumes. */
function accept(m: number[], window: string, region: Region, sink: Sink): number {
  const { rule, ruleIndex, out } = sink;
  const ms = m[0]!;
  const me = m[1]!;
  const g = secretSlot(m, rule.secretGroup);
  const s = m[g]!;
  const e = m[g + 1]!;
  // Resume after the secret, not the match: a boundary character the match
  // consumed after one key may be the one before the next ("k1,k2").
  const resume = s >= 0 && e > ms ? e : Math.max(me, ms + 1);
  // A match touching a hard cut may be a piece of a longer token: skip it.
  if ((region.hardStart && ms === 0) || (region.hardEnd && me === window.length)) return resume;
  if (s < 0 || e === s || e - s > MAX_SECRET) return resume;
  const secret = window.slice(s, e);
  if (!passes(rule, secret, m, window)) return resume;
  const entropy = shannonEntropy(secret);
  if (rule.entropy !== undefined && entropy < rule.entropy) return resume;
  let severity = rule.severity;
  if (rule.judge) {
    const input = judgeInput(rule, m, window, s, e, sink.path);
    sink.onCandidate?.({ ruleId: rule.id, kind: rule.judge, input, start: region.start + s, end: region.start + e });
    const verdict = judgeGeneric(rule.judge, input, sink.tokens);
    if (!verdict) return resume;
    severity = lower(severity, verdict);
  }
  const match = ms === s && me === e ? undefined : window.slice(ms, me);
  out.push({ rule, ruleIndex, start: region.start + s, end: region.start + e, secret, entropy, severity, ...(match !== undefined ? { match } : {}) });
  return resume;
}

/** Longest stretch of the line on each side of a value that the judge reads. */
const JUDGE_LINE = 200;

/** What the generic judge reads about a candidate at [s, e) of `window`: the value, its name and host, the rule, the path and the line. */
function judgeInput(rule: CompiledRule, m: number[], window: string, s: number, e: number, path: string): JudgeInput {
  const lineStart = Math.max(window.lastIndexOf("\n", s - 1) + 1, s - JUDGE_LINE);
  let lineEnd = window.indexOf("\n", e);
  if (lineEnd < 0 || lineEnd > e + JUDGE_LINE) lineEnd = Math.min(window.length, e + JUDGE_LINE);
  const name = nameOf(rule, m, window);
  const host = groupText(m, rule.hostGroup, window);
  return {
    secret: window.slice(s, e),
    ...(name !== undefined ? { name } : {}),
    ...(host !== undefined ? { host } : {}),
    ruleId: rule.id,
    path,
    line: window.slice(lineStart, lineEnd),
    column: s - lineStart,
  };
}

/**
 * Where the secret's span sits in a match's flat spans. Alternatives may
 * capture the secret in groups of their own ("nfp_… | netlify_token = (…)"):
 * when `secretGroup` took no part, the first later group that did holds it.
 */
export function secretSlot(m: number[], secretGroup: number): number {
  let g = 2 * secretGroup;
  while (g > 0 && m[g]! < 0 && g + 2 < m.length) g += 2;
  return g;
}

/** The checks on a captured secret: placeholders, the rule's stopwords, allow patterns and named checks. */
function passes(rule: CompiledRule, secret: string, m: number[], window: string): boolean {
  if (rule.maxLength !== undefined && secret.length > rule.maxLength) return false;
  if (!rule.credentialStore && isPlaceholder(secret) && !rule.checksum?.(secret)) return false;
  if (isPublishedSample(secret)) return false;
  if (hasStopword(secret, rule.stopwords)) return false;
  if (rule.allow.some((a) => a.test(secret))) return false;
  const checks = rule.checks;
  if (checks.length === 0) return true;
  const name = nameOf(rule, m, window);
  return checks.every((c) => c.pass({ secret, name }));
}

/** The setting name a match captured (the first `name…` group that took part). */
function nameOf(rule: CompiledRule, m: number[], window: string): string | undefined {
  const ng = rule.nameGroups.find((g) => m[2 * g]! >= 0);
  return groupText(m, ng, window);
}

function groupText(m: number[], g: number | undefined, window: string): string | undefined {
  return g !== undefined && m[2 * g]! >= 0 ? window.slice(m[2 * g], m[2 * g + 1]) : undefined;
}

/** The less severe of two severities. */
function lower(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
