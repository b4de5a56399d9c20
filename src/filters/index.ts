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
import type { ConditionalFilter } from "./conditional.js";
import { inFingerprints } from "./fingerprints.js";
import type { LocationFilter } from "./locations.js";
import { allowMarkers, markerAllows, type AllowMarker } from "./inline.js";
import { isDocumentationSample } from "./path-context.js";

export type { AllowlistFilter } from "./allowlist.js";

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
  /** .gitleaksignore entries (by place). */
  ignoreAt?: LocationFilter;
  /** A gitleaks JSON report given as the baseline (by place). */
  baselineAt?: LocationFilter;
  /** Allowlists from a .gitleaks.toml. */
  conditional?: ConditionalFilter;
  /** The finding's path relative to the repository root (gitleaks paths are); default: its path as reported. */
  repoPath?: (finding: Finding) => string;
}

/** Returns the full text of line `n` (a real file line number) of a fragment. */
function lineReader(fragment: Fragment): (n: number) => string {
  const lines = new LineIndex(fragment.text);
  let byNumber: Map<number, number> | undefined;
  return (n) => {
    let index = n - 1 - (fragment.lineOffset ?? 0);
    if (fragment.lineNumbers) {
      byNumber ??= new Map(fragment.lineNumbers.map((ln, i) => [ln, i]));
      index = byNumber.get(n) ?? -1;
    }
    if (index < 0 || index >= lines.lineCount) return "";
    return fragment.text.slice(lines.lineStart(index), lines.lineEnd(index));
  };
}

export function filterFindings(
  fragment: Fragment,
  findings: Finding[],
  opts: FilterOptions,
): { kept: Finding[]; suppressed: Suppressed[]; warnings: string[] } {
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  const warnings: string[] = [];
  if (findings.length === 0) return { kept, suppressed, warnings };
  const lineOf = lineReader(fragment);
  // Spans of the findings on each line, so a marker on a long line covers only the nearest.
  const spans = new Map<number, [number, number][]>();
  for (const f of findings) {
    const span: [number, number] = [f.column - 1, f.endLine === f.line ? f.endColumn - 1 : Number.MAX_SAFE_INTEGER];
    const onLine = spans.get(f.line);
    if (onLine) onLine.push(span);
    else spans.set(f.line, [span]);
  }
  const markersOn = new Map<number, AllowMarker[]>();
  for (const f of findings) {
    // A multi-line secret (a PEM block) is allowed by a comment on its first line.
    const line = lineOf(f.line);
    let markers = markersOn.get(f.line);
    if (!markers) {
      markers = allowMarkers(line, opts.ruleIds);
      markersOn.set(f.line, markers);
      for (const id of markers.flatMap((m) => m.unknownIds)) {
        warnings.push(`${fragment.path}:${f.line}: "${id}" after scan-keys:allow is not a rule id (scan-keys rules lists them), so it allows nothing`);
      }
    }
    const end = f.endLine === f.line ? f.endColumn - 1 : line.length;
    const path = opts.repoPath ? opts.repoPath(f) : f.path;
    const by: SuppressedBy | undefined =
      markers.length > 0 && markerAllows(markers, line, f.ruleId, f.column - 1, end, spans.get(f.line)!)
        ? "inline"
        : inFingerprints(f, opts.ignore) || opts.ignoreAt?.(f, path)
          ? "ignore-file"
          : inFingerprints(f, opts.baseline) || opts.baselineAt?.(f, path)
            ? "baseline"
            : (opts.allowlist && allowlisted(f, line, opts.allowlist)) || opts.conditional?.(f, path, line)
              ? "config"
              : isDocumentationSample(f)
                ? "doc-example"
                : undefined;
    if (by) suppressed.push({ finding: f, by });
    else kept.push(f);
  }
  return { kept, suppressed, warnings };
}
