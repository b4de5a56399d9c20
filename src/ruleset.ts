// Built-in rules plus the user's, compiled into a Scanner.
import micromatch from "micromatch";
import builtinFiles from "virtual:builtin-rules";
import { compileRules, Scanner, type CompiledRule } from "./engine/index.js";
import { buildRules } from "./config/rules.js";
import type { ConfigSettings } from "./config/schema.js";

export type RuleFile = { origin: string; rules: unknown[] };

export function builtinRuleFiles(): RuleFile[] {
  return builtinFiles;
}

/**
 * Glob matching for rules' `paths`, compiled once per list: a path matches
 * when a positive glob matches and no `!negated` glob does.
 */
export function globListMatcher(globs: string[]): (path: string) => boolean {
  const compile = (list: string[]) => {
    if (list.length === 0) return undefined;
    const each = list.map((g) => micromatch.matcher(g, { dot: true }));
    return (p: string) => each.some((m) => m(p));
  };
  const yes = compile(globs.filter((g) => !g.startsWith("!")));
  const no = compile(globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1)));
  return (p) => (yes ? yes(p) : true) && !(no && no(p));
}

function pathMatcher(): (path: string, globs: string[]) => boolean {
  const cache = new Map<string[], (p: string) => boolean>();
  return (path, globs) => {
    let m = cache.get(globs);
    if (!m) cache.set(globs, (m = globListMatcher(globs)));
    return m(path);
  };
}

export function createScanner(rules: CompiledRule[]): Scanner {
  return new Scanner(rules, pathMatcher());
}

export function compileBuiltinRules(): CompiledRule[] {
  return compileRules(builtinRuleFiles());
}

/** The rules for a scan: the built-in ones, changed and extended by the user's config when there is one. */
export function rulesFor(settings: ConfigSettings | undefined): CompiledRule[] {
  return settings ? buildRules(builtinRuleFiles(), settings, createScanner) : compileBuiltinRules();
}
