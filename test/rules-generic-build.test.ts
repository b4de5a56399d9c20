// The four assignment regexes in rules/generic.toml are long and generated:
// setting names are spelled case-insensitively ([Aa][Pp][Ii]…) so the value
// checks can stay case-sensitive. This file is their source. To change a
// generic rule, edit the lists or pieces below, run this test, and paste the
// regex it prints into rules/generic.toml.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";

/** Names ending in one of these are secret-like (the name must END in the word). */
const SECRET_WORDS = [
  "api_key", "apikey", "api_secret", "api_token", "app_secret", "secret", "secret_key", "secret_key_base",
  "client_secret", "token", "access_token", "auth_token", "refresh_token", "bearer_token", "bot_token",
  "session_secret", "jwt_secret", "webhook_secret", "auth", "auth_key", "access_key", "secret_access_key",
  "private_key", "signing_key", "encryption_key", "master_key", "credential", "credentials", "license_key",
];
const PASSWORD_WORDS = ["password", "passwd", "pwd", "passphrase", "db_pass"];
const PASSWORD_KEYWORD_WORDS = ["passw", "pwd", "passphrase", "db_pass"];

/** "api_key" -> [Aa][Pp][Ii][_.-]?[Kk][Ee][Yy] */
function ci(word: string): string {
  let out = "";
  for (const ch of word) {
    if (/[a-z]/i.test(ch)) out += `[${ch.toUpperCase()}${ch.toLowerCase()}]`;
    else if (ch === "_") out += "[_.-]?";
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return out;
}
const alt = (words: string[]) =>
  `(?:${[...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(ci).join("|")})`;

/** Prefilter keywords: every spelling (_ - . or nothing between parts), minus those containing a shorter one. */
function keywords(words: string[]): string[] {
  const all = new Set<string>();
  for (const w of words) {
    const parts = w.split("_");
    let spellings = [parts[0]!];
    for (const p of parts.slice(1)) spellings = spellings.flatMap((s) => ["_", "-", ".", ""].map((sep) => s + sep + p));
    for (const s of spellings) all.add(s.toLowerCase());
  }
  const byLength = [...all].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const out: string[] = [];
  for (const k of byLength) if (!out.some((o) => k.includes(o))) out.push(k);
  return out.sort();
}

const VCH = "[A-Za-z0-9+/=_.!@#%^&*,:;?|-]"; // quoted values
const UVCH = "[A-Za-z0-9+/=_.!@#%^*:?|-]"; // unquoted values: no , ; & (code arguments, query strings)

/** A high-entropy value: letters and digits, and not an id, hash, path, URL or identifier. */
function value(min: number, max: number, term: string, vch = VCH): string {
  return (
    `(?=${vch}*[0-9])(?=${vch}*[A-Za-z])` +
    String.raw`(?!\.{0,2}/|https?:|ftp:|file:|data:|sha(?:1|256|384|512)-|md5-)` +
    `(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}${term})` + // UUID
    `(?![A-Z0-9]+(?:_[A-Z0-9]+)+${term})` + // CONSTANT_CASE
    `(?![a-z0-9]+(?:[_-][a-z0-9]+)+${term})` + // snake_case, kebab-case
    String.raw`(?![A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\.?` + `${term})` + // dotted.identifier
    String.raw`(?!(?:[A-Z]?[a-z]{2,}|[0-9]{1,3}|[A-Z][0-9])+\.?` + `${term})` + // camelCase / PascalCase words
    `(?![a-z0-9_.-]+(?:/[a-z0-9_.-]+)+${term})` + // lower-case path
    String.raw`(?!` + `${vch}*` + String.raw`\.(?:json|pem|key|txt|ya?ml|p12|pfx|crt|der|jks|js|ts|py|rb|sh|env|enc|gpg|asc)` + `${term})` + // file name
    `(${vch}{${min},${max}})`
  );
}
const OPS = String.raw`(?:=|:=|:|=>|\?\?=|\|\|=|\?=)`;
/** Not a secret: pagination, CSRF and request tokens (nextToken, page_token, csrf_token, …). */
const NEGT =
  "(?<!(?:[Nn]ext|NEXT|[Pp]age|PAGE|[Cc]ontinuation|[Pp]agination|[Ss]ync|[Cc]ursor|[Cc]srf|CSRF|[Xx]srf|XSRF|[Cc]ancel|[Cc]ancellation|[Ii]dempotency|[Rr]equest|[Rr]esume|[Ss]tart)[_.-]?[Tt][Oo][Kk][Ee][Nn])";
const Q = "[\"'\\x60]";

/** NAME = "value" in every language; or ("NAME", "value") as call arguments (define, setenv, put …). */
function quoted(name: string, min: number): string {
  return (
    `(?:${name}${NEGT}${Q}?\\]?\\s*${OPS}|(?<=\\(\\s*${Q}[A-Za-z0-9_.-]*)${name}${NEGT}${Q}\\s*,)` +
    `\\s*(?:[rbuRBU]|@)?(${Q})` +
    value(min, 200, "\\1") +
    "\\1"
  );
}
const TERM = String.raw`[ \t\r]*(?:#[^\n]*)?$`;
/** NAME=value at the start of a line: .env, export, YAML, INI/properties, Dockerfile ENV/ARG (also ENV NAME value). */
function unquoted(name: string, min: number): string {
  return (
    String.raw`^[ \t]*(?:-[ \t]+)?(?:(?:export[ \t]+|(?:ENV|ARG)[ \t]+|set[ \t]+)?[A-Za-z0-9_.-]*?` +
    name +
    NEGT +
    String.raw`[ \t]*(?::=|=|:)|ENV[ \t]+[A-Za-z0-9_.-]*?` +
    name +
    NEGT +
    String.raw`[ \t]+)[ \t]*` +
    value(min, 200, TERM, UVCH) +
    TERM
  );
}

const XVCH = "[A-Za-z0-9+/=_.!@#%^*,:;?|-]"; // XML text and command-line values

/** <password>v</password>, <add key="…ApiKey" value="v"/>, <string name="…api_key">v</string> */
function xml(min: number): string {
  const name = alt([...SECRET_WORDS, ...PASSWORD_WORDS]);
  return (
    `(?<=<[A-Za-z0-9_.:-]*?${name}${NEGT}>|\\bkey\\s*=\\s*"[A-Za-z0-9_.:-]*?${name}${NEGT}"\\s+value\\s*=\\s*"|\\bname\\s*=\\s*"[A-Za-z0-9_.:-]*?${name}${NEGT}">)` +
    value(min, 200, '(?:<|")', XVCH) +
    '(?=<|")'
  );
}
const CLI_FLAGS = ["api-key", "apikey", "token", "access-token", "auth-token", "secret", "client-secret", "password", "passwd", "access-key", "secret-key", "private-key"];
/** --password=v, --token v, --client-secret "v" */
function cli(min: number): string {
  return (
    `(?<![^\\s"'])--?(?:[A-Za-z0-9]+-)*${alt(CLI_FLAGS)}(?:=|[ \\t]+)(["']?)` +
    value(min, 200, "\\1(?:\\s|$)", XVCH) +
    "\\1(?=\\s|$)"
  );
}

const NAME = alt(SECRET_WORDS);
const PWNAME = alt(PASSWORD_WORDS);
const expected: Record<string, { regex: string; keywords: string[] }> = {
  "generic-secret-assignment": { regex: quoted(NAME, 16), keywords: keywords(SECRET_WORDS) },
  "generic-secret-assignment-unquoted": { regex: unquoted(NAME, 16), keywords: keywords(SECRET_WORDS) },
  "generic-password-assignment": { regex: quoted(PWNAME, 10), keywords: keywords(PASSWORD_KEYWORD_WORDS) },
  "generic-password-assignment-unquoted": { regex: unquoted(PWNAME, 10), keywords: keywords(PASSWORD_KEYWORD_WORDS) },
  "generic-xml-secret": { regex: xml(12), keywords: keywords([...SECRET_WORDS, ...PASSWORD_KEYWORD_WORDS.slice(0, 3)]) },
  "generic-cli-secret-flag": { regex: cli(12), keywords: ["api-key", "apikey", "token", "secret", "password", "passwd", "access-key", "private-key"] },
};

const file = parse(readFileSync(join(import.meta.dirname, "..", "rules", "generic.toml"), "utf8")) as {
  rules: { id: string; regex: string; keywords: string[] }[];
};

describe("rules/generic.toml assignment regexes match their source", () => {
  for (const [id, want] of Object.entries(expected)) {
    it(id, () => {
      const rule = file.rules.find((r) => r.id === id);
      expect(rule, `rule ${id} in rules/generic.toml`).toBeDefined();
      expect(rule!.regex, `paste into rules/generic.toml:\nregex = '''${want.regex}'''`).toBe(want.regex);
      expect(rule!.keywords).toEqual(want.keywords);
    });
  }
});
