// The decision for generic findings: a value assigned to a secret-like name
// (or sitting in a URL's password slot, a command-line flag, a call argument)
// has no provider format to vouch for it, so the rule's regex only proposes
// it and this module judges it:
//   - gates no model decides (gate()): published values, password hashes,
//     common words and passwords (also in leetspeak, with digits appended),
//     references and regexes, names of slots (primaryKey);
//   - then a learned model (judge-model.ts over judge-features.ts: the
//     value's length, classes, entropy, characters per BPE token, shape; the
//     name; the file; the line; the rule), trained on labelled real code
//     split by repository (models/MODEL_CARD.md).
// The verdict is a severity: the model's score against the operating points
// the model card lists (medium, low), or nothing.

import { isDigit, isLower, isUpper } from "./ascii.js";
import { featuresOf, type TokenCounter } from "./judge-features.js";
import { loadModel, scoreOf, severityOf, type JudgeModel } from "./judge-model.js";
import type { JudgeKind, Severity } from "./types.js";
import shipped from "../../models/generic-judge.json" with { type: "json" };

export type { TokenCounter } from "./judge-features.js";
import type { Candidate } from "./judge-features.js";

/** What the judge is given: a candidate as the features read it (judge-features.ts), less the kind the rule names. */
export type JudgeInput = Omit<Candidate, "kind">;

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
    "notasecret acme foobar insecure unsafe temp temporary tmp hello helloworld world secure security access pa ss word " +
    // Type and state words that sit where a value goes: token_type: bearer, secret: true, password: string.
    "bearer basic digest jwt oauth oauth2 hmac plain plaintext true false nil yes no on off required optional string str " +
    "int bool boolean number object any function value text hidden enabled disabled xxx " +
    // Keywords of code, met where an unquoted value would be: token: new Token(…), secret: this.secret.
    "new this self await typeof return const let var"
  ).split(" "),
);
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/** True when `secret` is a well-known password or word, maybe in leetspeak, maybe with digits or punctuation appended. */
export function isCommonWord(secret: string): boolean {
  const lower = secret.toLowerCase();
  const bare = lower.replace(/[0-9!._#*-]+$/, "");
  // Digits alone are judged, not dropped: a test's `password: 123456` is a weak password, reported low.
  if (bare.length === 0) return false;
  if (COMMON.has(bare)) return true;
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

const PASSWORD_NAME = /(?:passw|passphrase|pwd|db[_.-]?pass|[_.-]pass(?:[_.-]|$))/i;
// Keys that name a slot, not a secret: primaryKey, cacheKey, public_key.
const NOT_SECRET_NAME = /(?:public|primary|foreign|cache|sort|partition|row|idempotency|lookup|map|index|object|storage|route|i18n|translation|message|label|event|unique|composite|hash)[_.-]?key$/i;

// The name of an environment variable, setting or constant given as the value (api_key: "ANTHROPIC_API_KEY",
// "sentry-dsn-secret": "SENTRY_DSN"): CONSTANT_CASE with at least one underscore. Each "_" delimits,
// so the pattern cannot backtrack.
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
// Words in camelCase or PascalCase, each hump two letters or more (nextPageToken, V1ServiceAccount…): names, not values.
const CAMEL_WORDS = /^(?:[a-z]{2,}|[a-z][0-9]|[A-Z][0-9]?[A-Z]?[a-z]{2,})(?:[A-Z][a-z]{2,})+[0-9]{0,2}$/;

// Names of numeric settings: max_tokens, tokenLimit, password_min_length, secretTTL.
const NUMERIC_NAME = /(?:max|min|count|num|limit|length|len|size|timeout|ttl|expir|lifetime|age|interval|duration|index|idx|offset|width|height|version|retries|attempts|threshold|bits|rounds)/i;
// Version strings (13.0.7, v2.1.0) and number literals (128e3, 0x1f, 3.5).
const NOT_LITERAL = /^(?:[v^~]?\d+(?:\.\d+){2,}|\d+(?:\.\d+)?e\d+|0x[0-9a-f]+|\d+\.\d+|\d+(?:_\d+)+)$/i;
// Identifiers with the marks of code (mapToken2, JSToken, TOKEN_SPLIT_REGEX, token_count): unquoted in code
// (source maps hold code too) they are variables and constants, not values.
const CODE_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const CODE_MARKS = /[a-z][A-Z]|[A-Z][A-Z][a-z]|_|^[A-Z][a-z]+$/;
const CODE_PATH = /\.(?:[cm]?[jt]sx?|py|go|java|kt|scala|rb|php|cs|swift|rs|dart|c|cc|cpp|h|hpp|m|groovy|lua|pl)(?:\.map)?$/i;

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

/**
 * The gates no model decides: values that are no literal secret whatever
 * their context (published keys, password hashes, unsigned JWTs, common
 * words, references, regexes, slot names). CredData, the model's training
 * set, randomises every true value, so a model learns nothing about a real
 * `admin123`; these stay rules. Returns the value to judge (URL passwords
 * percent-decoded), or undefined for a look-alike.
 */
export function gate(kind: JudgeKind, input: JudgeInput): string | undefined {
  let { secret } = input;
  if (kind === "url" && secret.includes("%")) secret = percentDecoded(secret);
  // No letter or digit, or a query string run on (a=1&b=2): nothing a rule meant to capture.
  if (secret.length < 4 || PUBLISHED.has(secret) || !/[A-Za-z0-9]/.test(secret) || /&[A-Za-z_]+=/.test(secret)) return undefined;
  // A hash of a password (bcrypt/crypt, or a name saying sha/hash/digest) is not the password; an unsigned JWT signs nothing.
  if (HASH_NAME.test(input.name ?? "") || /^\$(?:2[abxy]?|1|5|6|apr1|argon2(?:id|i|d))\$/.test(secret) || /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.$/.test(secret)) return undefined;
  // primaryKey, cacheKey; author, authority (the rules' "auth" may run on into a longer word).
  if (NOT_SECRET_NAME.test(input.name ?? "") || /author(?!i[sz])/i.test(input.name ?? "")) return undefined;
  // A value that spells its own name (OAUTH2_CLIENT_SECRET = 'oauth2ClientSecret', private_key: PKCS7PrivateKeyTypes) is a
  // label; under a password name (IRC_PASS=irc_pass) it is a weak password, which judgeGeneric reports at low.
  if (input.name !== undefined && spellsName(secret, input.name) && judgedKind(kind, input.name) !== "password") return undefined;
  // JWTs belong to the jwt rule (private-keys.toml), which knows the published samples; a YAML tag (!vault) is no value.
  if (/^eyJ[A-Za-z0-9_-]*\.eyJ/.test(secret) || /^![A-Za-z]/.test(secret)) return undefined;
  if (isCommonWord(secret) || NOT_LITERAL.test(secret) || ENV_NAME.test(secret) || CAMEL_WORDS.test(secret)) return undefined;
  if (input.name !== undefined && NUMERIC_NAME.test(input.name) && /^\d+$/.test(secret)) return undefined;
  if (CODE_IDENTIFIER.test(secret) && CODE_MARKS.test(secret) && !quoted(input) && CODE_PATH.test(input.path ?? "")) return undefined;
  // $var, $(cmd), %s, {name}: a reference or a format slot, not a literal.
  if (/^(?:\$[A-Za-z_({]|%[sd]$|\{)/.test(secret)) return undefined;
  // A regular expression that describes a secret ([A-Za-z0-9]{20,40}, pass|pwd|secret) is not one.
  if (/\[[A-Za-z0-9]-[A-Za-z0-9]|\{\d+,\d*\}/.test(secret) || /^\w+(?:\|\w+){2,}$/.test(secret)) return undefined;
  return secret;
}

const letters = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Whether `secret`, letters and digits only, holds the whole of `name` (at least 6 of them). */
function spellsName(secret: string, name: string): boolean {
  const n = letters(name.slice(name.lastIndexOf(".") + 1));
  return n.length >= 6 && letters(secret).includes(n);
}

/** Whether the value stands in quotes on its line. */
function quoted(input: JudgeInput): boolean {
  if (input.line === undefined || input.column === undefined) return true;
  const before = input.line.charCodeAt(input.column - 1);
  return before === 34 || before === 39 || before === 96; // " ' `
}

/** The kind a candidate is judged as: a rule for any secret-like name hands a password name's value to the password judge. */
export function judgedKind(kind: JudgeKind, name: string | undefined): JudgeKind {
  return kind === "secret" && name !== undefined && PASSWORD_NAME.test(name) ? "password" : kind;
}

let model: JudgeModel | undefined;
/** The shipped model (models/generic-judge.json), checked on first use. */
function shippedModel(): JudgeModel {
  return (model ??= loadModel(shipped));
}

/**
 * The model's score for a candidate that passed the gates (0..1, the
 * probability it is a real secret), or undefined for a look-alike. `tokens`
 * counts BPE tokens (lazily loaded by the caller).
 */
export function judgeScore(kind: JudgeKind, input: JudgeInput, tokens?: TokenCounter, judgeModel: JudgeModel = shippedModel()): number | undefined {
  const secret = gate(kind, input);
  if (secret === undefined) return undefined;
  return scoreOf(judgeModel, featuresOf({ ...input, secret, kind: judgedKind(kind, input.name) }, tokens));
}

/**
 * The verdict on a generic candidate: the severity its model score maps to
 * (the operating points in models/MODEL_CARD.md), lowered to low for a weak
 * value, or undefined for a look-alike or a score below the lowest
 * operating point.
 */
export function judgeGeneric(kind: JudgeKind, input: JudgeInput, tokens?: TokenCounter, judgeModel: JudgeModel = shippedModel()): Severity | undefined {
  const score = judgeScore(kind, input, tokens, judgeModel);
  if (score !== undefined && input.name !== undefined && spellsName(input.secret, input.name)) return "low";
  const severity = score === undefined ? undefined : severityOf(judgeModel, score);
  // A weak value is a real credential but a weak one: reported, at low, so --min-severity medium hides it.
  return severity === "medium" && isWeak(input.secret) ? "low" : severity;
}

/** Short (under 8 characters) or of one character class and under 16: a weak password, whatever the model's score. */
export function isWeak(secret: string): boolean {
  return secret.length < 8 || (charClasses(secret) < 2 && secret.length < 16);
}
