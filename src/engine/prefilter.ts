// The keyword prefilter: one pass over the text finds every place where some
// rule's keyword occurs, so a rule's regex only ever runs near those places.

import type { CompiledRule } from "./compile.js";

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

export class Prefilter {
  /** Case-insensitive alternation of all keywords, longest first. */
  private readonly pattern: RegExp | undefined;
  /** keyword → indexes of the rules that listed it, or that listed a keyword it starts with. */
  private readonly rulesByMatch = new Map<string, number[]>();
  /** Rules without keywords (path-only rules): they run on every fragment they apply to. */
  readonly alwaysOn: number[] = [];

  constructor(rules: CompiledRule[]) {
    const byKeyword = new Map<string, Set<number>>();
    rules.forEach((rule, index) => {
      if (rule.target === "path") return; // path rules never look at text
      if (rule.keywords.length === 0) this.alwaysOn.push(index);
      for (const k of rule.keywords) {
        let set = byKeyword.get(k);
        if (!set) byKeyword.set(k, (set = new Set()));
        set.add(index);
      }
    });
    const keywords = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
    // The regex reports the longest keyword at a position; every shorter
    // keyword found at the same position is a prefix of it, so the longest
    // match stands for all of them.
    for (const k of keywords) {
      const indexes = new Set<number>();
      for (const shorter of keywords) {
        if (k.startsWith(shorter)) for (const i of byKeyword.get(shorter)!) indexes.add(i);
      }
      this.rulesByMatch.set(k, [...indexes].sort((a, b) => a - b));
    }
    if (keywords.length > 0) this.pattern = new RegExp(keywords.map(escapeRegex).join("|"), "gi");
  }

  /**
   * Calls `hit(ruleIndex, position)` for every keyword occurrence, in text
   * order. Overlapping keywords (e.g. "key" inside "apikey") are all found.
   */
  scan(text: string, hit: (ruleIndex: number, position: number) => void): void {
    const re = this.pattern;
    if (!re) return;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const indexes = this.rulesByMatch.get(m[0].toLowerCase());
      if (indexes) for (const i of indexes) hit(i, m.index);
      re.lastIndex = m.index + 1;
    }
  }
}
