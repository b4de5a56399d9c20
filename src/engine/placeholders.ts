// Look-alikes that no rule should report: documentation placeholders,
// template variables, masked values. Real keys are random; these are not.

const PLACEHOLDER_WORDS = [
  "example", "xxxx", "your_", "your-", "yourkey", "your_key", "placeholder", "dummy", "redacted",
  "changeme", "change_me", "replace_me", "replaceme", "insert_", "<", ">", "${", "{{", "}}",
  "...", "\u2026", "****", "####", "process.env", "os.environ", "getenv", "fake", "notreal",
];

const SEQUENCES = ["abcdefgh", "bcdefghi", "12345678", "23456789", "qwertyui", "abcd1234", "01234567"];

/** True when `secret` looks like a placeholder rather than a real credential. */
export function isPlaceholder(secret: string): boolean {
  const lower = secret.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (lower.includes(w)) return true;
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
