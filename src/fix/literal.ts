// Where a secret sits in a line of code: a whole string literal (the only
// case code can be rewritten safely), a bare value (shell, YAML), or inside
// a longer string (no safe rewrite in most languages). And the name the code
// assigned it to, for naming the environment variable.

export interface Occurrence {
  /** Offset of the secret in the text. */
  at: number;
  /** Start and end (exclusive) of what a rewrite replaces: the literal with its quotes, or the bare value. */
  start: number;
  end: number;
  /** The quote character around the literal; "" for a bare value; undefined when the secret is inside a longer string. */
  quote: string | undefined;
  /** Text of the line before the literal (for the assigned name and `const` checks). */
  before: string;
  /** Text of the line after the literal. */
  after: string;
}

/** Every occurrence of `secret` in `text`, with its literal. */
export function occurrences(text: string, secret: string, quotes: string): Occurrence[] {
  const out: Occurrence[] = [];
  if (secret.length === 0) return out;
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) {
    out.push(classify(text, at, secret.length, quotes));
  }
  return out;
}

function classify(text: string, at: number, length: number, quotes: string): Occurrence {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  let lineEnd = text.indexOf("\n", at + length);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === "\r") lineEnd--;
  const end = at + length;
  const open = text[at - 1] ?? "";
  const close = text[end] ?? "";
  if (open !== "" && open === close && quotes.includes(open) && at - 1 >= lineStart) {
    return { at, start: at - 1, end: end + 1, quote: open, before: text.slice(lineStart, at - 1), after: text.slice(end + 1, lineEnd) };
  }
  // A bare value: after `=`, `:` or `- ` (YAML, shell, .properties) and running to a space, a comment or the line's end.
  const before = text.slice(lineStart, at);
  const after = text.slice(end, lineEnd);
  if (/(?:[=:]\s*|^\s*-\s+)$/.test(before) && /^(?:\s*(?:#.*)?)$/.test(after)) {
    return { at, start: at, end, quote: "", before, after };
  }
  return { at, start: at, end, quote: undefined, before, after };
}

/**
 * The identifier a value is assigned to, from the text before it on its line:
 * `const apiKey = `, `api_key: `, `"apiKey": `, `$key = `, `'key' => `,
 * `String dbPassword = `, `API_KEY := `, `OpenAI(api_key=`.
 */
export function assignedName(before: string): string | undefined {
  // Read backwards from the end, in time linear in the line: a regex ending
  // in `$` that starts with a name class (`([A-Za-z_$][\w$.-]*)…$`) retries
  // from every letter of a long line, quadratic (100 KB of letters: 54 s).
  let end = skipSpaceBack(before, before.length);
  if (end > 0 && (before[end - 1] === "&" || before[end - 1] === "@")) end = skipSpaceBack(before, end - 1);
  let best: string | undefined;
  let bestStart = Infinity;
  for (const op of ASSIGN_OPS) {
    if (!before.endsWith(op, end)) continue;
    let i = skipSpaceBack(before, end - op.length);
    if (i > 0 && `"']`.includes(before[i - 1]!)) i--;
    const nameEnd = i;
    while (i > 0 && NAME_CHAR.test(before[i - 1]!)) i--;
    // The name starts at its first letter, `_` or `$` (a leading digit, `.` or `-` is not part of it).
    while (i < nameEnd && !NAME_START.test(before[i]!)) i++;
    if (i < nameEnd && i < bestStart) {
      bestStart = i;
      best = before.slice(i, nameEnd);
    }
  }
  if (best === undefined) return undefined;
  const name = best.replace(/^\$+/, "");
  // `process.env.X = "…"`, `config.db.password = "…"`: the last part names the value.
  const last = name.split(".").pop()!;
  return last.length > 0 ? last : undefined;
}

const ASSIGN_OPS = [":=", "=>", "??=", "||=", "=", ":"];
const NAME_CHAR = /[\w$.-]/;
const NAME_START = /[A-Za-z_$]/;

/** The offset after skipping white space backwards from `end`. */
function skipSpaceBack(s: string, end: number): number {
  while (end > 0 && /\s/.test(s[end - 1]!)) end--;
  return end;
}

/** The line number (1-based) of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
