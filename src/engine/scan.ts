// Text → Findings. Pure: no file system, git, clock or console.
//
// For each rule, the keyword prefilter yields the places where the rule could
// match; the rule's regex runs only on a bounded window around each place
// (the place's line, or a few KB for multi-line rules). Regexes are RE2 run
// by a linear-time engine (regex.ts), and every step around them is linear
// too, so no input and no pattern can stall a scan.

import { appendAll } from "./append.js";
import type { CompiledRule } from "./compile.js";
import { shannonEntropy } from "./entropy.js";
import { findEncodedRuns } from "./encoded.js";
import { judgeGeneric, type JudgeInput, type TokenCounter } from "./generic.js";
import { boundedLineEnd, boundedLineStart, LineIndex } from "./lines.js";
import { hasStopword, isPlaceholder } from "./placeholders.js";
import { isPublishedSample } from "./published-samples.js";
import { Prefilter } from "./prefilter.js";
import { fingerprintOf, redactSecret } from "./redact.js";
import { SEVERITIES, type Finding, type Fragment, type Severity } from "./types.js";
import { WindowMemo, type WindowMatch } from "./window-memo.js";

/** Longest stretch of a line kept in Finding.lineText on each side of the secret. */
const LINE_CONTEXT = 120;
/**
 * Characters a scan sees before it asks the DFA first. A DFA builds its
 * states as it meets them, which a pre-commit diff of a few KB never repays
 * (a 5-file staged scan spent 20 ms building states); below this, windows go
 * straight to the search that reports groups (one-pass, bit-state or NFA:
 * linear too).
 */
const DFA_AFTER = 64 * 1024;
/** Maximum length of a secret; longer matches are runaway regexes, not keys. */
const MAX_SECRET = 16384;

/** File names whose rule applicability is remembered (PathFacts); the cache starts over beyond this. */
const NAME_CACHE = 4096;

interface PathFacts {
  /** By position in Scanner.pathLimited: 1 when that rule's `paths` do not match. */
  off: Uint8Array;
  /** The path rules whose globs match. */
  pathRules: CompiledRule[];
}

interface Region {
  start: number;
  end: number;
  hardStart: boolean;
  hardEnd: boolean;
}

interface RawMatch {
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

export type PathMatcher = (path: string, globs: string[]) => boolean;

/** A generic rule's candidate as the judge receives it, with where it is in the fragment's text (for training the judge). */
export interface GenericCandidate {
  ruleId: string;
  kind: NonNullable<CompiledRule["judge"]>;
  input: JudgeInput;
  start: number;
  end: number;
}

export class Scanner {
  private readonly prefilter: Prefilter;
  private readonly pathRules: CompiledRule[];
  /** Indexes of the content rules limited to some files (`paths`): checked once per fragment, before the prefilter. */
  private readonly pathLimited: number[];
  /** Scratch, per fragment: 1 for a path-limited rule that does not apply here, so its keyword hits are dropped at once. */
  private readonly off: Uint8Array;
  /**
   * Per file name: which path-limited rules apply (1 = off, by position in
   * `pathLimited`) and which path rules' globs match, for the rules whose
   * globs look at the base name alone (.npmrc or *.php in any directory: most
   * of them). Glob matching every rule on every fragment cost more than the
   * keyword pass on a history's small diffs, and a tree scan meets each path
   * once, but a few hundred names (index.js, package.json) make most files. Bounded.
   */
  private readonly byName = new Map<string, PathFacts>();
  /** Positions in `pathLimited`, and the path rules, whose globs look at more than the base name. */
  private readonly dirLimited: number[];
  private readonly dirPathRules: CompiledRule[];
  /** By position in `pathLimited`: 1 when that rule's globs look at the base name alone. */
  private readonly limitedByName: Uint8Array;
  private readonly namePathRules: CompiledRule[];
  /** Scratch, per fragment: each rule's keyword hits, and the rules hit, in the order of their first hit. */
  private readonly hitLists: (number[] | undefined)[];
  private readonly hitRules: number[] = [];
  /** The prefilter's callback, made once (not a closure per fragment). */
  private readonly onHit: (ruleIndex: number, pos: number) => void;
  private readonly dfaAfter: number;
  private readonly tokens: TokenCounter | undefined;
  private readonly onCandidate: ((c: GenericCandidate) => void) | undefined;
  /** What each rule found in windows it searched before (window-memo.ts). */
  private readonly memo = new WindowMemo();

  /**
   * @param pathMatches decides whether a rule's `paths` globs apply to a
   *   fragment path; injected so the engine stays free of any glob library.
   * @param options.nameOnly says whether `pathMatches` decides a list of globs by the path's base name
   *   alone (so its verdict can be kept per name); by default no list is taken to.
   * @param options.dfaAfter characters scanned before windows ask the DFA first (tests pass 0 or Infinity).
   * @param options.tokens counts BPE tokens for the generic judge (generic.ts); injected, and loaded
   *   by the caller only when a generic candidate first needs judging, so the engine stays pure.
   * @param options.onCandidate is told of every generic candidate before it is judged (the judge's
   *   training script, scripts/judge/); windows are then never answered from the memo.
   */
  constructor(
    readonly rules: CompiledRule[],
    private readonly pathMatches: PathMatcher = () => false,
    options: { automatonAfter?: number; dfaAfter?: number; tokens?: TokenCounter; nameOnly?: (globs: string[]) => boolean; onCandidate?: (c: GenericCandidate) => void } = {},
  ) {
    this.dfaAfter = options.dfaAfter ?? DFA_AFTER;
    this.tokens = options.tokens;
    this.onCandidate = options.onCandidate;
    this.prefilter = new Prefilter(rules, options.automatonAfter);
    this.pathRules = rules.filter((r) => r.target === "path");
    this.pathLimited = rules.flatMap((r, i) => (r.target === "content" && r.paths ? [i] : []));
    const nameOnly = options.nameOnly ?? (() => false);
    this.limitedByName = Uint8Array.from(this.pathLimited, (i) => (nameOnly(rules[i]!.paths!) ? 1 : 0));
    this.dirLimited = this.pathLimited.flatMap((_, k) => (this.limitedByName[k] ? [] : [k]));
    this.namePathRules = this.pathRules.filter((r) => nameOnly(r.paths!));
    this.dirPathRules = this.pathRules.filter((r) => !nameOnly(r.paths!));
    this.off = new Uint8Array(rules.length);
    this.hitLists = new Array<number[] | undefined>(rules.length).fill(undefined);
    const off = this.off;
    const lists = this.hitLists;
    const hitRules = this.hitRules;
    this.onHit = (ruleIndex, pos) => {
      if (off[ruleIndex] === 1) return;
      const list = lists[ruleIndex];
      if (list === undefined) {
        lists[ruleIndex] = [pos];
        hitRules.push(ruleIndex);
      } else list.push(pos);
    };
  }

  scan(fragment: Fragment): Finding[] {
    const findings = this.pathRules.length && !fragment.continued ? this.scanPath(fragment) : [];
    if (fragment.binary || fragment.text.length === 0) return findings;
    const { matches, base64 } = this.match(fragment.path, fragment.text, fragment.bytes); // overlaps already dropped
    const encoded = this.matchEncoded(fragment, base64);
    // A base64 run may match a generic rule as it stands and a provider rule once decoded: keep the better one.
    const all = encoded.length ? dropOverlaps(matches.concat(encoded)) : matches;
    if (all.length) appendAll(findings, toFindings(fragment, all));
    return findings;
  }

  /**
   * Matches of the content rules in `text`, one per secret, and the base64
   * spans the prefilter met on its pass (when it collected them).
   */
  private match(path: string, text: string, bytes?: Uint8Array): { matches: RawMatch[]; base64: number[] | undefined } {
    // Rules for other kinds of files (wp-config.php's "_key", a shell profile's
    // "export") would otherwise collect every hit of their common keywords.
    const off = this.off;
    const limited = this.pathLimited;
    if (limited.length > 0) {
      const facts = this.factsOf(path);
      for (let k = 0; k < limited.length; k++) off[limited[k]!] = facts.off[k]!;
    }
    const lists = this.hitLists;
    for (const i of this.hitRules.splice(0)) lists[i] = undefined; // left by a scan that threw
    const base64 = this.prefilter.scan(text, this.onHit, bytes);
    for (const i of this.prefilter.alwaysOn) {
      if (off[i] === 1) continue;
      if (lists[i] === undefined) this.hitRules.push(i);
      lists[i] = [0];
    }
    // No early return for a text without hits, nor a test for "no match" below: a path that most
    // fragments skip is one V8's optimised code has never seen, and meeting it costs a rebuild.
    // Rules in the order of their first hit; the scratch lists are cleared before any rule runs.
    const hitRules = this.hitRules.splice(0);
    const hitsOf = objectArray<number[]>();
    for (const i of hitRules) {
      hitsOf.push(lists[i]!);
      lists[i] = undefined;
    }
    const raw = objectArray<RawMatch>();
    const index = new LineIndex(text); // built on first use, shared by every rule's windows
    const dfa = this.prefilter.scanned > this.dfaAfter;
    for (let r = 0; r < hitRules.length; r++) {
      const ruleIndex = hitRules[r]!;
      const hits = hitsOf[r]!;
      const rule = this.rules[ruleIndex]!;
      const pathRegex = rule.pathRegex;
      if (pathRegex && !pathRegex.test(path)) continue;
      const regions = rule.keywords.length === 0 ? [wholeText(text)] : regionsFor(text, index, hits, rule);
      // Windows where the rule's pattern cannot match (precheck.ts) go before any regex runs.
      const precheck = rule.precheck;
      if (precheck) {
        let kept = 0;
        for (const r of regions) if (precheck(text, r.start, r.end)) regions[kept++] = r;
        if (kept === 0) continue;
        regions.length = kept;
      }
      const sink: Sink = { rule, ruleIndex, out: raw, tokens: this.tokens, path, onCandidate: this.onCandidate };
      const keyed = rule.keywords.length > 0; // else one window, the whole text: not kept
      const led = rule.leading !== undefined && keyed;
      let k = 0; // the next keyword hit a keyword-led search looks at
      for (const region of regions) {
        // Windows cut in the middle of a line depend on more than their text: never kept.
        const remembered = keyed && sink.onCandidate === undefined && !region.hardStart && !region.hardEnd && WindowMemo.fits(text.length, region.end - region.start);
        const window = text.slice(region.start, region.end); // one slice: the memo's key and the search's text
        // The judge reads the file's path too (test/, docs/, extension): a judged rule's window is kept per path.
        const key = remembered && rule.judge !== undefined ? `${path}\0${window}` : window;
        const known = remembered ? this.memo.get(ruleIndex, key) : undefined;
        if (known !== undefined) {
          for (const m of known) raw.push({ ...m, rule, ruleIndex, start: region.start + m.start, end: region.start + m.end });
          k = hitAfter(hits, k, region.end);
          continue;
        }
        const before = raw.length;
        if (led) k = collectLedMatches(window, region, hits, k, sink, dfa);
        else collectMatches(window, region, sink, dfa);
        if (remembered) this.memo.set(ruleIndex, key, raw.slice(before).map((m) => relativeTo(m, region.start)));
      }
    }
    return { matches: dropOverlaps(raw), base64 };
  }

  private factsOf(path: string): PathFacts {
    const byName = this.nameFactsOf(path.slice(path.lastIndexOf("/") + 1));
    // The rules whose globs name directories (.kube/config) are asked each time: their name tests fail fast.
    let on: number[] | undefined;
    for (const k of this.dirLimited) if (this.pathMatches(path, this.rules[this.pathLimited[k]!]!.paths!)) (on ??= []).push(k);
    let dirRules: CompiledRule[] | undefined;
    for (const rule of this.dirPathRules) if (this.pathMatches(path, rule.paths!)) (dirRules ??= []).push(rule);
    if (on === undefined && dirRules === undefined) return byName;
    const off = byName.off.slice();
    for (const k of on ?? []) off[k] = 0;
    // In the rules' order, as one pass over every path rule would list them.
    const pathRules = dirRules === undefined ? byName.pathRules : this.pathRules.filter((r) => byName.pathRules.includes(r) || dirRules.includes(r));
    return { off, pathRules };
  }

  /** The facts of the rules decided by base name; the others are off and out, for factsOf to decide. */
  private nameFactsOf(name: string): PathFacts {
    let facts = this.byName.get(name);
    if (facts === undefined) {
      if (this.byName.size >= NAME_CACHE) this.byName.clear();
      const byName = this.limitedByName;
      facts = {
        off: Uint8Array.from(this.pathLimited, (i, k) => (byName[k] === 1 && this.pathMatches(name, this.rules[i]!.paths!) ? 0 : 1)),
        pathRules: this.namePathRules.filter((rule) => this.pathMatches(name, rule.paths!)),
      };
      this.byName.set(name, facts);
    }
    return facts;
  }

  /** Files that should never be committed, whatever they hold. */
  private scanPath(fragment: Fragment): Finding[] {
    const out: Finding[] = [];
    for (const rule of this.factsOf(fragment.path).pathRules) {
      const m = rule.regex.exec(fragment.path);
      if (!m) continue;
      const g = secretSlot(m, rule.secretGroup);
      const at = m[g]!;
      if (at < 0 || m[g + 1] === at) continue;
      const name = fragment.path.slice(at, m[g + 1]);
      out.push({
        ...ruleFields(rule),
        path: fragment.path,
        line: fragment.lineNumbers?.[0] ?? (fragment.lineOffset ?? 0) + 1,
        column: 1,
        endLine: fragment.lineNumbers?.[0] ?? (fragment.lineOffset ?? 0) + 1,
        endColumn: 1,
        secret: name,
        redacted: name, // a file name is not a secret
        fingerprint: fingerprintOf(rule.id, fragment.path),
        lineText: fragment.path,
        lineTextColumn: at + 1,
        source: fragment.source,
        ...(fragment.commit ? { commit: fragment.commit } : {}),
      });
    }
    return out;
  }

  /**
   * Secrets inside base64 or percent-encoded runs, placed at the encoded
   * text. Decoded text is scanned once more for a second layer (a base64
   * docker config holding a base64 auth string).
   */
  private matchEncoded(fragment: Fragment, base64: number[] | undefined): RawMatch[] {
    const out: RawMatch[] = [];
    for (const run of findEncodedRuns(fragment.text, base64)) {
      const first = this.match(fragment.path, run.decoded);
      const inner = first.matches;
      for (const r of findEncodedRuns(run.decoded, first.base64)) appendAll(inner, this.match(fragment.path, r.decoded).matches);
      for (const m of inner) out.push({ ...m, start: run.start, end: run.end, encoding: run.encoding });
    }
    return out;
  }
}

/** Where accepted matches go, and what judging them needs. */
interface Sink {
  rule: CompiledRule;
  ruleIndex: number;
  out: RawMatch[];
  tokens: TokenCounter | undefined;
  /** The fragment's path: context for the generic judge. */
  path: string;
  onCandidate: ((c: GenericCandidate) => void) | undefined;
}

function ruleFields(rule: CompiledRule) {
  return { ruleId: rule.id, provider: rule.provider, description: rule.description, severity: rule.severity, revoke: rule.revoke };
}

/**
 * An empty array already of the kind that holds objects. A `[]` starts as an
 * array of small integers and changes kind at its first object: V8 then threw
 * away match()'s optimised code, built when most fragments had no match
 * (twice per history scan, ~30 ms of compiling each time).
 */
function objectArray<T extends object>(): T[] {
  const a: T[] = [OBJECT_KIND as T];
  a.pop();
  return a;
}
const OBJECT_KIND = {};

function wholeText(text: string): Region {
  return { start: 0, end: text.length, hardStart: false, hardEnd: false };
}

function isSorted(xs: number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false;
  return true;
}

/** Merged windows around the keyword hits of one rule. */
function regionsFor(text: string, index: LineIndex, hits: number[], rule: CompiledRule): Region[] {
  const regions: Region[] = [];
  const w = rule.window;
  const multiline = rule.multiline; // read once: rules' fields are getters (compile.ts), and this loop runs per keyword hit
  // The automaton reports a hit where its keyword ends, so a long keyword may
  // arrive after a short one that starts later.
  if (!isSorted(hits)) hits.sort((a, b) => a - b);
  for (const pos of hits) {
    const last = regions[regions.length - 1];
    // A hit on a line already taken whole adds nothing (keywords like "key" recur on a line).
    if (last && !multiline && pos < last.end && !last.hardStart && !last.hardEnd) continue;
    // Single-line rules see the hit's line; multi-line rules the lines within `window` of it.
    const s = boundedLineStart(index, multiline ? Math.max(0, pos - w) : pos, w);
    const e = boundedLineEnd(index, multiline ? Math.min(text.length, pos + w) : pos, w);
    if (last && s.at <= last.end) {
      if (e.at > last.end) {
        last.end = e.at;
        last.hardEnd = e.hard;
      }
    } else {
      regions.push({ start: s.at, end: e.at, hardStart: s.hard, hardEnd: e.hard });
    }
  }
  return regions;
}

/** Searches a whole window (the region's text) for a rule's matches. */
function collectMatches(window: string, region: Region, sink: Sink, dfa: boolean): void {
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
function collectLedMatches(window: string, region: Region, hits: number[], k: number, sink: Sink, dfa: boolean): number {
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

/** The first of the sorted `hits` from `k` on at or after `end`. */
function hitAfter(hits: number[], k: number, end: number): number {
  while (k < hits.length && hits[k]! < end) k++;
  return k;
}

/** A match as the memo keeps it: relative to its window, without the rule (the memo is per rule). */
function relativeTo(m: RawMatch, origin: number): WindowMatch {
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
function secretSlot(m: number[], secretGroup: number): number {
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

/** 0 for high, 1 medium, 2 low. */
const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** The less severe of two severities. */
function lower(a: Severity, b: Severity): Severity {
  return rank(a) >= rank(b) ? a : b;
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
function dropOverlaps(raw: RawMatch[]): RawMatch[] {
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
        : rank(m.severity) < rank(k.severity) ||
          (rank(m.severity) === rank(k.severity) && m.ruleIndex < k.ruleIndex);
    if (better) kept[clash] = m;
  }
  return kept;
}

function toFindings(fragment: Fragment, matches: RawMatch[]): Finding[] {
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
