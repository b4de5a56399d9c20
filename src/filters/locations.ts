// Findings named by place, as gitleaks names them: `.gitleaksignore` lines
// (`commit:file:rule-id:line` for history, `file:rule-id:line` anywhere)
// and the entries of a gitleaks JSON report used as a baseline. Unlike
// scan-keys fingerprints (a hash of rule and secret), these stop matching
// when the line moves.
import type { Finding, LocationEntry } from "../engine/types.js";

/** True when an entry names the finding; `path` is its path relative to the repository root. */
export type LocationFilter = (finding: Finding, path: string) => boolean;

/**
 * `knownRules`: the scan's rule ids. An entry whose rule id is one of them
 * must name that rule; an entry naming a rule scan-keys does not have (one
 * of gitleaks' own default rules) matches any rule's finding at that place,
 * since the two rule sets name the same key differently.
 */
export function locationFilter(entries: LocationEntry[], knownRules: ReadonlySet<string>): LocationFilter | undefined {
  if (entries.length === 0) return undefined;
  const byFile = new Map<string, LocationEntry[]>();
  for (const e of entries) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  return (f, path) => {
    const list = byFile.get(path);
    if (!list) return false;
    return list.some((e) => {
      if (e.commit !== undefined && (f.commit === undefined || !sameCommit(e.commit, f.commit.sha))) return false;
      if (e.secret !== undefined) return e.secret === f.secret;
      return e.line === f.line && (e.ruleId === f.ruleId || !knownRules.has(e.ruleId));
    });
  };
}

/** gitleaks writes full SHAs; a hand-written entry may abbreviate. */
function sameCommit(entry: string, sha: string): boolean {
  const a = entry.toLowerCase();
  return a.length >= 7 && sha.toLowerCase().startsWith(a);
}
