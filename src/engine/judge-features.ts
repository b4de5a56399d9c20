// The measured signals the generic judge's model reads (engine/judge-model.ts,
// models/MODEL_CARD.md): one number per feature, computed from the value, the
// setting name, the file path, the line and the rule that proposed the value.
// Pure and linear in the inputs' lengths; the regexes here are anchored or
// simple alternations over strings the rules bound (≤ a few hundred
// characters), so none can backtrack far.
//
// The list of names is the model's contract: models/generic-judge.json stores
// one weight per name, and the loader refuses a model whose names differ.

import { isDigit, isLower, isUpper } from "./ascii.js";
import { shannonEntropy } from "./entropy.js";
import type { JudgeKind } from "./types.js";

/** Counts the BPE tokens of a string; injected so the engine loads no tokenizer itself. */
export type TokenCounter = (s: string) => number;

/** What the judge knows about one candidate. */
export interface Candidate {
  kind: JudgeKind;
  secret: string;
  /** The setting name the value is assigned to, when the rule captures one. */
  name?: string;
  /** For URL credentials: the host after the `@`. */
  host?: string;
  /** The proposing rule's id. */
  ruleId?: string;
  /** The file's path (`/` separated). */
  path?: string;
  /** The text of the line the value sits on (bounded by the caller). */
  line?: string;
  /** Offset of the value in `line`. */
  column?: number;
}

/** The rule families the model tells apart (a rule not listed counts as none of them). */
const RULE_FAMILIES: Record<string, string> = {
  "generic-secret-assignment": "quoted",
  "generic-password-assignment": "quoted",
  "generic-secret-assignment-unquoted": "unquoted",
  "generic-password-assignment-unquoted": "unquoted",
  "generic-inline-assignment": "inline",
  "generic-xml-secret": "xml",
  "generic-cli-secret-flag": "cli",
  "generic-cli-password": "cli",
  "generic-securestring": "cli",
  "generic-login-call": "call",
  "generic-credential-call": "call",
  "generic-url-password": "url",
  "generic-url-credential-param": "param",
  "generic-api-key-header": "header",
  "generic-bearer-token": "header",
  "generic-key-assignment": "key",
  "generic-escaped-text-secret": "escaped",
  "generic-password-default": "default",
};

export const FEATURES = [
  "bias",
  // the value
  "len_log2", "len_lt6", "len_lt10", "len_ge24", "len_ge40",
  "classes_1", "classes_2", "classes_3", "classes_4",
  "has_lower", "has_upper", "has_digit", "has_symbol",
  "digits_only", "hex", "hex_ge32", "base64_long",
  "entropy", "entropy_ratio",
  "cpt", "cpt_le1_6", "cpt_le2", "cpt_gt3", "cpt_gt4",
  "vowel_ratio", "repeat_ratio",
  "identifier", "camel_words", "dotted", "has_space", "has_dot", "has_slash", "has_at", "has_colon",
  "starts_upper_word", "ends_digits",
  "reference_like", "weak_shape",
  // the name
  "no_name", "name_password", "name_strong", "name_weak", "name_word_at_end", "name_word_inside",
  "name_test_words", "name_get_set", "name_len_log2", "name_upper_snake",
  // the kind and rule family
  "kind_password", "kind_secret", "kind_url",
  "rule_quoted", "rule_unquoted", "rule_inline", "rule_xml", "rule_cli", "rule_call", "rule_url", "rule_param",
  "rule_header", "rule_key", "rule_escaped", "rule_default",
  "host_local",
  // the file
  "ext_code", "ext_config", "ext_doc", "ext_data", "ext_none",
  "path_test", "path_example", "path_docs", "path_vendor",
  // the line
  "line_comment", "line_quoted", "line_len_log2", "line_has_space_value_after", "line_code_call",
] as const;
export type FeatureName = (typeof FEATURES)[number];

const CODE_EXT = new Set(["js", "mjs", "cjs", "jsx", "ts", "tsx", "py", "go", "java", "kt", "kts", "scala", "rb", "php", "cs", "vb", "fs", "c", "cc", "cpp", "h", "hpp", "m", "mm", "swift", "rs", "dart", "lua", "pl", "pm", "r", "groovy", "gradle", "sh", "bash", "zsh", "ps1", "psm1", "bat", "cmd", "sql", "erl", "ex", "exs", "clj", "hs", "ml", "vue", "svelte", "coffee", "jl", "tf", "hcl"]);
const CONFIG_EXT = new Set(["yml", "yaml", "json", "toml", "ini", "cfg", "conf", "config", "properties", "env", "xml", "plist", "props", "settings", "cnf", "tfvars", "tpl", "template", "dist", "example", "sample", "j2", "erb", "service", "htaccess", "npmrc", "pypirc", "netrc", "gitconfig"]);
const DOC_EXT = new Set(["md", "markdown", "rst", "txt", "adoc", "asciidoc", "html", "htm", "tex", "org", "wiki", "ipynb", "textile", "pod", "rdoc"]);
const DATA_EXT = new Set(["csv", "tsv", "log", "sql", "dump", "har", "pcap", "out", "lock", "map", "snap", "jsonl", "ndjson"]);

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (base.startsWith(".env") || base === "dockerfile" || base === "makefile") return base.startsWith(".env") ? "env" : "sh";
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1);
}

const PATH_TEST = /(?:^|[/._-])(?:tests?|spec|specs|mocks?|fixtures?|testdata|__tests__|unittest|e2e|stubs?|fakes?)(?:[/._-]|$)/i;
const PATH_EXAMPLE = /(?:^|[/._-])(?:examples?|samples?|demos?|tutorials?|templates?|quickstart|playground|sandbox)(?:[/._-]|$)/i;
const PATH_DOCS = /(?:^|[/._-])(?:docs?|documentation|wiki|man|guides?|readme)(?:[/._-]|$)/i;
const PATH_VENDOR = /(?:^|\/)(?:vendor|node_modules|third[_-]?party|external|bower_components|site-packages|dist|build)(?:\/|$)/i;

// Narrower than generic.ts's PASSWORD_NAME (which also takes a `_pass` suffix to call a
// candidate a password): models/generic-judge.json was trained with this test, so widening it
// means retraining (scripts/judge/train.mjs).
const PASSWORD_FEATURE_NAME = /(?:passw|passphrase|pwd|db[_.-]?pass)/i;
const STRONG_NAME = /(?:passw|passphrase|pwd|secret|api[_.-]?key|apikey|private[_.-]?key|access[_.-]?key|signing[_.-]?key|master[_.-]?key|encryption[_.-]?key|(?:access|auth|api|bearer|refresh|session|bot|deploy|personal|service|admin|app|client|oauth|webhook|slack|github|gitlab|npm)[_.-]?token|consumer[_.-]?key|license[_.-]?key)/i;
const WEAK_NAME = /^(?:[a-z]*[_.-])?(?:key|auth|token|credentials?|creds?)$/i;
const WORD_AT_END = /(?:passw(?:or)?d|passphrase|pwd|pass|secret|token|key|auth|credentials?|creds?)["']?$/i;
const NAME_TEST_WORDS = /(?:test|example|sample|dummy|fake|mock|demo|default|placeholder|hint|label|field|length|type|name|prompt|placeholder|policy|reset|confirm|expir|valid|url|uri|path|file|regex|pattern|format|header|param|id$)/i;
const NAME_GET_SET = /^(?:get|set|is|has|validate|check|verify|reset|update|create|generate|encode|decode|hash)[A-Z_]/;

const IDENTIFIER = /^(?:[A-Z0-9]+(?:_[A-Z0-9]+)+|[a-z0-9]+(?:[_-][a-z0-9]+)+)$/;
// Linear on purpose (V8 backtracks): each alternative starts differently and has one length
// (a word takes its whole lowercase run, a digit is one character), so no input can split two ways.
// `(?:…|[0-9]{1,3}|…)+` hung for minutes on a 64-character hex test vector.
const CAMEL_WORDS = /^(?:[A-Z]?[a-z]{2,}(?![a-z])|[0-9]|[A-Z][0-9])+$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\??\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const REFERENCE_LIKE = /^(?:\$|%|\{|@|&|#\{|env[.:]|process\.env|os\.environ|settings\.|config\.|self\.|this\.|args?\.|params?\.|req\.|options?\.)/i;
const HOST_LOCAL = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|(?:[a-z0-9-]+\.)*example\.(?:com|org|net)|[a-z0-9-]+\.(?:example|invalid|test|local))(?::\d+)?$/i;
const COMMENT = /^\s*(?:#|\/\/|\/\*|\*|--|<!--|;|%|REM\s|')/;
const VOWELS = new Set([97, 101, 105, 111, 117, 65, 69, 73, 79, 85]);

const log2 = (n: number) => Math.log2(Math.max(1, n));
const b = (x: boolean) => (x ? 1 : 0);

/**
 * The feature vector of a candidate, in the order of FEATURES. `tokens`
 * counts BPE tokens; without it the characters-per-token features read as
 * those of a random value (the tokenizer is only missing in unit tests that
 * leave it out on purpose).
 */
export function featuresOf(c: Candidate, tokens?: TokenCounter): Float64Array {
  const v = new Float64Array(FEATURES.length);
  let i = 0;
  const put = (x: number) => {
    v[i++] = x;
  };
  const s = c.secret;
  const n = s.length;
  let lower = 0, upper = 0, digit = 0, symbol = 0, vowels = 0, repeats = 0, hexChars = 0, b64 = 0;
  for (let k = 0; k < n; k++) {
    const ch = s.charCodeAt(k);
    if (isLower(ch)) lower++;
    else if (isUpper(ch)) upper++;
    else if (isDigit(ch)) digit++;
    else symbol++;
    if (VOWELS.has(ch)) vowels++;
    if (k > 0 && ch === s.charCodeAt(k - 1)) repeats++;
    if (isDigit(ch) || (ch >= 97 && ch <= 102)) hexChars++;
    if (isLower(ch) || isUpper(ch) || isDigit(ch) || ch === 43 || ch === 47 || ch === 61 || ch === 45 || ch === 95) b64++;
  }
  const classes = b(lower > 0) + b(upper > 0) + b(digit > 0) + b(symbol > 0);
  const entropy = shannonEntropy(s);
  const cpt = tokens ? n / Math.max(1, tokens(s)) : 1.5;
  const hex = n > 0 && (hexChars === n || /^[0-9A-F]+$/.test(s));
  const letters = lower + upper;

  put(1);
  put(log2(n)); put(b(n < 6)); put(b(n < 10)); put(b(n >= 24)); put(b(n >= 40));
  put(b(classes === 1)); put(b(classes === 2)); put(b(classes === 3)); put(b(classes === 4));
  put(b(lower > 0)); put(b(upper > 0)); put(b(digit > 0)); put(b(symbol > 0));
  put(b(digit === n)); put(b(hex)); put(b(hex && n >= 32)); put(b(b64 === n && n >= 32));
  put(entropy); put(n > 1 ? entropy / Math.log2(Math.min(n, 64)) : 0);
  put(Math.min(cpt, 8)); put(b(cpt <= 1.6)); put(b(cpt <= 2)); put(b(cpt > 3)); put(b(cpt > 4));
  put(letters ? vowels / letters : 0); put(n > 1 ? repeats / (n - 1) : 0);
  put(b(IDENTIFIER.test(s))); put(b(CAMEL_WORDS.test(s) && !hex)); put(b(DOTTED.test(s)));
  put(b(s.includes(" "))); put(b(s.includes("."))); put(b(s.includes("/"))); put(b(s.includes("@"))); put(b(s.includes(":")));
  put(b(/^[A-Z][a-z]{2,}/.test(s))); put(b(/[A-Za-z][0-9]{1,4}$/.test(s)));
  put(b(REFERENCE_LIKE.test(s)));
  put(b(n < 8 || classes === 1));

  const name = c.name;
  put(b(name === undefined));
  put(b(name !== undefined && PASSWORD_FEATURE_NAME.test(name)));
  put(b(name !== undefined && STRONG_NAME.test(name)));
  put(b(name !== undefined && WEAK_NAME.test(name)));
  put(b(name !== undefined && WORD_AT_END.test(name)));
  put(b(name !== undefined && !WORD_AT_END.test(name)));
  put(b(name !== undefined && NAME_TEST_WORDS.test(name)));
  put(b(name !== undefined && NAME_GET_SET.test(name)));
  put(name === undefined ? 0 : log2(name.length));
  put(b(name !== undefined && /^[A-Z0-9_]+$/.test(name)));

  put(b(c.kind === "password")); put(b(c.kind === "secret")); put(b(c.kind === "url"));
  const family = RULE_FAMILIES[c.ruleId ?? ""] ?? "";
  for (const f of ["quoted", "unquoted", "inline", "xml", "cli", "call", "url", "param", "header", "key", "escaped", "default"]) put(b(family === f));
  put(b(c.host !== undefined && HOST_LOCAL.test(c.host)));

  const path = c.path ?? "";
  const ext = extensionOf(path);
  put(b(CODE_EXT.has(ext))); put(b(CONFIG_EXT.has(ext))); put(b(DOC_EXT.has(ext))); put(b(DATA_EXT.has(ext))); put(b(ext === ""));
  put(b(PATH_TEST.test(path))); put(b(PATH_EXAMPLE.test(path))); put(b(PATH_DOCS.test(path))); put(b(PATH_VENDOR.test(path)));

  const line = c.line ?? "";
  const col = c.column ?? 0;
  const before = line.slice(Math.max(0, col - 1), col);
  const after = line.slice(col + n, col + n + 1);
  put(b(COMMENT.test(line)));
  put(b(before === '"' || before === "'" || before === "`"));
  put(log2(line.length));
  put(b(/^[ \t]+[A-Za-z]/.test(line.slice(col + n))));
  put(b(/[A-Za-z_]\(/.test(line.slice(0, Math.max(0, col))) && after !== ""));
  return v;
}
