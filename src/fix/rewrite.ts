// A secret in a file's text → the same text reading it from the
// environment. Pure: text in, text out, or the reason there is no safe
// rewrite. Every occurrence of the secret in the text is rewritten, or none.

import { eolOf } from "./encoding.js";
import { languageFor, noRewriter, type Language } from "./languages.js";
import { assignedName, lineOf, occurrences } from "./literal.js";

export type Rewrite =
  | { ok: true; text: string; language: Language }
  | { ok: false; reason: string; line?: number; language?: Language };

export function rewriteSecret(text: string, path: string, secret: string, name: string): Rewrite {
  const language = languageFor(path, text);
  if (!language) return { ok: false, reason: noRewriter(path) };
  const found = occurrences(text, secret, language.quotes);
  if (found.length === 0) return { ok: true, text, language };
  const edits: { start: number; end: number; text: string }[] = [];
  for (const o of found) {
    const r = language.replace(o, name, text);
    if ("refuse" in r) return { ok: false, reason: r.refuse, line: lineOf(text, o.at), language };
    edits.push({ start: r.start ?? o.start, end: r.end ?? o.end, text: r.text });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  if (language.ensureImport) out = language.ensureImport(out, eolOf(out));
  if (out.includes(secret)) return { ok: false, reason: "the key also appears where it cannot be rewritten", language };
  return { ok: true, text: out, language };
}

/** The name the code gives the value at its first occurrence in text (for naming the variable). */
export function assignedNameIn(text: string, secret: string): string | undefined {
  const o = occurrences(text, secret, `"'\``)[0];
  return o ? assignedName(o.before) : undefined;
}
