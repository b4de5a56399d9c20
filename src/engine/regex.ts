// Every rule regex — built-in, config rule, `allow` pattern, allowlist — is
// RE2 syntax (the dialect of gitleaks and Go) and runs on re2js, a pure
// JavaScript port of RE2 whose time is linear in the input whatever the
// pattern: no file, rule or config can stall a scan.
//
// Why re2js (measured on this project's 2-core machine, Node 20, on the
// 45,655 keyword lines (3.0 MB) of the bench tree, generic-assignment rule):
// - V8's backtracking RegExp: 20 ms, but exponential on patterns like
//   (a+)+$ and polynomial on most generic rules (a 628-byte file took 100 s);
// - re2js `test` (its lazy DFA): 38 ms; re2js `find` with capture groups
//   (NFA / bit-state): 1,740 ms — so we ask the DFA first and only extract
//   groups from the rare windows that match;
// - re2-wasm: ~5 µs fixed cost per call for UTF-8 conversion (9 ms per 1,000
//   short lines before any matching), and unmaintained since 2021;
// - V8's own linear engine (/l, behind a flag): refuses counted repetition
//   above a small bound ({48}), so most key formats cannot use it on Node 20;
// - a hybrid (V8 for patterns proven safe): recheck, the one automaton-based
//   checker on npm, falls back to fuzzing ("safe (fuzz)", no proof) on our
//   counted repetitions and takes 1.5–8 s per pattern.
// The native `re2` addon needs an install script and binaries from outside
// the registry, so it is not an option for `npm ci`.
// Tree scans add a faster linear engine in front (setFastEngine: Rust's
// regex in WASM, wasm-regex.ts). re2js still compiles a user's pattern
// first (it decides whether the pattern is valid, with which groups), and
// runs whatever that engine refuses; the package's own patterns, checked by
// the build, go straight to the faster engine.

import type { RE2JS } from "re2js";
import { re2js } from "./re2js.js";

/** A compiled RE2 pattern. Spans are UTF-16 offsets into the string searched. */
export interface Re2 {
  readonly source: string;
  /** Number of capture groups (named ones included). */
  readonly groupCount: number;
  /** Named group → its number. */
  readonly groupNames: Readonly<Record<string, number>>;
  /**
   * Is there a match in `text` starting at or after `from`? The DFA: the
   * cheapest question; it stops at the first match it sees. Characters
   * before `from` still count for `^` and `\b`.
   */
  test(text: string, from?: number): boolean;
  /**
   * Does a match start at offset 0 of `text.slice(at)`? The text before `at`
   * does not count (for `^` and `\b` the slice starts there). The anchored
   * DFA stops as soon as no match can start there.
   */
  testAtStart(text: string, at?: number): boolean;
  /** `exec` for a match that starts at offset 0 of `text.slice(at)`, its spans offsets into `text`; the anchored search stops as soon as it is settled. */
  execAtStart(text: string, at?: number): number[] | null;
  /**
   * The leftmost-first match starting at or after `from`, as flat spans
   * [start0, end0, start1, end1, …] for the whole match and each group
   * (-1 for a group that took no part), or null.
   */
  exec(text: string, from?: number): number[] | null;
}

/**
 * The constructs of other dialects (PCRE, JavaScript) that RE2 leaves out
 * because they cannot run in linear time, named so an error can say which.
 */
const FOREIGN: [RegExp, string][] = [
  [/^\(\?=/, "a lookahead"],
  [/^\(\?!/, "a negative lookahead"],
  [/^\(\?<=/, "a lookbehind"],
  [/^\(\?<!/, "a negative lookbehind"],
  [/^\(\?>/, "an atomic group"],
  [/^\\[1-9]/, "a backreference"],
  [/^\\k</, "a named backreference"],
  [/^[*+?}][+]/, "a possessive quantifier"],
];

/**
 * Calls `visit(i, escape)` at each position of the pattern `source` where a
 * character has syntax: outside character classes (POSIX ones included) and
 * `\Q…\E` literals. `escape` is true where a backslash starts an escape;
 * the escaped character itself is not visited. Stops as soon as `visit`
 * returns true, and returns whether it did. One pass: linear.
 */
export function walkPattern(source: string, visit: (i: number, escape: boolean) => boolean): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\" && source[i + 1] === "Q") {
      const end = source.indexOf("\\E", i + 2);
      if (end === -1) return false;
      i = end + 1;
      continue;
    }
    if (!inClass && visit(i, c === "\\")) return true;
    if (c === "\\") i++;
    else if (inClass) {
      if (source.startsWith("[:", i)) {
        const close = source.indexOf(":]", i + 2);
        if (close !== -1) i = close + 1; // a POSIX class such as [:alnum:]
      } else inClass = c !== "]";
    } else if (c === "[") {
      inClass = true;
      if (source[i + 1] === "^") i++;
      if (source[i + 1] === "]") i++; // a leading ] is a literal
    }
  }
  return false;
}

/**
 * The first construct in `source` that RE2 syntax does not have, with its
 * text, or undefined.
 */
export function foreignConstruct(source: string): { what: string; text: string; at: number } | undefined {
  let found: { what: string; text: string; at: number } | undefined;
  walkPattern(source, (i) => {
    // Each construct starts with one of these: most positions are settled without a slice or a RegExp.
    const c = source[i];
    if (c !== "(" && c !== "\\" && c !== "*" && c !== "+" && c !== "?" && c !== "}") return false;
    const rest = source.slice(i, i + 4);
    for (const [re, what] of FOREIGN) {
      const m = re.exec(rest);
      if (m) {
        found = { what, text: m[0], at: i };
        break;
      }
    }
    return found !== undefined;
  });
  return found;
}

export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegexSyntaxError";
  }
}

/**
 * Patterns compiled in this thread, by source: a config's patterns are
 * compiled when it is checked, and again by the rule and the allowlist that
 * use them (a .gitleaks.toml with gitleaks' full default config has 306, at
 * 1-2 ms each).
 */
const compiled = new Map<string, Re2>();

/**
 * Compiles like compileRe2 (throwing what it would) but keeps nothing: for patterns checked when
 * a config loads but compiled only if a scan needs them (allowlists may list
 * 200,000 regexes; any-pattern.ts compiles them in groups, lazily).
 */
export function checkRe2(source: string): Re2 {
  return compiled.get(source) ?? compileRe2js(source, false);
}

/**
 * Compiles an RE2 pattern (once per thread); throws RegexSyntaxError with a
 * clause naming the problem. `builtIn`: the pattern is one of the package's
 * own (a built-in rule's regex or allow pattern, a named check's shape),
 * which the build compiled in re2js already (scripts/rule-files.mjs), so a
 * faster engine may take it without re2js checking it again.
 */
export function compileRe2(source: string, builtIn = false): Re2 {
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = compileUncached(source, builtIn)));
  return re;
}

function compileUncached(source: string, builtIn: boolean): Re2 {
  // A built-in pattern on the faster engine costs no re2js compile (nor loading re2js at all): a
  // tree scan compiles a hundred or more, each taking 1-3 ms in re2js, and then never runs them there.
  const fast = builtIn ? fastEngine?.(source, undefined) : undefined;
  if (fast) return guarded(fast, () => compileRe2js(source));
  const slow = compileRe2js(source);
  const taken = builtIn ? undefined : fastEngine?.(source, slow);
  return taken ? guarded(taken, () => slow) : slow;
}

/**
 * `fast`, answered by re2js from its first failure on: a WebAssembly trap
 * (a panic in Rust's regex, such as 1.7's in is_match_at past offset 0 of a
 * pattern anchored at the end, `a+$`, which wasm/lib.rs no longer calls that
 * way; a panic leaves that regex unusable) must cost neither the question
 * asked nor the rest of the scan, so the question is asked again of re2js,
 * which then answers every later one.
 */
function guarded(fast: Re2, slowEngine: () => Re2): Re2 {
  let engine = fast;
  const ask =
    <A extends unknown[], R>(question: (re: Re2, ...args: A) => R) =>
    (...args: A): R => {
      try {
        return question(engine, ...args);
      } catch (err) {
        if (!(err instanceof WebAssembly.RuntimeError) || engine !== fast) throw err;
        engine = slowEngine();
        return question(engine, ...args);
      }
    };
  return {
    source: fast.source,
    groupCount: fast.groupCount,
    groupNames: fast.groupNames,
    test: ask((re, text: string, from?: number) => re.test(text, from)),
    testAtStart: ask((re, text: string, at?: number) => re.testAtStart(text, at)),
    exec: ask((re, text: string, from?: number) => re.exec(text, from)),
    execAtStart: ask((re, text: string, at?: number) => re.execAtStart(text, at)),
  };
}

/**
 * The faster linear engine a scan may install (commands/wasm-engine.ts:
 * Rust's regex in WASM): given a valid RE2 pattern, the same regex on that
 * engine, or undefined where it does not take the pattern (re2js runs it).
 * `groups` are re2js's for a pattern it compiled: a user's pattern is
 * compiled in re2js first, which says whether it is valid, with what
 * groups; the engine refuses it if it numbers them differently. A built-in
 * pattern comes without (its numbering is checked by the tests).
 */
export type FastEngine = (source: string, groups: Groups | undefined) => Re2 | undefined;
/** A pattern's groups: how many (the whole match not counted), and the named ones' numbers. */
export type Groups = Pick<Re2, "groupCount" | "groupNames">;
let fastEngine: FastEngine | undefined;

/** Installs (or, with undefined, removes) the faster engine for the patterns this thread compiles from now on. */
export function setFastEngine(engine: FastEngine | undefined): void {
  if (engine === fastEngine) return;
  fastEngine = engine;
  compiled.clear(); // a pattern compiled before runs on the engine in force when it is asked for again
}

/** `source` on re2js alone (no faster engine), its program cached when `store`. */
export function compileRe2js(source: string, store = true): Re2 {
  // A stored program was compiled from this very source, which passed every check below then.
  const stored = store ? programStore?.load(source) : undefined;
  if (stored) return wrap(source, stored);
  const foreign = foreignConstruct(source);
  if (foreign) {
    throw new RegexSyntaxError(
      `uses ${foreign.what} "${foreign.text}" at character ${foreign.at + 1}, which RE2 syntax does not have (rules are linear-time: no lookaround or backreference; move such tests into "require", "reject", "allow" or "stopwords")`,
    );
  }
  let re: RE2JS;
  try {
    re = re2js().compile(source);
  } catch (err) {
    throw new RegexSyntaxError(`is not valid RE2 syntax (${String((err as Error).message).replace(/^error parsing regexp: /, "")})`);
  }
  if (store) programStore?.compiled(source, re);
  return wrap(source, re);
}

/**
 * Where compiled programs may be kept between runs (commands/program-cache.ts
 * keeps them on disk; re2-snapshot.ts turns them into data): `load` returns
 * a program compiled from exactly `source` earlier, `compiled` is told of
 * each new one before it first matches.
 */
export interface ProgramStore {
  load(source: string): RE2JS | undefined;
  compiled(source: string, re: RE2JS): void;
}
let programStore: ProgramStore | undefined;

/** Installs (or, with undefined, removes) the store this thread's compiles consult. */
export function setProgramStore(store: ProgramStore | undefined): void {
  programStore = store;
}

/**
 * re2js's public `test` searches unanchored from offset 0 only. Its engine
 * (the RE2 object behind an RE2JS, `re2Input`) takes a start offset and an
 * anchor: a start offset keeps a search that resumes after a match linear,
 * and an anchored DFA settles "does a match start here?" in a few
 * characters. re2js is pinned to an exact version for this; the engine
 * tests fail if these internals move.
 */
interface Engine {
  /** [found, flat spans of `ngroup` groups (the whole match first)]; spans are offsets into `input`. */
  matchWithGroup(input: string, start: number, end: number, anchor: number, ngroup: number): [boolean, unknown];
}
const UNANCHORED = 0;
const ANCHOR_START = 1;

function wrap(source: string, re: RE2JS): Re2 {
  const groupCount = re.groupCount();
  const groupNames = re.namedGroups() as Record<string, number>;
  const engine = (re as unknown as { re2Input: Engine }).re2Input;
  return {
    source,
    groupCount,
    groupNames,
    test: (text, from = 0) => engine.matchWithGroup(text, from, text.length, UNANCHORED, 0)[0],
    testAtStart: (text, at = 0) => engine.matchWithGroup(at ? text.slice(at) : text, 0, text.length - at, ANCHOR_START, 0)[0],
    exec(text, from = 0) {
      const [found, spans] = engine.matchWithGroup(text, from, text.length, UNANCHORED, groupCount + 1);
      return found ? (spans as number[]) : null;
    },
    execAtStart(text, at = 0) {
      const rest = at ? text.slice(at) : text;
      const [found, spans] = engine.matchWithGroup(rest, 0, rest.length, ANCHOR_START, groupCount + 1);
      if (!found) return null;
      return at ? (spans as number[]).map((x) => (x < 0 ? x : x + at)) : (spans as number[]);
    },
  };
}
