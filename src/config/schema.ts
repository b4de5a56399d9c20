// The shape of .scan-keys.toml, checked key by key. Unknown keys are errors,
// never silently ignored: a typo in an allowlist must not widen or narrow a
// scan without anyone noticing.

import { checkRe2, compileRe2, RegexSyntaxError, RuleError, validateRuleSpec } from "../engine/index.js";
import type { AllowlistSpec, RuleSpec } from "../engine/types.js";
import { configError, lineOfKey, lineOfText, quoteList, ruleHeaderLines, tableRange } from "./error.js";

export interface Allowlist {
  /** micromatch globs, relative to the repository root. */
  paths: string[];
  /** RE2 regexes on the secret (checked when the config loads; sources, so the settings can cross to scan workers). */
  regexes: string[];
  /** Regexes on the whole source line. */
  lines: string[];
  /** Lower-cased words; a secret containing one is dropped. */
  stopwords: string[];
}

export interface CustomRule {
  spec: RuleSpec;
  /** `file:line` of its [[rules]] header, for messages. */
  origin: string;
  /** Line range of the rule's table in the file (start inclusive, end exclusive), when known. */
  from: number;
  to: number;
  /**
   * gitleaks' extend semantics (.gitleaks.toml): when a built-in rule has
   * this id, this rule is merged into it (its fields override, keywords and
   * tags are added) instead of clashing with it.
   */
  merge?: boolean;
}

export interface ConfigSettings {
  /** How the file is named in messages (path relative to the working directory, or REV:path). */
  file: string;
  text: string;
  extend: boolean;
  /** `implied`: named through gitleaks-ids.ts, not by the user; one scan-keys lacks is skipped quietly. */
  disable: { id: string; line?: number; implied?: boolean }[];
  entropy: { id: string; value: number; line?: number }[];
  allowlist: Allowlist;
  rules: CustomRule[];
  /** `baseline = "path"`: the baseline to use when --baseline is not given (relative to the repository root). */
  baseline?: { path: string; line?: number };
  /** Set for a .gitleaks.toml, translated by config/gitleaks.ts. */
  format?: "gitleaks";
  /** The gitleaks config's `title`. */
  title?: string;
  /** gitleaks allowlists (global, targeted and per rule), as data. */
  allowlists?: AllowlistSpec[];
  /** Rule ids the allowlists target, checked once the rule set is known. */
  targetRules?: { id: string; line?: number; implied?: boolean }[];
  /** Things the user should know about how the config was read (printed by the text report). */
  notes?: string[];
}

const TOP_KEYS = ["extend", "disable", "entropy", "allowlist", "baseline", "rules"];
const ALLOWLIST_KEYS = ["paths", "regexes", "lines", "stopwords"];

/** A TOML table; shared with the gitleaks reader (config/gitleaks-tables.ts). */
export type Table = Record<string, unknown>;

export function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** `v` when it is a list of strings, else undefined. */
export function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

/**
 * Whether an allowlist pattern matches every text (`""`, `.*`, `a|`, `x*`): it
 * would allow every secret, which a typo can do without anyone noticing. A
 * pattern that matches the empty string and a text sharing nothing with it
 * matches anywhere; an anchored `^$` matches only the empty text and passes.
 */
export function matchesEverything(source: string): boolean {
  const re = checkRe2(source); // not kept: allowlists may list 200,000 patterns
  return re.test("") && re.test("\u0001\u0002");
}

/** The problem with an allowlist pattern that matches every text, for a ConfigError. */
export const EVERYTHING = "matches every text (an empty pattern, or one whose every part is optional), so it would allow every secret; make it match only what it allows";

/** Validates a parsed TOML document. `file` names it in messages; `text` is its source, for line numbers. */
export function checkConfig(doc: Table, file: string, text: string): ConfigSettings {
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.includes(key)) {
      throw configError(file, lineOfKey(text, key), `unknown key "${key}"; a config file may set ${quoteList(TOP_KEYS)}`);
    }
  }
  const lineOf = (key: string) => lineOfKey(text, key);

  if (doc.extend !== undefined && typeof doc.extend !== "boolean") {
    throw configError(file, lineOf("extend"), `"extend" must be true (add to the built-in rules) or false (replace them)`);
  }

  let baseline: ConfigSettings["baseline"];
  if (doc.baseline !== undefined) {
    if (typeof doc.baseline !== "string" || doc.baseline.trim() === "") {
      throw configError(file, lineOf("baseline"), `"baseline" must be the path of a baseline file, like ".scan-keys-baseline.json"`);
    }
    baseline = { path: doc.baseline, line: lineOf("baseline") };
  }

  const disable: ConfigSettings["disable"] = [];
  if (doc.disable !== undefined) {
    const ids = strings(doc.disable);
    if (!ids) throw configError(file, lineOf("disable"), `"disable" must be a list of rule ids, like ["generic-assignment"]`);
    for (const id of ids) disable.push({ id, line: lineOfText(text, `"${id}"`) ?? lineOfText(text, `'${id}'`) ?? lineOf("disable") });
  }

  const entropy: ConfigSettings["entropy"] = [];
  if (doc.entropy !== undefined) {
    if (!isTable(doc.entropy)) throw configError(file, lineOf("entropy"), `"entropy" must be a table of rule id = minimum entropy, like [entropy] "generic-assignment" = 4.0`);
    const range = tableRange(text, "entropy");
    for (const [id, value] of Object.entries(doc.entropy)) {
      const line = lineOfKey(text, id, range.from, range.to) ?? lineOf("entropy");
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 8) {
        throw configError(file, line, `the entropy for "${id}" must be a number from 0 to 8 (bits per character)`);
      }
      entropy.push({ id, value, line });
    }
  }

  const allowlist: Allowlist = { paths: [], regexes: [], lines: [], stopwords: [] };
  if (doc.allowlist !== undefined) {
    if (!isTable(doc.allowlist)) throw configError(file, lineOf("allowlist"), `"allowlist" must be a table ([allowlist])`);
    const range = tableRange(text, "allowlist");
    const keyLine = (k: string) => lineOfKey(text, k, range.from, range.to) ?? lineOf("allowlist");
    for (const [key, value] of Object.entries(doc.allowlist)) {
      if (!ALLOWLIST_KEYS.includes(key)) {
        throw configError(file, keyLine(key), `unknown key "${key}" in [allowlist]; it may set ${quoteList(ALLOWLIST_KEYS)}`);
      }
      const items = strings(value);
      if (!items) throw configError(file, keyLine(key), `[allowlist] "${key}" must be a list of strings`);
      if (key === "paths") {
        // micromatch refuses an empty glob with a stack trace; "**" is how to allow every path on purpose.
        const empty = items.findIndex((g) => g.trim() === "");
        if (empty >= 0) throw configError(file, keyLine(key), `[allowlist] paths entry ${empty + 1} is empty; give a glob such as "test/fixtures/**"`);
        allowlist.paths = items;
      }
      else if (key === "stopwords") allowlist.stopwords = items.filter((w) => w.length > 0).map((w) => w.toLowerCase());
      else {
        const compiled = items.map((source, i) => {
          // RE2 syntax, like every pattern scan-keys runs: linear-time whatever the pattern.
          try {
            checkRe2(source); // checked now, compiled when a finding first needs it (filters/any-pattern.ts)
          } catch (err) {
            if (!(err instanceof RegexSyntaxError)) throw err;
            const line = lineOfText(text, source, range.from, range.to) ?? keyLine(key);
            throw configError(file, line, `[allowlist] ${key} entry ${i + 1} ${err.message}`);
          }
          if (matchesEverything(source)) throw configError(file, (source && lineOfText(text, source, range.from, range.to)) || keyLine(key), `[allowlist] ${key} entry ${i + 1} ${EVERYTHING}`);
          return source;
        });
        if (key === "regexes") allowlist.regexes = compiled;
        else allowlist.lines = compiled;
      }
    }
  }

  const rules: CustomRule[] = [];
  if (doc.rules !== undefined) {
    if (!Array.isArray(doc.rules)) throw configError(file, lineOf("rules"), `"rules" must be [[rules]] tables`);
    const headers = ruleHeaderLines(text);
    doc.rules.forEach((raw, i) => {
      const from = headers[i] ?? 0;
      const to = headers[i + 1] ?? Number.POSITIVE_INFINITY;
      const origin = from ? `${file}:${from}` : file;
      try {
        rules.push({ spec: validateRuleSpec(raw, origin), origin, from, to });
      } catch (err) {
        throw ruleProblem(err, file, text, from, to);
      }
    });
  }

  return { file, text, extend: doc.extend !== false, disable, entropy, allowlist, rules, ...(baseline ? { baseline } : {}) };
}

/**
 * Turns a RuleError about a custom rule into a ConfigError pointing at the
 * line of the key it names (best effort), else at the rule's header.
 */
export function ruleProblem(err: unknown, file: string, text: string, from: number, to: number): unknown {
  if (!(err instanceof RuleError)) return err;
  const prefix = `${err.origin}: ${err.ruleId ? `rule "${err.ruleId}"` : "a rule"}: `;
  const problem = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  const key = /"([A-Za-z]+)(?:\.[A-Za-z]+)?"/.exec(problem)?.[1];
  const line = (key && from ? lineOfKey(text, key, from, to) : undefined) ?? (from || undefined);
  return configError(file, line, `${err.ruleId ? `rule "${err.ruleId}"` : "a rule"}: ${problem}`);
}
