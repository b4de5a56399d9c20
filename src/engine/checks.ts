// Named checks on a captured secret. A rule regex says where a key can be;
// these say what a key is not (a UUID, an identifier, a path, a URL, a
// pagination token…). They replace the lookarounds that other dialects put in
// the regex, which RE2 syntax leaves out because they cannot run in linear
// time. Each check is a small function, linear in the secret's length.
//
// A rule names them in TOML:
//   require = ["digit", "letter"]          every listed class must occur
//   reject  = ["uuid", "identifier", …]    any listed shape drops the match

import { isDigit, isLower, isUpper } from "./ascii.js";
import { compileRe2, type Re2 } from "./regex.js";

/** What a check sees: the secret, and the setting name when the rule's regex captures one in a group named `name` (or `name_…`). */
export interface CheckInput {
  secret: string;
  name?: string;
}

type Predicate = (input: CheckInput) => boolean;

function hasChar(s: string, test: (c: number) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (test(s.charCodeAt(i))) return true;
  return false;
}

/** Character classes a secret must hold (`require`). */
export const REQUIRE: Record<string, Predicate> = {
  digit: ({ secret }) => hasChar(secret, isDigit),
  letter: ({ secret }) => hasChar(secret, (c) => isUpper(c) || isLower(c)),
  upper: ({ secret }) => hasChar(secret, isUpper),
  lower: ({ secret }) => hasChar(secret, isLower),
};

/**
 * Whole-secret shapes, as anchored RE2 patterns (linear like every rule
 * regex), compiled on first use.
 */
export const SHAPES: Record<string, string> = {
  uuid: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  constant: "^[A-Z0-9]+(?:_[A-Z0-9]+)+$",
  snake: "^[a-z0-9]+(?:[_-][a-z0-9]+)+$",
  // a.b.c, and member expressions with optional chaining (options2?.resumeToken)
  dotted: "^[A-Za-z_][A-Za-z0-9_]*(?:\\??\\.[A-Za-z_][A-Za-z0-9_]*)+\\.?$",
  // camelCase / PascalCase words with a few digits: oauth2ClientSecret, V1ServiceAccountTokenProjection
  words: "^(?:[A-Z]?[a-z]{2,}|[0-9]{1,3}|[A-Z][0-9])+\\.?$",
  lowerPath: "^[a-z0-9_.-]+(?:/[a-z0-9_.-]+)+$",
  fileName: "\\.(?:json|pem|key|txt|ya?ml|p12|pfx|crt|der|jks|js|ts|py|rb|sh|env|enc|gpg|asc)$",
  url: "^(?:https?|ftp|file|data):",
  integrity: "^(?:sha(?:1|256|384|512)|md5)-",
  requestTokenName:
    "(?i)(?:next|page|continuation|pagination|sync|cursor|csrf|xsrf|cancel|cancellation|idempotency|request|resume|start)[_.-]?token$",
};
/**
 * 16+ hex digits: a digest or key, never code. Random hex often has its
 * letters only in runs of two or more ("6366eb80dffedb81…", about 1 in 200
 * 32-digit values), which the camelCase "words" shape would read as code.
 */
function longHex(s: string): boolean {
  return s.length >= 16 && /^[0-9a-f]+$/i.test(s);
}

const compiled = new Map<string, Re2>();
function shape(name: keyof typeof SHAPES, s: string): boolean {
  let re = compiled.get(name);
  if (!re) compiled.set(name, (re = compileRe2(SHAPES[name]!, true))); // the package's own: test/wasm-regex.test.ts checks each
  return re.test(s);
}

/** Shapes that make a match a look-alike (`reject`). */
export const REJECT: Record<string, Predicate> = {
  /** 8-4-4-4-12 hex: an identifier, not a credential. */
  uuid: ({ secret }) => shape("uuid", secret),
  /** CONSTANT_CASE, snake_case, kebab-case and dotted.names: code, not a key. */
  identifier: ({ secret }) => shape("constant", secret) || shape("snake", secret) || shape("dotted", secret),
  /** dotted.names and member expressions alone (opts.password, this.token): a reference in code; the generic rules leave CONSTANT and snake_case values to the judge. */
  dotted: ({ secret }) => shape("dotted", secret),
  /**
   * camelCase / PascalCase words (oauth2ClientSecret). Not part of
   * `identifier`: random passwords often take this shape too ("LpxvtmQ2R7"),
   * so the generic rules leave word-likeness to the judge's tokenizer signal.
   */
  words: ({ secret }) => shape("words", secret) && !longHex(secret),
  /** ./x, ../x, /x, or a lower-case a/b/c path. */
  path: ({ secret }) =>
    secret.startsWith("/") || secret.startsWith("./") || secret.startsWith("../") || shape("lowerPath", secret),
  /** Ends in a file extension of keys, certificates, configs or code (server.pem, creds.json). */
  filename: ({ secret }) => shape("fileName", secret),
  /** A URL (http:, https:, ftp:, file:, data:). */
  url: ({ secret }) => shape("url", secret),
  /** A subresource-integrity or package-lock hash (sha512-…, md5-…). */
  integrity: ({ secret }) => shape("integrity", secret),
  /**
   * The setting is a pagination, CSRF or request token (nextPageToken,
   * csrf_token, idempotency-token), not a credential. Needs a `name` group.
   */
  "request-token-name": ({ name }) => name !== undefined && shape("requestTokenName", name),
};

export interface SecretCheck {
  /** "require digit", "reject uuid": for messages and tests. */
  label: string;
  /** True when the match passes. */
  pass: Predicate;
}

/** Turns a rule's `require` and `reject` lists into checks; unknown names throw with the list of known ones. */
export function compileChecks(require: string[] = [], reject: string[] = []): SecretCheck[] {
  const out: SecretCheck[] = [];
  for (const name of require) {
    const p = REQUIRE[name];
    if (!p) throw new Error(`"require" names "${name}"; known: ${Object.keys(REQUIRE).join(", ")}`);
    out.push({ label: `require ${name}`, pass: p });
  }
  for (const name of reject) {
    const p = REJECT[name];
    if (!p) throw new Error(`"reject" names "${name}"; known: ${Object.keys(REJECT).join(", ")}`);
    out.push({ label: `reject ${name}`, pass: (input) => !p(input) });
  }
  return out;
}
