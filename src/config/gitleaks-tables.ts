// Reading the tables of a .gitleaks.toml with messages that name the file
// and the line: key checks, RE2 patterns, and the allowlist tables every
// level uses ([allowlist], [[allowlists]], [[rules.allowlists]], the older
// [rules.allowlist]).

import { checkRe2, compileRe2, RegexSyntaxError } from "../engine/index.js";
import type { AllowlistSpec } from "../engine/types.js";
import { configError, lineOfKey, lineOfText, quoteList } from "./error.js";
// The TOML shape checks scan-keys' own schema uses (loaded at start-up; this module only with a gitleaks config).
import { EVERYTHING, isTable, matchesEverything, strings, type Table } from "./schema.js";

/** One parsed gitleaks config file. */
export interface GitleaksFile {
  /** How the file is named in messages. */
  name: string;
  text: string;
  doc: Table;
}

const ALLOWLIST_KEYS = ["description", "condition", "commits", "paths", "regexes", "regexTarget", "stopwords"];

export class Reader {
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
  /** `keep`: compile and keep the program now (a rule's regex); else only check it (allowlists, compiled lazily). */
  pattern(source: string, key: string, what: string, keep = true): string {
    try {
      if (keep) compileRe2(source);
      else checkRe2(source);
      return source;
    } catch (err) {
      if (!(err instanceof RegexSyntaxError)) throw err;
      const at = lineOfText(this.file.text, source.split("\n", 1)[0]!, this.from, this.to) ?? this.line(key);
      throw configError(this.file.name, at, `${what} ${err.message}`);
    }
  }
}

export function checkKeys(t: Table, allowed: string[], r: Reader, where: string, refused: Record<string, string> = {}): void {
  for (const key of Object.keys(t)) {
    if (refused[key]) r.fail(key, refused[key]);
    if (!allowed.includes(key)) r.fail(key, `unknown key "${key}" in ${where}; gitleaks' config format has ${quoteList(allowed)} there`);
  }
}

export function allowlistOf(raw: unknown, r: Reader, where: string, global: boolean): { spec: AllowlistSpec; targets: { id: string; line?: number }[] } {
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
    paths: list("paths").map((p, i) => r.pattern(p, "paths", `${where} paths entry ${i + 1}`, false)),
    regexes: list("regexes").map((p, i) => r.pattern(p, "regexes", `${where} regexes entry ${i + 1}`, false)),
    regexTarget: target,
    stopwords: list("stopwords").filter((w) => w.length > 0).map((w) => w.toLowerCase()),
  };
  // Either list alone allows what it matches (condition OR): a pattern matching every text would allow every secret.
  if (spec.condition === "OR") {
    for (const key of ["paths", "regexes"] as const) {
      const i = spec[key].findIndex(matchesEverything);
      if (i >= 0) r.fail(key, `${where} ${key} entry ${i + 1} ${EVERYTHING}`);
    }
  }
  if (!spec.commits.length && !spec.paths.length && !spec.regexes.length && !spec.stopwords.length) {
    r.fail(undefined, `${where} must list at least one of commits, paths, regexes or stopwords`);
  }
  const targets = list("targetRules").map((id) => ({ id, line: lineOfText(r.file.text, `"${id}"`, r.from, r.to) ?? r.line("targetRules") }));
  return { spec, targets };
}
