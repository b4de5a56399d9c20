// Dropping findings the user allowed, in order: inline allow comments, the
// ignore file, the baseline, the config allowlist; then generic-looking
// findings in documentation examples and vendored test fixtures (path-context.ts). Each suppressed finding is
// kept with the mechanism that dropped it, so suppression is counted and can
// be listed (--show-suppressed), never invisible.
//
// Filters run per fragment, right after the engine, because inline comments
// and line regexes need the whole source line (Finding.lineText is capped).

import { LineIndex } from "../engine/lines.js";
import type { Finding, Fragment } from "../engine/types.js";
import { allowlisted, type AllowlistFilter } from "./allowlist.js";
import { inFingerprints } from "./fingerprints.js";
import { allowedOnLine } from "./inline.js";
import { isDocumentationSample } from "./path-context.js";

export type { AllowlistFilter } from "./allowlist.js";
export { allowedOnLine } from "./inline.js";

export type SuppressedBy = "inline" | "ignore-file" | "baseline" | "config" | "doc-example";

export interface Suppressed {
  finding: Finding;
  by: SuppressedBy;
}

export interface FilterOptions {
  /** Ids of the rules in the scan, so `scan-keys:allow RULE-ID` can tell ids from prose. */
  ruleIds: ReadonlySet<string>;
  ignore?: ReadonlySet<string>;
  baseline?: ReadonlySet<string>;
  allowlist?: AllowlistFilter;
}

/** Returns the full text of line `n` (a real file line number) of a fragment. */
function lineReader(fragment: Fragment): (n: number) => string {
  const lines = new LineIndex(fragment.text);
  let byNumber: Map<number, number> | undefined;
  return (n) => {
    let index = n - 1;
    if (fragment.lineNumbers) {
      byNumber ??= new Map(fragment.lineNumbers.map((ln, i) => [ln, i]));
      index = byNumber.get(n) ?? -1;
    }
    if (index < 0 || index >= lines.lineCount) return "";
    return fragment.text.slice(lines.lineStart(index), lines.lineEnd(index));
  };
}

export function filterFindings(fragment: Fragment, findings: Finding[], opts: FilterOptions): { kept: Finding[]; suppressed: Suppressed[] } {
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  if (findings.length === 0) return { kept, suppressed };
  const lineOf = lineReader(fragment);
  for (const f of findings) {
    // A multi-line secret (a PEM block) is allowed by a comment on its first line.
    const line = lineOf(f.line);
    const allowed = allowedOnLine(line, opts.ruleIds);
    const by: SuppressedBy | undefined =
      allowed === "all" || allowed?.has(f.ruleId)
        ? "inline"
        : inFingerprints(f, opts.ignore)
          ? "ignore-file"
          : inFingerprints(f, opts.baseline)
            ? "baseline"
            : opts.allowlist && allowlisted(f, line, opts.allowlist)
              ? "config"
              : isDocumentationSample(f)
                ? "doc-example"
                : undefined;
    if (by) suppressed.push({ finding: f, by });
    else kept.push(f);
  }
  return { kept, suppressed };
}
