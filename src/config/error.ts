// A problem in the user's config, ignore file or baseline. The message is one
// sentence naming the file, the line where known, and the problem; the CLI
// prints it and exits 2 (src/errors.ts).

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** `file:line: problem.` as one sentence (a final period is added when missing). */
export function configError(file: string, line: number | undefined, problem: string): ConfigError {
  const text = /[.!?]$/.test(problem) ? problem : `${problem}.`;
  return new ConfigError(`${file}${line ? `:${line}` : ""}: ${text}`);
}

/** `s` as a literal in a pattern: the same escapes serve JavaScript RegExp and RE2. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Best-effort line (1-based) where `key` is written in TOML `source`: as
 * `key = …`, `"key" = …`, a dotted `key.sub = …`, or a `[table.key]` header.
 * Searches from line `from` (1-based) up to, not including, line `to`.
 */
export function lineOfKey(source: string, key: string, from = 1, to = Number.POSITIVE_INFINITY): number | undefined {
  const k = escapeRegex(key);
  const re = new RegExp(`^\\s*(?:(?:"${k}"|'${k}'|${k})\\s*[=.]|\\[{1,2}\\s*(?:[^\\]]*\\.)?(?:"${k}"|'${k}'|${k})\\s*\\]{1,2})`);
  const lines = source.split(/\r?\n/);
  for (let i = Math.max(0, from - 1); i < lines.length && i + 1 < to; i++) {
    if (re.test(lines[i]!)) return i + 1;
  }
  return undefined;
}

/** Best-effort line (1-based) of the first occurrence of `text` in `source`, from line `from`. */
export function lineOfText(source: string, text: string, from = 1, to = Number.POSITIVE_INFINITY): number | undefined {
  const lines = source.split(/\r?\n/);
  for (let i = Math.max(0, from - 1); i < lines.length && i + 1 < to; i++) {
    if (lines[i]!.includes(text)) return i + 1;
  }
  return undefined;
}

/** Lines (1-based) of the `[[rules]]` headers, in order. */
export function ruleHeaderLines(source: string): number[] {
  const out: number[] = [];
  source.split(/\r?\n/).forEach((l, i) => {
    if (/^\s*\[\[\s*rules\s*\]\]/.test(l)) out.push(i + 1);
  });
  return out;
}

/** "a", "a and b", "a, b and c": a list of names in a sentence. */
export function quoteList(keys: string[]): string {
  return keys.length === 1 ? keys[0]! : `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}`;
}

/** Line range [from, to) of the first `[name]` table header in a TOML source, for finding keys inside it. */
export function tableRange(text: string, name: string): { from: number; to: number } {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => new RegExp(`^\\s*\\[\\s*${name}\\s*\\]`).test(l));
  if (start === -1) return { from: 1, to: Number.POSITIVE_INFINITY };
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\s*\[/.test(lines[i]!)) {
      end = i;
      break;
    }
  }
  return { from: start + 1, to: end + 1 };
}
