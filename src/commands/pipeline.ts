// The work done on every fragment: the engine, then the filters. Built once
// per thread from the loaded config, so the main thread and scan workers run
// exactly the same code.
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { LoadedConfig } from "../config.js";
import type { CompiledRule } from "../engine/index.js";
import type { Finding, Fragment } from "../engine/types.js";
import { filterFindings, type FilterOptions, type Suppressed } from "../filters/index.js";
import type { ScanStats } from "../report/stats.js";
import { createScanner, globListMatcher, rulesFor } from "../ruleset.js";

export interface Pipeline {
  rules: CompiledRule[];
  /** Scans one fragment; kept findings go to `findings`, dropped ones to `suppressed` and the stats. */
  run(fragment: Fragment, stats: ScanStats, findings: Finding[], suppressed: Suppressed[]): void;
  /** Whether any rule matches in the fragment, before the filters (history's merge probe). */
  matches(fragment: Fragment): boolean;
}

/** Allowlist globs are relative to the repository root; tree paths are relative to the working directory. */
function allowlistPath(root: string, cwd: string, globs: string[]): ((f: Finding) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const matches = globListMatcher(globs);
  return (f) => {
    if (f.source !== "tree") return matches(f.path);
    const rel = relative(root, resolve(cwd, f.path)).split(sep).join("/");
    return matches(rel.startsWith("..") || isAbsolute(rel) ? f.path : rel);
  };
}

export function createPipeline(config: LoadedConfig, cwd: string): Pipeline {
  const rules = rulesFor(config.settings);
  const scanner = createScanner(rules);
  const allow = config.settings?.allowlist;
  const filterOptions: FilterOptions = {
    ruleIds: new Set(rules.map((r) => r.id)),
    ignore: config.ignore,
    baseline: config.baseline,
    ...(allow && (allow.paths.length || allow.regexes.length || allow.lines.length || allow.stopwords.length)
      ? { allowlist: { ...allow, path: allowlistPath(config.root, cwd, allow.paths) } }
      : {}),
  };
  return {
    rules,
    matches: (fragment) => scanner.scan(fragment).length > 0,
    run(fragment, stats, findings, suppressed) {
      const found = scanner.scan(fragment);
      if (found.length === 0) return;
      const result = filterFindings(fragment, found, filterOptions);
      findings.push(...result.kept);
      for (const s of result.suppressed) {
        suppressed.push(s);
        stats.suppressed[s.by] = (stats.suppressed[s.by] ?? 0) + 1;
      }
    },
  };
}
