// Inline allow comments: a marker in a comment on the line of a finding suppresses it.
//   scan-keys:allow                      every rule on this line
//   scan-keys:allow RULE-ID[, RULE-ID…]  only these rules
//   gitleaks:allow, pragma: allowlist secret (detect-secrets)  every rule
//
// The marker counts only inside a comment (//, /* */, #, <!-- -->, --, ;, %,
// !, REM, VB's ', {- -}, (* *), {# #}, <%-- --%>, and Python's """ docstrings),
// not in a string: on a minified line a string that happens to hold the
// marker must not hide a real key elsewhere on it. On a long line a marker
// covers only the finding nearest to it. Rule ids after the marker are taken
// while they name known rules; a word shaped like a rule id (lower-case,
// with hyphens) that names none is a mistake the scan reports, and the
// marker then allows nothing, rather than everything. Other prose after the
// marker ("scan-keys:allow test fixture") does not narrow it.

const MARKER = /scan-keys:allow|gitleaks:allow|pragma:\s*allowlist[\s-]+secret/gi;
const IDS = /^[\s,:=]*([a-z0-9][a-z0-9-]*)/;
const RULE_ID_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** Lines longer than this are treated as minified: a marker covers only the finding nearest to it. */
export const LONG_LINE = 200;

export interface AllowMarker {
  rules: "all" | Set<string>;
  /** Where the comment holding the marker starts, and where the marker ends, on the line. */
  commentStart: number;
  end: number;
  /** Words after the marker shaped like rule ids that name no rule. */
  unknownIds: string[];
}

const LINE_OPENERS = ["//", "#", "--", ";", "%", "!", "REM ", "rem "];
const BLOCKS: [string, string][] = [
  ["/*", "*/"],
  ["<!--", "-->"],
  ["<%--", "--%>"],
  ["{-", "-}"],
  ["(*", "*)"],
  ["{#", "#}"],
  ['"""', '"""'],
];

/**
 * Where the comment holding offset `at` starts, or -1 when `at` is in code or
 * a string. A small lexer: strings ("…", '…', `…`, with backslash escapes)
 * are skipped; a line-comment opener counts at the start of the line or after
 * a space (so "http://" and "a#b" are not comments). An apostrophe after a
 * space that never closes on its line is a Visual Basic comment.
 */
function commentStartBefore(line: string, at: number): number {
  let quote = "";
  let quoteStart = -1;
  for (let i = 0; i < at; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    const block = BLOCKS.find(([open]) => line.startsWith(open, i));
    if (block) {
      const close = line.indexOf(block[1], i + block[0].length);
      if (close === -1 || close >= at) return i;
      i = close + block[1].length - 1;
      continue;
    }
    const prev = i === 0 ? " " : line[i - 1]!;
    const opener = /\s/.test(prev) ? LINE_OPENERS.find((o) => line.startsWith(o, i)) : undefined;
    // "##", ";;", "///" open comments too; but "--" needs a space after it ("-----BEGIN" is text).
    // "--" and "!" need a space after them ("-----BEGIN" is text, "!=" is code).
    if (opener && ((opener !== "--" && opener !== "!") || /\s/.test(line[i + opener.length] ?? ""))) return i;
    // An apostrophe inside a word ("don't", "Here's") opens no string.
    if (c === '"' || c === "`" || (c === "'" && !/[\p{L}\p{N}]/u.test(prev))) {
      quote = c;
      quoteStart = i;
    }
  }
  const vbComment = quote === "'" && /\s/.test(line[quoteStart - 1] ?? " ") && line.indexOf("'", at) === -1;
  return vbComment ? quoteStart : -1;
}

/** The allow markers in comments on `line`. */
export function allowMarkers(line: string, knownIds: ReadonlySet<string>): AllowMarker[] {
  if (!/allow/i.test(line)) return []; // fast path: most lines have no marker at all
  const out: AllowMarker[] = [];
  for (const m of line.matchAll(MARKER)) {
    const commentStart = commentStartBefore(line, m.index);
    if (commentStart === -1) continue;
    const end = m.index + m[0].length;
    if (m[0].toLowerCase() !== "scan-keys:allow") {
      out.push({ rules: "all", commentStart, end, unknownIds: [] });
      continue;
    }
    let rest = line.slice(end);
    const ids = new Set<string>();
    const unknownIds: string[] = [];
    for (let id = IDS.exec(rest); id; id = IDS.exec(rest)) {
      const word = id[1]!;
      if (knownIds.has(word)) ids.add(word);
      else if (RULE_ID_SHAPE.test(word)) unknownIds.push(word);
      else break; // prose
      rest = rest.slice(id[0].length);
    }
    const rules = ids.size > 0 ? ids : unknownIds.length > 0 ? new Set<string>() : "all";
    out.push({ rules, commentStart, end, unknownIds });
  }
  return out;
}

/** Distance in characters between a span [s, e) and a marker's comment. */
function distance(s: number, e: number, m: AllowMarker): number {
  if (e <= m.commentStart) return m.commentStart - e;
  if (s >= m.end) return s - m.end;
  return 0;
}

/**
 * Whether a marker on `line` allows a finding of `ruleId` at [start, end) of
 * the line. `others` are the spans of every finding on the line: on a long
 * line a marker covers only the one nearest to it.
 */
export function markerAllows(markers: AllowMarker[], line: string, ruleId: string, start: number, end: number, others: [number, number][]): boolean {
  return markers.some((m) => {
    if (m.rules !== "all" && !m.rules.has(ruleId)) return false;
    if (line.length <= LONG_LINE) return true;
    const mine = distance(start, end, m);
    return others.every(([s, e]) => distance(s, e, m) >= mine);
  });
}
