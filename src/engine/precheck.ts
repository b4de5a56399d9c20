// A necessary condition for a rule's match, read off its pattern and tested
// by a plain loop over a window before any regex runs.
//
// Most rules capture the secret as one character class repeated at least m
// times, with single characters pinned on either side: the generic
// assignment rule ends `…["'\x60]([A-Za-z0-9+/=_.!@#%^&*,:;?|-]{12,})["'\x60]`.
// A window without a quote, twelve such characters and a quote in a row
// cannot match, whatever the rest of the pattern says, and on a history most
// keyword windows are like that (8 of 10 on the bench's: `token` in code,
// not in an assignment of a long literal). The regex engine would find that
// out too, but an unanchored search of a large pattern costs ~25 µs a window;
// this loop costs a few hundred nanoseconds.
//
// Soundness: the condition is read off the pattern's top-level
// concatenation (none when the pattern has a top-level `|`), with the
// unquantified groups in it that are concatenations themselves opened up,
// so every match spells each of those atoms, in that order, right next to
// each other: the repeated class (at least its minimum count) and, when they
// are single mandatory characters, its neighbours. Every set is a superset of
// what the regex accepts there (case folding adds both cases and all
// non-ASCII characters for letters; anything non-ASCII or unknown counts as
// a member), and lengths are counted in UTF-16 units, never fewer than the
// regex's runes. Syntax this reader does not know makes it derive less (no
// neighbour, a group left closed) or nothing (no precheck), never a stronger
// condition. One small RE2 reader for this alone: the file is long for that.

import { isLower, isUpper } from "./ascii.js";
import { walkPattern } from "./regex.js";

/** A set of characters: ASCII as four 32-bit masks; every non-ASCII UTF-16 unit is in or out together. */
interface CharSet {
  ascii: number[];
  nonAscii: boolean;
}

/** The test: may the regex match somewhere in text[start, end)? False only when it cannot. */
export type Precheck = (text: string, start: number, end: number) => boolean;

type Atom =
  | { kind: "set"; set: CharSet; min: number; max: number }
  /** A group: its content is source[from, to). */
  | { kind: "group"; from: number; to: number; fold: boolean; min: number; max: number }
  | { kind: "other"; min: number; max: number };

const ONE = { min: 1, max: 1 };

/** Repeats shorter than this make too weak a test to pay for its loop, unless a pinned character sits beside them. */
const MIN_BODY = 8;
const MIN_FLANKED_BODY = 3;

/**
 * The precheck for `source` (RE2 syntax, flags already inlined), or
 * undefined when none worth testing can be proven.
 */
export function secretPrecheck(source: string): Precheck | undefined {
  const atoms = mandatorySequence(source);
  if (!atoms) return undefined;
  // The body: the repeated set with the largest minimum (the secret's characters, usually).
  const flank = (a: Atom | undefined): CharSet | undefined => (a?.kind === "set" && a.min >= 1 ? a.set : undefined);
  let b = -1;
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (a.kind !== "set" || (b >= 0 && a.min <= atoms[b]!.min)) continue;
    if (a.min >= MIN_BODY || (a.min >= MIN_FLANKED_BODY && (flank(atoms[i - 1]) || flank(atoms[i + 1])))) b = i;
  }
  const body = atoms[b];
  if (!body || body.kind !== "set") return undefined;
  return runTest(flank(atoms[b - 1]), body.set, body.min, flank(atoms[b + 1]));
}

/**
 * The pattern's top-level concatenation, with the groups in it that are
 * concatenations themselves (captures included, unquantified) opened up, so
 * neighbours in the list are neighbours in every match. Undefined when the
 * pattern has a top-level `|` or syntax this reader does not follow.
 */
function mandatorySequence(source: string): Atom[] | undefined {
  const closeOf = groupEnds(source);
  if (!closeOf) return undefined;
  const top = parseConcat(source, 0, source.length, false, closeOf);
  if (!top) return undefined;
  const out: Atom[] = [];
  const open = (atoms: Atom[], depth: number): void => {
    for (const a of atoms) {
      const inner = a.kind === "group" && a.min === 1 && a.max === 1 && depth < 8 ? parseConcat(source, a.from, a.to, a.fold, closeOf) : undefined;
      if (inner) open(inner, depth + 1);
      else out.push(a.kind === "group" ? { kind: "other", min: a.min, max: a.max } : a);
    }
  };
  open(top, 0);
  return out;
}

/**
 * True when text[start, end) has a run of at least `min` units of `body`,
 * right after a unit of `before` and right before a unit of `after` (each
 * side only when given). One pass.
 */
function runTest(before: CharSet | undefined, body: CharSet, min: number, after: CharSet | undefined): Precheck {
  // One byte per ASCII unit and one (at 128) for every other unit: the loop below runs on every
  // keyword window of a scan, and V8 (which scans run without inlining, loader.ts) called a
  // membership helper per unit.
  const inBody = table(body);
  const inBefore = before && table(before);
  const inAfter = after && table(after);
  return (text, start, end) => {
    // The longest run of body units ending just before k that may be the secret: opened by a
    // `before` unit when there is a `before`, else by anything (-1: no run open).
    let run = inBefore ? -1 : 0;
    for (let k = start; k < end; k++) {
      const c = text.charCodeAt(k);
      const u = c < 128 ? c : 128;
      if (run >= min && (inAfter === undefined || inAfter[u] === 1)) return true;
      if (run >= 0 && inBody[u] === 1) run++;
      else run = inBefore === undefined ? 0 : inBefore[u] === 1 ? 0 : -1;
    }
    return run >= min && inAfter === undefined;
  };
}

/** The set as a lookup table: [0, 128) the ASCII units, [128] all others. */
function table(set: CharSet): Uint8Array {
  const t = new Uint8Array(129);
  for (let c = 0; c < 128; c++) t[c] = (set.ascii[c >>> 5]! >>> (c & 31)) & 1;
  t[128] = set.nonAscii ? 1 : 0;
  return t;
}

// Sticky: each is tried at one offset (lastIndex), without slicing the pattern.
const FLAG_GROUP = /\(\?([imsU]*)(?:-([imsU]*))?\)/y;
const GROUP_HEAD = /\((?:\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|([imsU]*)(?:-([imsU]*))?:))?/y;
const REPEAT = /\{(\d+)(?:(,)(\d*))?\}/y;
const HEX = /\\x(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/y;
const UNICODE_CLASS = /\\[pP](?:\{\^?[A-Za-z_]+\}|[A-Za-z])/y;
const POSIX_CLASS = /\[:(\^?)([a-z]+):\]/y;

/** `re` (sticky) matched at source[i], ending by `to`, or null. */
function stickyAt(re: RegExp, source: string, i: number, to: number): RegExpExecArray | null {
  re.lastIndex = i;
  const m = re.exec(source);
  return m && i + m[0].length <= to ? m : null;
}

/**
 * The atoms of the concatenation source[from, to), or undefined when it has
 * a `|` at its own level or syntax this reader does not follow. `closeOf`
 * maps each group's `(` to its `)`.
 */
function parseConcat(source: string, from: number, to: number, fold: boolean, closeOf: Int32Array): Atom[] | undefined {
  const atoms: Atom[] = [];
  let i = from;
  while (i < to) {
    const c = source[i]!;
    let atom: Atom;
    if (c === "|" || c === ")" || c === "*" || c === "+" || c === "?") return undefined;
    if (c === "(") {
      const flags = stickyAt(FLAG_GROUP, source, i, to);
      if (flags) {
        // (?i) turns folding on for the rest of this group, (?-i) off.
        if (flags[1]!.includes("i")) fold = true;
        if (flags[2]?.includes("i")) fold = false;
        i += flags[0].length;
        continue;
      }
      const close = closeOf[i]!;
      const head = close > i ? stickyAt(GROUP_HEAD, source, i, close) : null;
      if (!head || (source[i + 1] === "?" && head[0].length === 1)) return undefined; // (?=, (?<=, …: not RE2
      const innerFold = head[1]?.includes("i") ? true : head[2]?.includes("i") ? false : fold;
      atom = { kind: "group", from: i + head[0].length, to: close, fold: innerFold, ...ONE };
      i = close + 1;
    } else if (c === "[") {
      const cls = parseClass(source, i, to, fold);
      if (!cls) return undefined;
      atom = { kind: "set", set: cls.set, ...ONE };
      i = cls.end;
    } else if (c === "\\") {
      const esc = parseEscape(source, i, to, fold, false);
      if (!esc) return undefined;
      atom = esc.set ? { kind: "set", set: esc.set, ...ONE } : { kind: "other", ...ONE };
      i = esc.end;
    } else if (c === "." || c === "^" || c === "$") {
      atom = { kind: "other", ...ONE };
      i++;
    } else {
      const cp = source.codePointAt(i)!;
      atom = { kind: "set", set: charSet(cp, fold), ...ONE };
      i += cp > 0xffff ? 2 : 1;
    }
    // A quantifier, then perhaps `?` (lazy); RE2 reads a `{` that is no repeat as a literal.
    const q = source[i];
    let quantified = false;
    if (i < to && (q === "*" || q === "+" || q === "?")) {
      atom.min = q === "+" ? 1 : 0;
      atom.max = q === "?" ? 1 : Infinity;
      quantified = true;
      i++;
    } else if (q === "{") {
      const m = stickyAt(REPEAT, source, i, to);
      if (m) {
        atom.min = Number(m[1]);
        atom.max = m[2] === undefined ? atom.min : m[3] === "" ? Infinity : Number(m[3]);
        quantified = true;
        i += m[0].length;
      }
    }
    if (quantified && i < to && source[i] === "?") i++;
    if (quantified && i < to && (source[i] === "*" || source[i] === "+" || source[i] === "?" || stickyAt(REPEAT, source, i, to))) return undefined; // stacked: leave it to RE2
    atoms.push(atom);
  }
  return atoms;
}

/** For each `(` of the pattern, the offset of its `)` (other entries unused); undefined when they do not pair up. */
function groupEnds(source: string): Int32Array | undefined {
  const closeOf = new Int32Array(source.length);
  const open: number[] = [];
  let balanced = true;
  walkPattern(source, (i, escape) => {
    if (escape) return false;
    if (source[i] === "(") open.push(i);
    else if (source[i] === ")") {
      const o = open.pop();
      if (o === undefined) return !(balanced = false);
      closeOf[o] = i;
    }
    return false;
  });
  return balanced && open.length === 0 ? closeOf : undefined;
}

function emptySet(): CharSet {
  return { ascii: [0, 0, 0, 0], nonAscii: false };
}

function addAscii(set: CharSet, p: number): void {
  set.ascii[p >>> 5] = set.ascii[p >>> 5]! | (1 << (p & 31));
}

/** One-character sets, shared (never changed once made): patterns are mostly literal characters. */
const single = new Map<number, CharSet>();

/** The set of the code point `p`, folded: a letter brings its other case and (Kelvin sign, long s, …) non-ASCII ones. */
function charSet(p: number, fold: boolean): CharSet {
  const key = p * 2 + (fold ? 1 : 0);
  let set = single.get(key);
  if (set === undefined) {
    set = emptySet();
    addPoint(set, p, fold);
    single.set(key, folded(set, fold));
  }
  return set;
}

function addPoint(set: CharSet, p: number, fold: boolean): void {
  if (p >= 128) {
    set.nonAscii = true;
    return;
  }
  addAscii(set, p);
  if (fold && (isUpper(p) || isLower(p))) {
    addAscii(set, p ^ 32);
    set.nonAscii = true;
  }
}

function addRange(set: CharSet, lo: number, hi: number, fold: boolean): void {
  if (hi >= 128) set.nonAscii = true;
  for (let p = lo; p <= Math.min(hi, 127); p++) addPoint(set, p, fold);
}

const PERL: Record<string, [number, number][]> = {
  d: [[48, 57]],
  s: [[9, 13], [32, 32]], // RE2's \s is [\t\n\f\r ]; \v too is a superset
  w: [[48, 57], [65, 90], [95, 95], [97, 122]],
};
const POSIX: Record<string, [number, number][]> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};
const SIMPLE: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

function fromRanges(ranges: [number, number][], negate: boolean, fold: boolean): CharSet {
  const set = emptySet();
  for (const [lo, hi] of ranges) addRange(set, lo, hi, fold);
  return folded(negate ? complement(set) : set, fold);
}

/**
 * Under case folding, non-ASCII members may fold to ASCII letters (U+212A
 * KELVIN SIGN to k, U+017F LONG S to s; `(?i)\W` matches "k" in RE2).
 */
function folded(set: CharSet, fold: boolean): CharSet {
  if (fold && set.nonAscii) for (const p of [75, 83, 107, 115]) addAscii(set, p);
  return set;
}

/** Everything not in `set`: all non-ASCII units count as members (a superset is always safe). */
function complement(set: CharSet): CharSet {
  const out = emptySet();
  for (let w = 0; w < 4; w++) out.ascii[w] = ~set.ascii[w]!;
  out.nonAscii = true;
  return out;
}

function union(a: CharSet, b: CharSet): void {
  for (let w = 0; w < 4; w++) a.ascii[w] = a.ascii[w]! | b.ascii[w]!;
  if (b.nonAscii) a.nonAscii = true;
}

/**
 * The escape at source[i] (a backslash): a set (a character or a Perl class),
 * `set: undefined` for a zero-width or unknown-but-valid one (`\b`, `\pL`), or
 * undefined when this reader does not follow it. In a class, only sets count.
 */
function parseEscape(source: string, i: number, to: number, fold: boolean, inClass: boolean): { set: CharSet | undefined; end: number; point?: number } | undefined {
  const e = source[i + 1];
  if (e === undefined || i + 1 >= to) return undefined;
  if (e === "x") {
    const m = stickyAt(HEX, source, i, to);
    if (!m) return undefined;
    const p = parseInt(m[1] ?? m[2]!, 16);
    return { set: charSet(p, fold), end: i + m[0].length, point: p };
  }
  if (e in SIMPLE) return { set: charSet(SIMPLE[e]!, fold), end: i + 2, point: SIMPLE[e]! };
  const lower = e.toLowerCase();
  if (lower in PERL) return { set: fromRanges(PERL[lower]!, e !== lower, fold), end: i + 2 };
  if (e === "p" || e === "P") {
    // A Unicode class: every non-ASCII unit and, to stay a superset, every ASCII one.
    const m = stickyAt(UNICODE_CLASS, source, i, to);
    if (!m) return undefined;
    return { set: complement(emptySet()), end: i + m[0].length };
  }
  if (!inClass && "bBAz".includes(e)) return { set: undefined, end: i + 2 };
  if (e === "Q" || /[0-9A-Za-z]/.test(e)) return undefined; // \Q…\E, octal, and letters RE2 may read otherwise
  const p = source.codePointAt(i + 1)!;
  return { set: charSet(p, fold), end: i + 1 + (p > 0xffff ? 2 : 1), point: p };
}

/** The class `[…]` starting at source[i], or undefined when this reader does not follow it. */
function parseClass(source: string, i: number, to: number, fold: boolean): { set: CharSet; end: number } | undefined {
  let k = i + 1;
  const negate = source[k] === "^";
  if (negate) k++;
  const set = emptySet();
  let first = true;
  while (k < to) {
    const c = source[k]!;
    if (c === "]" && !first) {
      return { set: folded(negate ? complement(set) : set, fold), end: k + 1 };
    }
    first = false;
    if (c === "[" && source[k + 1] === ":") {
      const m = stickyAt(POSIX_CLASS, source, k, to);
      if (!m || !(m[2]! in POSIX)) return undefined;
      union(set, fromRanges(POSIX[m[2]!]!, m[1] === "^", fold));
      k += m[0].length;
      continue;
    }
    // One character (perhaps escaped) or a Perl class; then perhaps `-` and the range's end.
    let lo: number;
    if (c === "\\") {
      const esc = parseEscape(source, k, to, fold, true);
      if (!esc || !esc.set) return undefined;
      k = esc.end;
      if (esc.point === undefined) {
        union(set, esc.set);
        continue;
      }
      lo = esc.point;
    } else {
      lo = source.codePointAt(k)!;
      k += lo > 0xffff ? 2 : 1;
    }
    if (source[k] === "-" && k + 1 < to && source[k + 1] !== "]") {
      k++;
      let hi: number;
      if (source[k] === "\\") {
        const esc = parseEscape(source, k, to, fold, true);
        if (!esc || esc.point === undefined) return undefined;
        hi = esc.point;
        k = esc.end;
      } else {
        hi = source.codePointAt(k)!;
        k += hi > 0xffff ? 2 : 1;
      }
      if (hi < lo) return undefined;
      addRange(set, lo, hi, fold);
    } else addPoint(set, lo, fold);
  }
  return undefined;
}
