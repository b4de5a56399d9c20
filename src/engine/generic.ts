// The decision for generic findings: a value assigned to a secret-like name
// (or sitting in a URL's password slot) has no provider format to vouch for
// it, so the rule's regex only proposes it and this module judges it, on
// measured signals (rules/README.md, "Generic secrets", has the numbers that
// chose each threshold):
//   - dictionary and placeholder lists: well-known passwords and words, also
//     in leetspeak and with digits appended (P@ssw0rd1, admin123);
//   - character classes (lower, upper, digit, symbol);
//   - Shannon entropy;
//   - tokenizer efficiency: characters per BPE token. Words and identifiers
//     encode in few long tokens, random strings in many short ones;
//   - the strength of the name's context: `password`, `client_secret`,
//     `api_key` say more than a bare `auth`, `key` or `token`.
// The verdict is a severity: medium when the signals are strong, low when
// they are weak, nothing when the value is a look-alike.

import { isDigit, isLower, isUpper } from "./ascii.js";
import { shannonEntropy } from "./entropy.js";
import type { JudgeKind, Severity } from "./types.js";

/** Counts the BPE tokens of a string; injected so the engine loads no tokenizer itself. */
export type TokenCounter = (s: string) => number;

export interface JudgeInput {
  secret: string;
  /** The setting name the value is assigned to, when the rule captures one. */
  name?: string;
  /** For URL credentials: the host after the `@`. */
  host?: string;
}

/**
 * Thresholds, chosen on the labelled measurement described in
 * rules/README.md. Characters per token: random values sit at 1.0–1.9,
 * words and identifiers at 2.5 and more.
 */
export const THRESHOLDS = {
  /** At most this many characters per token: the value reads as random. */
  randomCpt: 2.0,
  /** The same for hex-only values, which BPE merges more (random 32 hex: median 1.78, p99 2.29, max 2.67). */
  randomHexCpt: 2.7,
  /** Entropy a long hex value needs for medium (random 32 hex: 1st percentile 3.28). */
  hexEntropy: 3.0,
  /** Above this many characters per token: words, not a secret. */
  wordyCpt: 3.0,
  /** Shorter passwords need three character classes. */
  shortPassword: 10,
  /** Secrets (keys, tokens) shorter than this are low at best. */
  shortSecret: 20,
  /** Entropy (bits per character) a long secret needs for medium. */
  secretEntropy: 3.5,
} as const;

// Passwords and words people put where a secret goes. A value is one of these
// when, lower-cased and with leetspeak undone, it is a word of this list
// followed by at most a few digits or punctuation marks.
const COMMON = new Set(
  (
    "password passwd pass passphrase pwd secret secrets changeme changeit admin administrator root toor test tester testing " +
    "qwerty qwertz azerty letmein welcome default guest user username login master hunter dragon monkey shadow sunshine " +
    "iloveyou princess football baseball superman batman trustno abc abcd abcdef foobar foo bar baz example sample demo " +
    "dummy mypassword yourpassword mysecret yoursecret supersecret topsecret token apikey key private public postgres " +
    "postgresql mysql mariadb redis mongo mongodb rabbitmq guest oracle sa sql database db dev devel develop development " +
    "local localhost staging prod production docker kubernetes elastic kibana grafana jenkins minio minioadmin vagrant " +
    "ubuntu debian centos raspberry pi openstack nopass nopassword none null empty blank undefined changethis replaceme " +
    "notasecret insecure unsafe temp temporary tmp hello helloworld world secure security access pa ss word"
  ).split(" "),
);
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/** True when `secret` is a well-known password or word, maybe in leetspeak, maybe with digits or punctuation appended. */
export function isCommonWord(secret: string): boolean {
  const lower = secret.toLowerCase();
  const bare = lower.replace(/[0-9!._#*-]+$/, "");
  if (bare.length === 0 || COMMON.has(bare)) return true;
  const unleet = (w: string) => w.replace(/[013457@$!]/g, (c) => LEET[c]!);
  if (COMMON.has(unleet(bare)) || COMMON.has(unleet(lower).replace(/[._#*-]+$/, ""))) return true;
  // Symbols dropped (Pass@word1 → password), when letters are most of the value.
  for (const letters of [bare.replace(/[^a-z]/g, ""), unleet(bare).replace(/[^a-z]/g, "")]) {
    if (letters.length >= 4 && letters.length * 2 >= secret.length && (COMMON.has(letters) || twoWords(letters))) return true;
  }
  // Two common words run together (adminpass, rootpassword, testsecret123).
  return twoWords(bare.replace(/[._-]/g, ""));
}

function twoWords(b: string): boolean {
  for (let i = 2; i <= b.length - 2; i++) if (COMMON.has(b.slice(0, i)) && COMMON.has(b.slice(i))) return true;
  return false;
}

/** How many of lower, upper, digit and other (symbol) characters occur. */
export function charClasses(s: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLower(c)) lower = 1;
    else if (isUpper(c)) upper = 1;
    else if (isDigit(c)) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

// Names that say "this is a credential" on their own; a bare `auth`, `key`,
// `token` or `credentials` could as well name a setting, a count or a type.
const STRONG_NAME = /(?:passw|passphrase|pwd|secret|api[_.-]?key|apikey|private[_.-]?key|access[_.-]?key|signing[_.-]?key|master[_.-]?key|encryption[_.-]?key|(?:access|auth|api|bearer|refresh|session|bot|deploy|personal|service|admin|app|client|oauth|webhook|slack|github|gitlab|npm)[_.-]?token|consumer[_.-]?key|license[_.-]?key)/i;

/** True when the setting name alone marks its value as a credential. */
export function isStrongName(name: string | undefined): boolean {
  return name === undefined || STRONG_NAME.test(name);
}

const PASSWORD_NAME = /(?:passw|passphrase|pwd|db[_.-]?pass)/i;
// Keys that name a slot, not a secret: primaryKey, cacheKey, public_key.
const NOT_SECRET_NAME = /(?:public|primary|foreign|cache|sort|partition|row|idempotency|lookup|map|index|object|storage|route|i18n|translation|message|label|event|unique|composite|hash)[_.-]?key$/i;

const HASH_NAME = /(?:sha\d*|hash|hashed|digest|md5|bcrypt|crypt)(?:[_.-]?(?:password|secret|passwd))?$|(?:sha\d*|hash|md5)[_.-]?(?:password|passwd|pwd)/i;

// Credentials their owners publish for anyone to use, by exact value.
const PUBLISHED = new Set([
  // MinIO's public playground (play.min.io), in MinIO's client docs and default mc config.
  "Q3AM3UQ867SPQQA43P2F",
  "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG",
]);

function percentDecoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Hosts that only appear in documentation and local set-ups.
const DOC_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|(?:[a-z0-9-]+\.)*example\.(?:com|org|net)|[a-z0-9-]+\.(?:example|invalid|test|local))(?::\d+)?$/i;

/**
 * The verdict on a generic candidate: the severity to report it with, or
 * undefined for a look-alike. `tokens` counts BPE tokens (lazily loaded by
 * the caller); without it the tokenizer signal is left out.
 */
export function judgeGeneric(kind: JudgeKind, input: JudgeInput, tokens?: TokenCounter): Severity | undefined {
  let { secret } = input;
  if (kind === "url" && secret.includes("%")) secret = percentDecoded(secret);
  if (secret.length < 6 || PUBLISHED.has(secret)) return undefined;
  // A hash of a password (bcrypt/crypt, or a name saying sha/hash/digest) is not the password; an unsigned JWT signs nothing.
  if (HASH_NAME.test(input.name ?? "") || /^\$(?:2[abxy]?|1|5|6|apr1|argon2(?:id|i|d))\$/.test(secret) || /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.$/.test(secret)) return undefined;
  // A rule for any secret-like name hands a password name's value over to the password judge.
  if (kind === "secret" && input.name !== undefined && PASSWORD_NAME.test(input.name)) kind = "password";
  if (NOT_SECRET_NAME.test(input.name ?? "")) return undefined;
  if (isCommonWord(secret)) return undefined;
  // $var, $(cmd), %s, {name}: a reference or a format slot, not a literal.
  if (/^(?:\$[A-Za-z_({]|%[sd]$|\{)/.test(secret)) return undefined;
  // A regular expression that describes a secret ([A-Za-z0-9]{20,40}) is not one.
  if (/\[[A-Za-z0-9]-[A-Za-z0-9]|\{\d+,\d*\}/.test(secret)) return undefined;
  const classes = charClasses(secret);
  if (classes < 2) {
    // One class: only long hex / digits / lower-case runs made by machines count.
    if (kind === "password" || secret.length < 16) return undefined;
  }
  if (kind === "url" && input.host !== undefined && DOC_HOST.test(input.host) && secret.length < 12) return undefined;
  const cpt = tokens ? secret.length / Math.max(1, tokens(secret)) : 1;
  const hex = /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(secret);
  if (cpt > THRESHOLDS.wordyCpt && !hex) return undefined;
  const random = cpt <= (hex ? THRESHOLDS.randomHexCpt : THRESHOLDS.randomCpt);
  let level: 0 | 1 | 2; // 0 drop, 1 low, 2 medium
  if (kind === "secret") {
    const entropy = shannonEntropy(secret);
    const strongEntropy = entropy >= (hex ? THRESHOLDS.hexEntropy : THRESHOLDS.secretEntropy);
    level = random && secret.length >= THRESHOLDS.shortSecret && strongEntropy ? 2 : random ? 1 : secret.length >= 24 ? 1 : 0;
  } else {
    const strongShape = secret.length >= THRESHOLDS.shortPassword ? classes >= 2 : classes >= 3;
    level = random && strongShape ? 2 : random || strongShape ? 1 : 0;
  }
  if (kind !== "url" && !isStrongName(input.name)) level = (level - 1) as 0 | 1;
  return level === 2 ? "medium" : level === 1 ? "low" : undefined;
}
