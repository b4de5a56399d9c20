// .gitleaks.toml (gitleaks v8's config format), translated into the rule
// model .scan-keys.toml uses: [[rules]] become custom rules, allowlists
// become AllowlistSpecs the filters apply, and "the default config" means
// scan-keys' built-in rules. Every key gitleaks documents is either honoured
// or refused with a sentence naming it: a rule silently dropped would let
// keys through.
//
// Meanings follow gitleaks' own config loader: a config without [extend]
// useDefault = true replaces the defaults; a rule whose id the extended
// config already has is merged into it (its fields override, keywords, tags
// and allowlists add up); `path` and allowlist `paths` are RE2 patterns on
// the file path; an allowlist joins its conditions with OR unless
// condition = "AND"; `regexTarget` picks what `regexes` test; global
// allowlists with `targetRules` apply to those rules only.

import { compileRe2, RegexSyntaxError } from "../engine/index.js";
import type { AllowlistSpec, RuleSpec } from "../engine/types.js";
import { configError, lineOfKey, lineOfText, ruleHeaderLines } from "./error.js";
import { GITLEAKS_ID_ALIASES } from "./gitleaks-ids.js";
import type { ConfigSettings, CustomRule } from "./schema.js";

type Table = Record<string, unknown>;

/** One parsed gitleaks config file. */
export interface GitleaksFile {
  /** How the file is named in messages. */
  name: string;
  text: string;
  doc: Table;
}

/** Reads the file an [extend] path names (relative to the extending file's directory). */
export type ReadExtended = (path: string, from: GitleaksFile, line: number | undefined) => Promise<GitleaksFile>;

const TOP_KEYS = ["title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists"];
const EXTEND_KEYS = ["useDefault", "path", "disabledRules"];
const RULE_KEYS = ["id", "description", "regex", "path", "secretGroup", "entropy", "keywords", "tags", "allowlists", "allowlist"];
const ALLOWLIST_KEYS = ["description", "condition", "commits", "paths", "regexes", "regexTarget", "stopwords"];
/** gitleaks stops after two levels of [extend] path. */
const MAX_EXTEND_DEPTH = 2;

export const DEFAULT_PROVIDER = "custom rule";
export const DEFAULT_REVOKE = "Revoke or rotate it with the service that issued it, then remove it from the code.";
/** Windows (characters each side of a keyword) for translated rules: gitleaks runs a rule on the whole file, so matches may cross lines. */
const WINDOW = 512;
const BLOCK_WINDOW = 8192;

interface GlRule {
  id: string;
  description?: string;
  regex?: string;
  path?: string;
  secretGroup?: number;
  entropy?: number;
  keywords: string[];
  tags: string[];
  allowlists: AllowlistSpec[];
  origin: string;
  from: number;
  to: number;
  file: GitleaksFile;
}

interface GlConfig {
  title?: string;
  useDefault: boolean;
  disabled: { id: string; line?: number }[];
  rules: Map<string, GlRule>;
  allowlists: AllowlistSpec[];
  targets: { id: string; line?: number }[];
  files: string[];
}

function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

function quoteList(keys: string[]): string {
  return keys.length === 1 ? keys[0]! : `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}`;
}

/** Line range [from, to) of the first `[name]` table header, for finding keys inside it. */
function tableRange(text: string, name: string): { from: number; to: number } {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => new RegExp(`^\\s*\\[\\s*${name}\\s*\\]`).test(l));
  if (start === -1) return { from: 1, to: Number.POSITIVE_INFINITY };
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\s*\[/.test(lines[i]!)) {
      end = i;
      break;
    }
  }
  return { from: start + 1, to: end + 1 };
}

class Reader {
  constructor(
    readonly file: GitleaksFile,
    readonly from = 1,
    readonly to = Number.POSITIVE_INFINITY,
  ) {}

  line(key: string): number | undefined {
    return lineOfKey(this.file.text, key, this.from, this.to) ?? (this.from > 1 ? this.from : undefined);
  }

  fail(key: string | undefined, problem: string): never {
    throw configError(this.file.name, key ? this.line(key) : this.from > 1 ? this.from : undefined, problem);
  }

  /** Compiles an RE2 pattern, or fails at the line holding it. */
  pattern(source: string, key: string, what: string): string {
    try {
      compileRe2(source);
      return source;
    } catch (err) {
      if (!(err instanceof RegexSyntaxError)) throw err;
      const at = lineOfText(this.file.text, source.split("\n", 1)[0]!, this.from, this.to) ?? this.line(key);
      throw configError(this.file.name, at, `${what} ${err.message}`);
    }
  }
}

function checkKeys(t: Table, allowed: string[], r: Reader, where: string, refused: Record<string, string> = {}): void {
  for (const key of Object.keys(t)) {
    if (refused[key]) r.fail(key, refused[key]);
    if (!allowed.includes(key)) r.fail(key, `unknown key "${key}" in ${where}; gitleaks' config format has ${quoteList(allowed)} there`);
  }
}

function allowlistOf(raw: unknown, r: Reader, where: string, global: boolean): { spec: AllowlistSpec; targets: { id: string; line?: number }[] } {
  if (!isTable(raw)) r.fail(undefined, `${where} must be a table`);
  checkKeys(raw, global ? [...ALLOWLIST_KEYS, "targetRules"] : ALLOWLIST_KEYS, r, where);
  const list = (key: string): string[] => {
    if (raw[key] === undefined) return [];
    const v = strings(raw[key]);
    if (!v) r.fail(key, `${where} "${key}" must be a list of strings`);
    return v;
  };
  const cond = raw.condition === undefined ? "OR" : typeof raw.condition === "string" ? raw.condition.toUpperCase() : undefined;
  if (cond !== "OR" && cond !== "AND" && cond !== "||" && cond !== "&&") r.fail("condition", `${where} "condition" must be "OR" or "AND"`);
  const target = raw.regexTarget ?? "secret";
  if (target !== "secret" && target !== "match" && target !== "line") r.fail("regexTarget", `${where} "regexTarget" must be "secret", "match" or "line"`);
  if (raw.description !== undefined && typeof raw.description !== "string") r.fail("description", `${where} "description" must be a string`);
  const spec: AllowlistSpec = {
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
    condition: cond === "AND" || cond === "&&" ? "AND" : "OR",
    commits: list("commits").map((c) => c.trim().toLowerCase()),
    paths: list("paths").map((p, i) => r.pattern(p, "paths", `${where} paths entry ${i + 1}`)),
    regexes: list("regexes").map((p, i) => r.pattern(p, "regexes", `${where} regexes entry ${i + 1}`)),
    regexTarget: target,
    stopwords: list("stopwords").filter((w) => w.length > 0).map((w) => w.toLowerCase()),
  };
  if (!spec.commits.length && !spec.paths.length && !spec.regexes.length && !spec.stopwords.length) {
    r.fail(undefined, `${where} must list at least one of commits, paths, regexes or stopwords`);
  }
  const targets = list("targetRules").map((id) => ({ id, line: lineOfText(r.file.text, `"${id}"`, r.from, r.to) ?? r.line("targetRules") }));
  return { spec, targets };
}

function ruleOf(raw: unknown, file: GitleaksFile, from: number, to: number): GlRule {
  const r: Reader = new Reader(file, from || 1, to);
  if (!isTable(raw)) r.fail(undefined, `a [[rules]] entry must be a table`);
  const id = typeof raw.id === "string" ? raw.id.trim() : "";
  if (!id) r.fail("id", `a [[rules]] entry has no "id"`);
  if (!/^[\x21-\x7e]+$/.test(id)) r.fail("id", `rule id "${id}" must be printable characters without spaces`);
  const where = `rule "${id}"`;
  checkKeys(raw, RULE_KEYS, r, where, {
    required: `${where}: composite rules ([[rules.required]]) are not supported by scan-keys; remove the [[rules.required]] table, or split the rule`,
    skipReport: `${where}: "skipReport" only makes sense with [[rules.required]], which scan-keys does not support; remove it`,
  });
  const str = (key: string): string | undefined => {
    if (raw[key] === undefined || raw[key] === "") return undefined;
    if (typeof raw[key] !== "string") r.fail(key, `${where}: "${key}" must be a string`);
    return raw[key] as string;
  };
  const list = (key: string): string[] => {
    if (raw[key] === undefined) return [];
    const v = strings(raw[key]);
    if (!v) r.fail(key, `${where}: "${key}" must be a list of strings`);
    return v;
  };
  const regex = str("regex");
  const path = str("path");
  if (regex !== undefined) r.pattern(regex, "regex", `${where}: "regex"`);
  if (path !== undefined) r.pattern(path, "path", `${where}: "path"`);
  if (raw.secretGroup !== undefined && (!Number.isInteger(raw.secretGroup) || (raw.secretGroup as number) < 0)) {
    r.fail("secretGroup", `${where}: "secretGroup" must be a whole number`);
  }
  if (raw.entropy !== undefined && (typeof raw.entropy !== "number" || !Number.isFinite(raw.entropy) || raw.entropy < 0)) {
    r.fail("entropy", `${where}: "entropy" must be a number of bits per character (0 to 8)`);
  }
  if (raw.allowlist !== undefined && raw.allowlists !== undefined) {
    r.fail("allowlist", `${where}: [rules.allowlist] and [[rules.allowlists]] cannot both be used; move the first into the second`);
  }
  const allowlists: AllowlistSpec[] = [];
  if (raw.allowlist !== undefined) allowlists.push(allowlistOf(raw.allowlist, r, `${where} [rules.allowlist]`, false).spec);
  if (raw.allowlists !== undefined) {
    if (!Array.isArray(raw.allowlists)) r.fail("allowlists", `${where}: "allowlists" must be [[rules.allowlists]] tables`);
    for (const a of raw.allowlists) allowlists.push(allowlistOf(a, r, `${where} [[rules.allowlists]]`, false).spec);
  }
  const secretGroup = raw.secretGroup as number | undefined;
  return {
    id,
    ...(str("description") !== undefined ? { description: str("description") } : {}),
    ...(regex !== undefined ? { regex } : {}),
    ...(path !== undefined ? { path } : {}),
    // gitleaks reads 0 as "not set": the first group that matched something.
    ...(secretGroup ? { secretGroup } : {}),
    ...(raw.entropy ? { entropy: raw.entropy as number } : {}),
    keywords: list("keywords").map((k) => k.toLowerCase()).filter((k) => k.length > 0),
    tags: list("tags"),
    allowlists: allowlists.map((a) => ({ ...a, rules: [id] })),
    origin: from ? `${file.name}:${from}` : file.name,
    from,
    to,
    file,
  };
}

/** gitleaks' merge of a rule over the same rule of the config it extends. */
function mergeRule(base: GlRule, over: GlRule): GlRule {
  return {
    ...base,
    ...(over.description !== undefined ? { description: over.description } : {}),
    ...(over.regex !== undefined ? { regex: over.regex } : {}),
    ...(over.path !== undefined ? { path: over.path } : {}),
    ...(over.secretGroup !== undefined ? { secretGroup: over.secretGroup } : {}),
    ...(over.entropy !== undefined ? { entropy: over.entropy } : {}),
    keywords: [...new Set([...base.keywords, ...over.keywords])],
    tags: [...base.tags, ...over.tags],
    allowlists: [...base.allowlists, ...over.allowlists],
    origin: over.origin,
    from: over.from,
    to: over.to,
    file: over.file,
  };
}

async function readLevel(file: GitleaksFile, depth: number, readExtended: ReadExtended): Promise<GlConfig> {
  const { doc, text } = file;
  const top: Reader = new Reader(file);
  checkKeys(doc, TOP_KEYS, top, "a gitleaks config");
  for (const key of ["title", "description", "minVersion"]) {
    if (doc[key] !== undefined && typeof doc[key] !== "string") top.fail(key, `"${key}" must be a string`);
  }

  const cfg: GlConfig = {
    ...(typeof doc.title === "string" ? { title: doc.title } : {}),
    useDefault: false,
    disabled: [],
    rules: new Map(),
    allowlists: [],
    targets: [],
    files: [file.name],
  };

  const headers = ruleHeaderLines(text);
  if (doc.rules !== undefined) {
    if (!Array.isArray(doc.rules)) top.fail("rules", `"rules" must be [[rules]] tables`);
    doc.rules.forEach((raw, i) => {
      const rule = ruleOf(raw, file, headers[i] ?? 0, headers[i + 1] ?? Number.POSITIVE_INFINITY);
      if (cfg.rules.has(rule.id)) throw configError(file.name, rule.from || undefined, `rule "${rule.id}" is defined twice`);
      cfg.rules.set(rule.id, rule);
    });
  }

  if (doc.allowlist !== undefined && doc.allowlists !== undefined) {
    top.fail("allowlist", `[allowlist] and [[allowlists]] cannot both be used; move the first into the second`);
  }
  const globals: { raw: unknown; r: Reader; where: string }[] = [];
  if (doc.allowlist !== undefined) {
    const range = tableRange(text, "allowlist");
    globals.push({ raw: doc.allowlist, r: new Reader(file, range.from, range.to), where: "[allowlist]" });
  }
  if (doc.allowlists !== undefined) {
    if (!Array.isArray(doc.allowlists)) top.fail("allowlists", `"allowlists" must be [[allowlists]] tables`);
    const starts: number[] = [];
    text.split(/\r?\n/).forEach((l, i) => /^\s*\[\[\s*allowlists\s*\]\]/.test(l) && starts.push(i + 1));
    doc.allowlists.forEach((raw, i) => globals.push({ raw, r: new Reader(file, starts[i] ?? 1, starts[i + 1]), where: "[[allowlists]]" }));
  }
  for (const g of globals) {
    const { spec, targets } = allowlistOf(g.raw, g.r, g.where, true);
    cfg.allowlists.push(targets.length ? { ...spec, rules: targets.map((t) => t.id) } : spec);
    cfg.targets.push(...targets);
  }

  if (doc.extend === undefined) return cfg;
  const range = tableRange(text, "extend");
  const ext: Reader = new Reader(file, range.from, range.to);
  if (!isTable(doc.extend)) top.fail("extend", `"extend" must be a table ([extend])`);
  checkKeys(doc.extend, EXTEND_KEYS, ext, "[extend]", {
    url: `[extend] "url" is not supported (gitleaks does not support it either); download the config and use "path"`,
  });
  const { useDefault, path, disabledRules } = doc.extend;
  if (useDefault !== undefined && typeof useDefault !== "boolean") ext.fail("useDefault", `[extend] "useDefault" must be true or false`);
  if (path !== undefined && (typeof path !== "string" || path === "")) ext.fail("path", `[extend] "path" must be the path of another gitleaks config`);
  if (useDefault === true && path !== undefined) ext.fail("path", `[extend] cannot set both "useDefault" and "path"; extend one of them`);
  if (disabledRules !== undefined) {
    const ids = strings(disabledRules);
    if (!ids) ext.fail("disabledRules", `[extend] "disabledRules" must be a list of rule ids`);
    for (const id of ids) cfg.disabled.push({ id, line: lineOfText(text, `"${id}"`, range.from, range.to) ?? ext.line("disabledRules") });
  }
  cfg.useDefault = useDefault === true;
  if (typeof path !== "string") return cfg;

  if (depth >= MAX_EXTEND_DEPTH) ext.fail("path", `[extend] "path" goes deeper than ${MAX_EXTEND_DEPTH} levels of extended configs, as gitleaks allows`);
  const base = await readLevel(await readExtended(path, file, ext.line("path")), depth + 1, readExtended);
  const disabled = new Set(cfg.disabled.map((d) => d.id));
  const rules = new Map<string, GlRule>();
  for (const [id, rule] of base.rules) {
    if (disabled.has(id)) continue;
    const mine = cfg.rules.get(id);
    rules.set(id, mine ? mergeRule(rule, mine) : rule);
  }
  for (const [id, rule] of cfg.rules) if (!rules.has(id)) rules.set(id, rule);
  return {
    ...cfg,
    ...(cfg.title === undefined && base.title !== undefined ? { title: base.title } : {}),
    useDefault: base.useDefault,
    disabled: [...cfg.disabled, ...base.disabled],
    rules,
    allowlists: [...cfg.allowlists, ...base.allowlists],
    targets: [...cfg.targets, ...base.targets],
    files: [...cfg.files, ...base.files],
  };
}

/** A pattern built to span lines (a PEM block) gets a wide window. */
function spansLines(regex: string): boolean {
  return /\\[nr]|\\s\\S|\\S\\s|\(\?[imU-]*s/.test(regex);
}

function specOf(rule: GlRule): RuleSpec {
  const base = {
    id: rule.id,
    provider: DEFAULT_PROVIDER,
    description: rule.description ?? rule.id,
    revoke: DEFAULT_REVOKE,
    examples: { match: [], nomatch: [] },
    ...(rule.tags.length ? { tags: rule.tags } : {}),
  };
  if (rule.regex === undefined) {
    // A path-only rule reports the file itself, as gitleaks does.
    return { ...base, regex: rule.path!, keywords: [], target: "path", paths: ["**"], secretGroup: 0 };
  }
  return {
    ...base,
    regex: rule.regex,
    keywords: rule.keywords,
    ...(rule.secretGroup !== undefined ? { secretGroup: rule.secretGroup } : {}),
    // gitleaks drops a secret whose entropy is at or below the threshold; scan-keys drops one below it.
    ...(rule.entropy !== undefined ? { entropy: rule.entropy + 1e-9 } : {}),
    ...(rule.path !== undefined ? { pathRegex: rule.path } : {}),
    multiline: true,
    window: spansLines(rule.regex) ? BLOCK_WINDOW : WINDOW,
  };
}

/** Translates a parsed .gitleaks.toml (and the configs it extends) into scan-keys settings. */
export async function translateGitleaks(file: GitleaksFile, readExtended: ReadExtended, repoPath?: string): Promise<ConfigSettings> {
  const cfg = await readLevel(file, 0, readExtended);
  const rules: CustomRule[] = [];
  const allowlists = [...cfg.allowlists];
  // Where two rules find the same secret, scan-keys reports one, the rule listed first:
  // generic rules go last, so a provider's rule wins (gitleaks would report both).
  const ordered = [...cfg.rules.values()].sort((a, b) => Number(a.id.startsWith("generic")) - Number(b.id.startsWith("generic")));
  for (const rule of ordered) {
    const where: Reader = new Reader(rule.file, rule.from || 1, rule.to);
    if (rule.regex === undefined && rule.path === undefined) {
      // Only allowlists (and the like) for a rule of the extended default config.
      if (!cfg.useDefault) where.fail("id", `rule "${rule.id}" has neither "regex" nor "path", and the config does not extend the default rules ([extend] useDefault = true); give it a regex`);
      const aliases = GITLEAKS_ID_ALIASES[rule.id];
      if (aliases) {
        const extra = (["description", "secretGroup", "entropy"] as const).filter((k) => rule[k] !== undefined);
        if (extra.length || rule.keywords.length || rule.tags.length) {
          where.fail(extra[0] ?? (rule.keywords.length ? "keywords" : "tags"), `rule "${rule.id}" is gitleaks' own default rule, which scan-keys covers with ${quoteList([...aliases])}; only its allowlists can be carried over, so remove the other keys or give it a regex`);
        }
        allowlists.push(...rule.allowlists.map((a) => ({ ...a, rules: [...aliases] })));
        continue;
      }
      rules.push({ spec: { ...specOf({ ...rule, regex: "" }), regex: "" }, origin: rule.origin, from: rule.from, to: rule.to, merge: true });
    } else {
      rules.push({ spec: specOf(rule), origin: rule.origin, from: rule.from, to: rule.to, merge: cfg.useDefault });
    }
    allowlists.push(...rule.allowlists);
  }
  // gitleaks never scans its own config file.
  if (repoPath !== undefined) {
    allowlists.push({ description: "the config file itself", condition: "OR", commits: [], paths: [`^${escapeRe2(repoPath)}$`], regexes: [], regexTarget: "secret", stopwords: [] });
  }

  // Disabled ids and targets that name gitleaks' default rules mean scan-keys' counterparts.
  const expand = (list: { id: string; line?: number }[]) => list.flatMap((d) => (GITLEAKS_ID_ALIASES[d.id] ?? [d.id]).map((id) => ({ id, line: d.line })));
  const aliasAllowlists = allowlists.map((a) => (a.rules ? { ...a, rules: a.rules.flatMap((id) => (cfg.rules.has(id) ? [id] : [...(GITLEAKS_ID_ALIASES[id] ?? [id])])) } : a));
  return {
    file: file.name,
    text: file.text,
    format: "gitleaks",
    ...(cfg.title !== undefined ? { title: cfg.title } : {}),
    extend: cfg.useDefault,
    disable: cfg.useDefault ? expand(cfg.disabled) : [],
    entropy: [],
    allowlist: { paths: [], regexes: [], lines: [], stopwords: [] },
    rules,
    allowlists: aliasAllowlists,
    targetRules: expand(cfg.targets),
    notes: cfg.files.length > 1 ? [`extends ${cfg.files.slice(1).join(", ")}`] : [],
  };
}

function escapeRe2(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
