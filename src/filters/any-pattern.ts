// "Does any of these patterns match?" for allowlists that list many regexes.
// Compiling each on its own cost ~10 KB a pattern before anything was
// tested (200,000 allowlist regexes: 1.97 GB for a two-file --staged). They
// are compiled only when first needed, joined GROUP at a time into one
// alternation: one program instead of GROUP, and the same answer, since an
// alternation matches where any of its branches does, and RE2 keeps flags
// such as (?i) set inside a group to that group.
import { compileRe2 } from "../engine/regex.js";

/** Patterns per alternation. */
const GROUP = 500;

export interface AnyPattern {
  readonly size: number;
  test(text: string): boolean;
}

export function anyPattern(sources: readonly string[]): AnyPattern {
  const groups: string[][] = [];
  for (let i = 0; i < sources.length; i += GROUP) groups.push(sources.slice(i, i + GROUP));
  const compiled: ({ test(text: string): boolean }[] | undefined)[] = groups.map(() => undefined);
  const programsOf = (k: number) => {
    let list = compiled[k];
    if (list) return list;
    const group = groups[k]!;
    try {
      list = [group.length === 1 ? compileRe2(group[0]!) : compileRe2(group.map((s) => `(?:${s})`).join("|"))];
    } catch {
      // A group that cannot be one pattern (two branches naming the same group): each on its own.
      list = group.map((s) => compileRe2(s));
    }
    return (compiled[k] = list);
  };
  return {
    size: sources.length,
    test(text) {
      for (let k = 0; k < groups.length; k++) if (programsOf(k).some((re) => re.test(text))) return true;
      return false;
    },
  };
}
