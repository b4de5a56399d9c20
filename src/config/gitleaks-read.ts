// The levels of a .gitleaks.toml: its [[rules]], global allowlists and
// [extend], and the config it extends by path, merged as gitleaks merges
// them (a rule with an id the extended config has overrides its fields and
// adds keywords, tags and allowlists; disabledRules drop extended rules).

import { appendAll } from "../engine/append.js";
import type { AllowlistSpec } from "../engine/types.js";
import { configError, lineOfText, ruleHeaderLines } from "./error.js";
import { allowlistOf, checkKeys, Reader, type GitleaksFile } from "./gitleaks-tables.js";
import { isTable, strings } from "./schema.js";
import { quoteList, tableRange } from "./error.js";

/** Reads the file an [extend] path names (relative to the extending file's directory). */
export type ReadExtended = (path: string, from: GitleaksFile, line: number | undefined) => Promise<GitleaksFile>;

const TOP_KEYS = ["title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists"];
const EXTEND_KEYS = ["useDefault", "path", "disabledRules"];
const RULE_KEYS = ["id", "description", "regex", "path", "secretGroup", "entropy", "keywords", "tags", "allowlists", "allowlist"];
/** gitleaks stops after two levels of [extend] path. */
const MAX_EXTEND_DEPTH = 2;

export interface GlRule {
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

export interface GlConfig {
  title?: string;
  useDefault: boolean;
  disabled: { id: string; line?: number }[];
  rules: Map<string, GlRule>;
  allowlists: AllowlistSpec[];
  targets: { id: string; line?: number }[];
  files: string[];
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

export async function readLevel(file: GitleaksFile, depth: number, readExtended: ReadExtended): Promise<GlConfig> {
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
    appendAll(cfg.targets, targets);
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
