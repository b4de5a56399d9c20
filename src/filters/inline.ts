// Inline allow comments: a marker on the line of a finding suppresses it.
//   scan-keys:allow                      every rule on this line
//   scan-keys:allow RULE-ID[, RULE-ID…]  only these rules
//   gitleaks:allow, pragma: allowlist secret (detect-secrets)  every rule
// Rule ids after the marker are taken while they name known rules, so prose
// after the marker ("scan-keys:allow test fixture") does not narrow it.

const MARKER = /scan-keys:allow|gitleaks:allow|pragma:\s*allowlist[\s-]+secret/gi;
const IDS = /^[\s,:=]*([a-z0-9][a-z0-9-]*)/;

/**
 * The rules an allow comment on `line` covers: "all", a set of rule ids, or
 * undefined when the line has no marker.
 */
export function allowedOnLine(line: string, knownIds: ReadonlySet<string>): "all" | Set<string> | undefined {
  if (!/allow/i.test(line)) return undefined; // fast path: most lines have no marker at all
  let result: "all" | Set<string> | undefined;
  for (const m of line.matchAll(MARKER)) {
    if (m[0].toLowerCase() !== "scan-keys:allow") return "all";
    let rest = line.slice(m.index + m[0].length);
    const ids = new Set<string>();
    for (let id = IDS.exec(rest); id && knownIds.has(id[1]!); id = IDS.exec(rest)) {
      ids.add(id[1]!);
      rest = rest.slice(id[0].length);
    }
    if (ids.size === 0) return "all";
    result = result === undefined ? ids : new Set([...(result as Set<string>), ...ids]);
  }
  return result;
}
