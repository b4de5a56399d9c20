// gitleaks-style allowlists (.gitleaks.toml): each one lists conditions on
// a finding (its commit, its file's path, a regex on the secret, the whole
// match or the line, stopwords in the secret) and joins them with OR (any
// condition allows the finding) or AND (every condition it lists must hold).
// An allowlist with `rules` applies only to those rules (a rule's own
// [[rules.allowlists]], or a global one with targetRules).
import { anyPattern, type AnyPattern } from "./any-pattern.js";
import { hasStopword } from "../engine/placeholders.js";
import type { AllowlistSpec, Finding } from "../engine/types.js";

/** True when one of the allowlists allows the finding; `path` is its path relative to the repository root, `line` its full source line. */
export type ConditionalFilter = (finding: Finding, path: string, line: string) => boolean;

interface Compiled {
  spec: AllowlistSpec;
  rules: ReadonlySet<string> | undefined;
  commits: ReadonlySet<string>;
  paths: AnyPattern;
  regexes: AnyPattern;
}

function compile(spec: AllowlistSpec): Compiled {
  return {
    spec,
    rules: spec.rules ? new Set(spec.rules) : undefined,
    commits: new Set(spec.commits),
    // Validated when the config loaded (config/gitleaks.ts); compiled here, once per thread.
    paths: anyPattern(spec.paths),
    regexes: anyPattern(spec.regexes),
  };
}

function allows(a: Compiled, f: Finding, path: string, line: string): boolean {
  const { spec } = a;
  const target = spec.regexTarget === "match" ? (f.match ?? f.secret) : spec.regexTarget === "line" ? line : f.secret;
  // Each condition the allowlist lists, evaluated only when listed.
  const checks: (() => boolean)[] = [];
  if (a.commits.size) checks.push(() => f.commit !== undefined && a.commits.has(f.commit.sha.toLowerCase()));
  if (a.paths.size) checks.push(() => a.paths.test(path));
  if (a.regexes.size) checks.push(() => a.regexes.test(target));
  if (spec.stopwords.length) checks.push(() => hasStopword(f.secret, spec.stopwords));
  return spec.condition === "AND" ? checks.every((c) => c()) : checks.some((c) => c());
}

export function conditionalFilter(specs: AllowlistSpec[]): ConditionalFilter | undefined {
  if (specs.length === 0) return undefined;
  const lists = specs.map(compile);
  return (f, path, line) => lists.some((a) => (!a.rules || a.rules.has(f.ruleId)) && allows(a, f, path, line));
}
