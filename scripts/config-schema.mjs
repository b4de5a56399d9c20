// The JSON Schema of .scan-keys.toml (and of package.json's "scan-keys"
// key), written by the build to dist/scan-keys.schema.json so its list of
// rule ids is always the built-in rules of that build. Editors use it for
// completion and checks: Taplo and VS Code's Even Better TOML read the
// `#:schema` line `scan-keys init` writes. The loader (src/config/schema.ts)
// stays the judge: this mirrors it, and test/config-schema.test.ts checks
// both agree on the init template, the README's examples and typical typos.

const REQUIRE = ["digit", "letter", "upper", "lower"];
const REJECT = ["uuid", "identifier", "dotted", "words", "path", "filename", "url", "integrity", "request-token-name"];
const JUDGE = ["password", "secret", "url"];
const CHECKSUM = ["github-crc32"];

const strings = (description, extra = {}) => ({ type: "array", items: { type: "string", ...extra }, description });

/** `ruleIds`: the built-in rule ids, for `disable` and the [entropy] keys' completion. */
export function configSchema(ruleIds) {
  const ruleId = { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" };
  const rule = {
    type: "object",
    additionalProperties: false,
    required: ["id", "provider", "description", "regex", "keywords", "revoke", "examples"],
    properties: {
      id: { ...ruleId, description: "Lower-case letters, digits and dashes; unique." },
      provider: { type: "string", minLength: 1 },
      description: { type: "string", minLength: 1 },
      regex: { type: "string", minLength: 1, description: "RE2 syntax (no lookaround, no backreference); the secret is capture group 1, or secretGroup." },
      flags: { type: "string", pattern: "^[imsu]*$", description: "RE2 flags, written as an inline group." },
      secretGroup: { type: "integer", minimum: 0 },
      keywords: strings("Lower-case words; the rule runs only where one occurs.", { minLength: 2, pattern: "^[\\x20-\\x7e]+$" }),
      entropy: { type: "number", minimum: 0, maximum: 8, description: "Minimum Shannon entropy (bits per character) of the secret." },
      severity: { enum: ["high", "medium", "low"] },
      revoke: { type: "string", minLength: 1, description: "Where to revoke a key of this kind." },
      window: { type: "integer", minimum: 16, maximum: 65536 },
      multiline: { type: "boolean" },
      allow: strings("RE2 patterns on the secret: a matching secret is not reported."),
      paths: { ...strings("Globs of the files the rule applies to."), minItems: 1 },
      examplePath: { type: "string" },
      target: { enum: ["content", "path"] },
      require: { type: "array", items: { enum: REQUIRE }, description: "Character classes the secret must hold." },
      reject: { type: "array", items: { enum: REJECT }, description: "Shapes of look-alikes to drop." },
      stopwords: strings("A secret containing one (any case) is dropped."),
      maxLength: { type: "integer", minimum: 1 },
      judge: { enum: JUDGE, description: "Lets the generic judge set the severity or drop look-alikes." },
      credentialStore: { type: "boolean" },
      checksum: { enum: CHECKSUM },
      examples: {
        type: "object",
        additionalProperties: false,
        required: ["match", "nomatch"],
        properties: {
          match: { ...strings('Lines the rule must find ("~~" is removed first).'), minItems: 1 },
          nomatch: strings("Look-alikes it must not find."),
        },
      },
    },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "scan-keys configuration (.scan-keys.toml)",
    description: "Unknown keys are errors. Every pattern is RE2 syntax.",
    type: "object",
    additionalProperties: false,
    properties: {
      extend: { type: "boolean", default: true, description: "Keep the built-in rules and add [[rules]] (true), or use only [[rules]] (false)." },
      disable: { type: "array", items: { enum: ruleIds }, uniqueItems: true, description: "Built-in rule ids to turn off (scan-keys rules lists them)." },
      baseline: { type: "string", minLength: 1, description: "A baseline written by scan-keys baseline, used when --baseline is not given; it must exist." },
      entropy: {
        type: "object",
        description: "Minimum Shannon entropy (0-8) per rule id.",
        propertyNames: ruleId,
        additionalProperties: { type: "number", minimum: 0, maximum: 8 },
      },
      allowlist: {
        type: "object",
        additionalProperties: false,
        properties: {
          paths: strings("micromatch globs from the repository root; findings there are suppressed (still scanned and counted)."),
          regexes: strings("RE2 patterns on the secret."),
          lines: strings("RE2 patterns on the whole source line."),
          stopwords: strings("A secret containing one (any case) is dropped."),
        },
      },
      rules: { type: "array", items: rule, description: "Rules of your own, in the format of the built-in rules." },
    },
  };
}
