// The work done on every fragment: the engine, then the filters. Built once
// per thread from the loaded config, so the main thread and scan workers run
// exactly the same code.
import { appendAll } from "../engine/append.js";
import { anyPattern } from "../filters/any-pattern.js";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import type { CompiledRule } from "../engine/index.js";
import type { Finding, Fragment } from "../engine/types.js";
import { filterFindings, type FilterOptions, type Suppressed } from "../filters/index.js";
import type { ScanStats } from "../engine/types.js";
import { addNote, recordSkip } from "../engine/stats.js";
import { conditionalFilter } from "../filters/conditional.js";
import { locationFilter } from "../filters/locations.js";
import { createScanner, globListMatcher, rulesFor } from "./ruleset.js";

export interface Pipeline {
  rules: CompiledRule[];
  /** Scans one fragment; kept findings go to `findings`, dropped ones to `suppressed` and the stats. */
  run(fragment: Fragment, stats: ScanStats, findings: Finding[], suppressed: Suppressed[]): void;
  /** Whether any rule matches in the fragment, before the filters (history's merge probe). */
  matches(fragment: Fragment): boolean;
}

/** A finding's path relative to the repository root (tree paths are relative to the working directory): what allowlist globs, gitleaks' paths and fingerprints name. */
function repoPathOf(root: string, cwd: string): (f: Finding) => string {
  return (f) => {
    if (f.source !== "tree") return f.path;
    const rel = relative(root, resolve(cwd, f.path)).split(sep).join("/");
    return rel.startsWith("..") || isAbsolute(rel) ? f.path : rel;
  };
}

/** Allowlist globs are relative to the repository root. */
function allowlistPath(repoPath: (f: Finding) => string, globs: string[]): ((f: Finding) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const matches = globListMatcher(globs);
  return (f) => matches(repoPath(f));
}

/**
 * @param long a scan known to read much text (a history): its keyword prefilter builds the
 *   automaton at once (~9 ms) instead of first searching keyword by keyword, which cost a
 *   history ~10 ms for its first 64 KB (engine/prefilter.ts). Worker threads pass it for
 *   pre-push too (they run only on long lists of commits); a pre-push hook on the main thread
 *   usually reads a few commits and keeps the keyword-by-keyword start.
 */
export function createPipeline(config: LoadedConfig, cwd: string, long = false): Pipeline {
  const rules = rulesFor(config.settings);
  const repoPath = repoPathOf(config.root, cwd);
  const scanner = createScanner(rules, long ? { automatonAfter: 0 } : {});
  const allow = config.settings?.allowlist;
  const ruleIds = new Set(rules.map((r) => r.id));
  const ignoreAt = locationFilter(config.ignoreAt, ruleIds);
  const baselineAt = config.baselineAt ? locationFilter(config.baselineAt, ruleIds) : undefined;
  const conditional = conditionalFilter(config.settings?.allowlists ?? []);
  const filterOptions: FilterOptions = {
    ruleIds,
    ignore: config.ignore,
    baseline: config.baseline,
    ...(ignoreAt ? { ignoreAt } : {}),
    ...(baselineAt ? { baselineAt } : {}),
    ...(conditional ? { conditional } : {}),
    ...(ignoreAt || baselineAt || conditional ? { repoPath } : {}),
    ...(allow && (allow.paths.length || allow.regexes.length || allow.lines.length || allow.stopwords.length)
      ? {
          allowlist: {
            ...allow,
            regexes: [anyPattern(allow.regexes)],
            lines: [anyPattern(allow.lines)],
            path: allowlistPath(repoPath, allow.paths),
          },
        }
      : {}),
  };
  // A large file is read in overlapping chunks (sources/tree-read.ts): a secret in the overlap is
  // found twice, at the same line and column. Keep the first, per file.
  let chunkedPath: string | undefined;
  const chunkSeen = new Set<string>();
  const firstInFile = (fragment: Fragment, found: Finding[]): Finding[] => {
    if (fragment.lineOffset === undefined && !fragment.continued) {
      chunkedPath = fragment.path;
      chunkSeen.clear();
    }
    if (fragment.source !== "tree" || fragment.path !== chunkedPath) return found;
    return found.filter((f) => {
      const key = `${f.ruleId}\0${f.line}\0${f.column}\0${f.fingerprint}`;
      return !chunkSeen.has(key) && chunkSeen.add(key) !== undefined;
    });
  };
  return {
    rules,
    matches: (fragment) => scanner.scan(fragment).length > 0,
    run(fragment, stats, findings, suppressed) {
      let found: Finding[];
      try {
        found = firstInFile(fragment, scanner.scan(fragment));
      } catch (err) {
        // A broken installation (a rule's spec that cannot be read) fails the scan: no file may pass unscanned.
        if (err instanceof Error && err.name === "InstallError") throw err;
        // One file's failure is reported for that file; the scan goes on.
        recordSkip(stats, "unreadable", fragment.path, `could not be scanned (${err instanceof Error ? err.message : String(err)})`);
        return;
      }
      if (found.length === 0) return;
      const result = filterFindings(fragment, found, filterOptions);
      appendAll(findings, result.kept);
      for (const w of result.warnings ?? []) addNote(stats, w);
      for (const s of result.suppressed) {
        suppressed.push(s);
        stats.suppressed[s.by] = (stats.suppressed[s.by] ?? 0) + 1;
      }
    },
  };
}
