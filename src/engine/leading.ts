// Most provider rules have one shape: an optional boundary character, then a
// literal that starts with the rule's keyword (`(?:^|[^A-Za-z0-9_-])(ghp_…)`).
// Every match of such a rule starts at a keyword hit (or one character before
// it), so instead of searching the hit's whole line the engine asks, at each
// hit, whether a match starts right there — an anchored question the DFA
// answers in a few characters ("path" is no "pat…" Airtable token after its
// 4th character). Rules whose pattern starts with `^` can only match at the
// start of their (single-line) window, so one anchored question settles them.
// This reads the shape off the pattern; anything it cannot prove to have one
// of these shapes is searched the ordinary way.

import { walkPattern } from "./regex.js";

/** Where a rule's matches can start. */
export type Leading =
  /** At a keyword hit, or one character before it when the pattern starts with a boundary `(?:^|[^…])`. */
  | { kind: "keyword"; boundary: boolean }
  /** Only at the start of a line: the pattern starts with `^` (the engine's windows are single lines). */
  | { kind: "line" };

const FLAGS = /^\(\?[imsU]+\)/;
const BOUNDARY = /^\(\?:\^\|\[\^(?:[^\]\\]|\\.)+\]\)/;
const GROUP_OPEN = /^\((?:\?P?<[A-Za-z_][A-Za-z0-9_]*>)?(?!\?)/;
const META = new Set([..."\\.+*?()[]{}|^$"]);
const QUANTIFIER = new Set([..."?*+{"]);

/** The literal at the start of `s` (escaped punctuation included), and where it ends. */
function leadingLiteral(s: string): { literal: string; end: number } {
  let literal = "";
  let i = 0;
  let lastStart = 0;
  while (i < s.length) {
    const c = s[i]!;
    lastStart = i;
    if (c === "\\" && i + 1 < s.length && /[^A-Za-z0-9]/.test(s[i + 1]!)) {
      literal += s[i + 1];
      i += 2;
    } else if (!META.has(c)) {
      literal += c;
      i += 1;
    } else break;
  }
  // A quantifier after the literal applies to its last character, which is then optional.
  if (literal && QUANTIFIER.has(s[i] ?? "")) return { literal: literal.slice(0, -1), end: lastStart };
  return { literal, end: i };
}

/**
 * True when `s` (what follows the literal) has a `|` that offers an
 * alternative to the literal: one directly in a group that encloses it, not
 * in a group opened after it.
 */
function hasOuterAlternation(s: string): boolean {
  let depth = 0;
  let floor = 0; // the depth of the innermost group still enclosing the literal
  return walkPattern(s, (i, escape) => {
    const c = s[i];
    if (escape) return false;
    if (c === "(") depth++;
    else if (c === ")") floor = Math.min(floor, --depth);
    return c === "|" && depth === floor;
  });
}

/**
 * True when the pattern can repeat without bound (`*`, `+`, `{n,}`). An
 * anchored question at every hit costs at most the longest match per hit
 * only when matches have a longest length; an unbounded tail
 * (`jdbc:[^\s]*?password=`) could read to the window's end from each of
 * thousands of hits, so such rules search each window once instead.
 */
function repeatsWithoutBound(s: string): boolean {
  return walkPattern(s, (i, escape) => {
    const c = s[i];
    return !escape && (c === "*" || c === "+" || (c === "{" && /^\{\d+,\}/.test(s.slice(i, i + 12))));
  });
}

/**
 * When every match of the RE2 pattern `source` starts with one of
 * `keywords` (lower-case, matched case-insensitively by the prefilter),
 * perhaps after one boundary character, and no match is longer than some
 * bound, says how; else undefined.
 */
export function keywordLed(source: string, keywords: string[]): Leading | undefined {
  let rest = source;
  const flags = FLAGS.exec(rest);
  if (flags) rest = rest.slice(flags[0].length);
  if (rest.startsWith("^")) return hasOuterAlternation(rest.slice(1)) ? undefined : { kind: "line" };
  const boundary = BOUNDARY.exec(rest);
  if (boundary) rest = rest.slice(boundary[0].length);
  const group = GROUP_OPEN.exec(rest);
  if (group) rest = rest.slice(group[0].length);
  const { literal, end } = leadingLiteral(rest);
  const lower = literal.toLowerCase();
  if (!keywords.some((k) => lower.startsWith(k))) return undefined;
  if (hasOuterAlternation(rest.slice(end)) || repeatsWithoutBound(rest)) return undefined;
  return { kind: "keyword", boundary: boundary !== null };
}
