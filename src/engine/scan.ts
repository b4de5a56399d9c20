// Text → Findings. Pure: no file system, git, clock or console.
//
// For each rule, the keyword prefilter yields the places where the rule could
// match; the rule's regex runs only on a bounded window around each place
// (the place's line, or a few KB for multi-line rules). Regexes are RE2 run
// by a linear-time engine (regex.ts), and every step around them is linear
// too, so no input and no pattern can stall a scan.

import { appendAll } from "./append.js";
import type { CompiledRule } from "./compile.js";
import { findEncodedRuns } from "./encoded.js";
import { dropOverlaps, ruleFields, toFindings } from "./findings.js";
import type { TokenCounter } from "./generic.js";
import { LineIndex } from "./lines.js";
import { Prefilter } from "./prefilter.js";
import { fingerprintOf } from "./redact.js";
import type { Finding, Fragment } from "./types.js";
import { collectLedMatches, collectMatches, relativeTo, secretSlot, type GenericCandidate, type RawMatch, type Sink } from "./window-search.js";
import { WindowMemo } from "./window-memo.js";
import { hitAfter, regionsFor, wholeText } from "./windows.js";


/**
 * Characters a scan sees before it asks the DFA first. A DFA builds its
 * states as it meets them, which a pre-commit diff of a few KB never repays
 * (a 5-file staged scan spent 20 ms building states); below this, windows go
 * straight to the search that reports groups (one-pass, bit-state or NFA:
 * linear too).
 */
const DFA_AFTER = 64 * 1024;

/** File names whose rule applicability is remembered (PathFacts); the cache starts over beyond this. */
const NAME_CACHE = 4096;

interface PathFacts {
  /** By position in Scanner.pathLimited: 1 when that rule's `paths` do not match. */
  off: Uint8Array;
  /** The path rules whose globs match. */
  pathRules: CompiledRule[];
}

export type PathMatcher = (path: string, globs: string[]) => boolean;

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

