// Keywords that only say which provider a line is about ("okta", "asana",
// "together") are context: the rule's regex does not spell them, it looks for
// a key somewhere on their line. Such a keyword counts only where a word
// starts, so `okta` inside `rookTable` or `together` inside `altogether`
// does not wake the rule. Keywords the regex spells (prefixes such as
// `ghp_`, setting names such as `password` inside `dbpassword`) stay
// unbounded: the regex itself decides where they may stand.

import { isDigit, isLower, isUpper } from "./ascii.js";

/**
 * What isContextKeyword looks in: a pattern's letters and digits,
 * lower-cased, worked out on first use (most keywords are spelled as they
 * stand, so most rules never need it) and once per rule, not per keyword.
 */
export class Spelling {
  private lower: string | undefined;
  private letters: string | undefined;
  constructor(private readonly regexSource: string) {}

  /** Do the keyword's characters occur in a row in the pattern, separators and escapes aside? */
  has(keyword: string): boolean {
    this.lower ??= this.regexSource.toLowerCase();
    if (this.lower.includes(keyword)) return true;
    this.letters ??= this.lower.replace(/[^a-z0-9]/g, "");
    return this.letters.includes(keyword);
  }
}

/** A keyword the regex does not spell: letters and digits that do not occur in the pattern's letters and digits. */
export function isContextKeyword(keyword: string, spelling: Spelling): boolean {
  return /^[a-z][a-z0-9]*$/.test(keyword) && !spelling.has(keyword);
}

/**
 * True when a word starts at `pos`: at the text's start, after a character
 * that is no ASCII letter or digit (`MY_OKTA`, `okta.token`), or at a
 * camelCase hump (`myOktaToken`, `v2Okta`).
 */
export function atWordStart(text: string, pos: number): boolean {
  if (pos === 0) return true;
  const before = text.charCodeAt(pos - 1);
  if (!isLower(before) && !isUpper(before) && !isDigit(before)) return true;
  return (isLower(before) || isDigit(before)) && isUpper(text.charCodeAt(pos));
}
