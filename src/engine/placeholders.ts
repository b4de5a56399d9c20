// Look-alikes that no rule should report: documentation placeholders,
// template variables, masked values. Real keys are random; these are not.

import { B64 } from "./encoded.js";

const PLACEHOLDER_WORDS = [
  "example", "xxxx", "your_", "your-", "yourkey", "your_key", "placeholder", "dummy", "redacted",
  "changeme", "change_me", "replace_me", "replaceme", "insert_", "<", ">", "${", "{{", "}}",
  "...", "\u2026", "****", "####", "process.env", "os.environ", "getenv", "fake", "notreal",
];

const SEQUENCES = ["abcdefgh", "bcdefghi", "12345678", "23456789", "qwertyui", "abcd1234", "01234567"];

/** A base64 character in either alphabet: standard (+ /) and URL-safe (- _), which OpenAI's and Anthropic's keys use. */
function isBase64(c: number): boolean {
  return c < 128 && B64[c] === 1;
}

/**
 * Whether `word` (lower-case) occurs in `secret` as a placeholder word, not
 * by chance inside random base64: an occurrence in mixed case ("fAkE", not
 * "fake", "FAKE" or "Fake") within a run of 40 or more base64 characters is
 * key material. "…BfAkEA…" is the DER of an RSA key's prime (INTEGER, 65
 * bytes) in about one 1024-bit PKCS#1 key in sixteen. Counting - and _ in
 * the run: one random sk-proj- key in 6,400 was dropped, now one in 23,000
 * (those left hold a word in its own case).
 */
function hasWord(secret: string, lower: string, word: string): boolean {
  for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) {
    const seen = secret.slice(at, at + word.length);
    if (seen === word || seen === word.toUpperCase() || seen === word[0]!.toUpperCase() + word.slice(1)) return true;
    let from = at;
    while (from > 0 && isBase64(secret.charCodeAt(from - 1))) from--;
    let to = at + word.length;
    while (to < secret.length && isBase64(secret.charCodeAt(to))) to++;
    if (to - from < 40) return true;
  }
  return false;
}

/** True when `secret` looks like a placeholder rather than a real credential. */
export function isPlaceholder(secret: string): boolean {
  const lower = secret.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (hasWord(secret, lower, w)) return true;
  for (const s of SEQUENCES) if (lower.includes(s)) return true;
  if (secret.length >= 8 && new Set(secret).size <= 3) return true;
  return false;
}

/** True when `secret` contains one of `words` (lower-case), in any case: a rule's or the config's stopwords. */
export function hasStopword(secret: string, words: string[]): boolean {
  if (words.length === 0) return false;
  const lower = secret.toLowerCase();
  return words.some((w) => lower.includes(w));
}
