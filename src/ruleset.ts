// Built-in rules plus the user's, compiled into a Scanner.
import micromatch from "micromatch";
import builtinFiles from "virtual:builtin-rules";
import { compileRules, Scanner, type CompiledRule } from "./engine/index.js";

export type RuleFile = { origin: string; rules: unknown[] };

export function builtinRuleFiles(): RuleFile[] {
  return builtinFiles;
}

/** Glob matching for rules' `paths`, with one compiled matcher per glob list. */
function pathMatcher(): (path: string, globs: string[]) => boolean {
  const cache = new Map<string[], (p: string) => boolean>();
  return (path, globs) => {
    let m = cache.get(globs);
    if (!m) cache.set(globs, (m = micromatch.matcher(globs.length === 1 ? globs[0]! : `{${globs.join(",")}}`, { dot: true })));
    return m(path);
  };
}

export function createScanner(rules: CompiledRule[]): Scanner {
  return new Scanner(rules, pathMatcher());
}

export function compileBuiltinRules(): CompiledRule[] {
  return compileRules(builtinRuleFiles());
}
