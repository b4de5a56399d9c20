// The scan: a source turns the world into Fragments, the engine finds
// secrets, filters drop what the user allowed, reporters print the rest.
import { writeFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Finding, Fragment } from "../engine/types.js";
import type { ScanArgs } from "../options.js";
import type { ReportContext, RuleInfo } from "../report/context.js";
import { reporterFor } from "../report/index.js";
import { createProgress, type Progress } from "../report/progress.js";
import { emptyStats, type ScanStats } from "../report/stats.js";
import { createScanner, globListMatcher, rulesFor } from "../ruleset.js";
import { loadConfig } from "../config.js";
import type { CompiledRule } from "../engine/index.js";
import { filterFindings, type FilterOptions, type Suppressed } from "../filters/index.js";
import { listTree, readTree } from "../sources/tree.js";
import { VERSION } from "../version.js";

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

function pathFilter(include: string[], exclude: string[]): (p: string) => boolean {
  const inc = include.length ? globListMatcher(include) : undefined;
  const exc = exclude.length ? globListMatcher(exclude) : undefined;
  return (p) => (!inc || inc(p)) && !(exc && exc(p));
}

async function* fragmentsFor(
  args: ScanArgs,
  io: Io,
  stats: ScanStats,
  accept: (p: string) => boolean,
  progress: Progress,
): AsyncGenerator<Fragment> {
  if (args.staged) {
    const { stagedFragments } = await import("../sources/staged.js");
    yield* stagedFragments({ cwd: io.cwd, accept, maxFileSize: args.maxFileSize }, stats);
    return;
  }
  if (args.history) {
    const { historyFragments, historyRevs } = await import("../sources/history.js");
    yield* historyFragments({ cwd: io.cwd, accept, revs: historyRevs(args.all, args.range), flag: "--history" }, stats);
    return;
  }
  if (args.prePush) {
    const { prePushFragments } = await import("../sources/prepush.js");
    yield* prePushFragments({ cwd: io.cwd, accept, input: process.stdin, env: io.env }, stats);
    return;
  }
  const opts = { cwd: io.cwd, paths: args.paths, accept, maxFileSize: args.maxFileSize };
  const files = await listTree(opts);
  progress.setTotal(files.length);
  yield* readTree(files, opts, stats);
}

export interface ScanResult {
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
  rules: CompiledRule[];
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

/** Runs a scan up to the filtered findings: config, source, engine, filters. Shared by scan and baseline. */
export async function collectFindings(args: ScanArgs, io: Io, opts: { noBaseline?: boolean } = {}): Promise<ScanResult> {
  const config = await loadConfig({ cwd: io.cwd, config: args.config, configFrom: args.configFrom, baseline: args.baseline, noBaseline: opts.noBaseline });
  const rules = rulesFor(config.settings);
  const scanner = createScanner(rules);
  const stats = emptyStats();
  const accept = pathFilter(args.include, args.exclude);
  const allow = config.settings?.allowlist;
  const filterOptions: FilterOptions = {
    ruleIds: new Set(rules.map((r) => r.id)),
    ignore: config.ignore,
    baseline: config.baseline,
    ...(allow && (allow.paths.length || allow.regexes.length || allow.lines.length || allow.stopwords.length)
      ? { allowlist: { ...allow, path: allowlistPath(config.root, io.cwd, allow.paths) } }
      : {}),
  };
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  // Progress on standard error, only for long scans on a terminal (never for the pre-commit hook).
  const byCommit = args.history || args.prePush;
  const progress = createProgress({ unit: byCommit ? "commits" : "files", quiet: args.quiet || args.staged });
  let lastCommit: string | undefined;
  try {
    for await (const fragment of fragmentsFor(args, io, stats, accept, progress)) {
      const sameCommit = byCommit && fragment.commit?.sha === lastCommit;
      lastCommit = fragment.commit?.sha;
      progress.tick(sameCommit ? 0 : 1, fragment.text.length);
      const found = scanner.scan(fragment);
      if (found.length === 0) continue;
      const result = filterFindings(fragment, found, filterOptions);
      findings.push(...result.kept);
      for (const s of result.suppressed) {
        suppressed.push(s);
        stats.suppressed[s.by] = (stats.suppressed[s.by] ?? 0) + 1;
      }
    }
  } finally {
    progress.stop();
  }
  // History: a secret re-added later (revert, cherry-pick, copy) is reported once, at its first commit.
  return { findings: args.history || args.prePush ? firstPerFingerprint(findings) : findings, suppressed, stats, rules };
}

function firstPerFingerprint(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint) !== undefined);
}

export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
  // process.hrtime, not performance.now(): the latter loads perf_hooks at start-up.
  const started = process.hrtime.bigint();
  const { findings, suppressed, stats, rules } = await collectFindings(args, io);
  stats.durationMs = Number(process.hrtime.bigint() - started) / 1e6;

  const used = new Set(findings.map((f) => f.ruleId));
  const ruleInfo: RuleInfo[] = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({ id: r.id, provider: r.provider, description: r.description, revoke: r.revoke, severity: r.severity }));
  const ctx: ReportContext = {
    version: VERSION,
    redact: args.redact,
    rules: ruleInfo,
    stats,
    mode: args.staged ? "staged" : args.history || args.prePush ? "history" : "tree",
    color: args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR),
    ...(args.showSuppressed ? { suppressed } : {}),
  };
  await writeReports(findings, ctx, args, io);
  return findings.length > 0 ? 1 : 0;
}

async function writeReports(findings: Finding[], ctx: ReportContext, args: ScanArgs, io: Io): Promise<void> {
  for (const [i, format] of args.format.entries()) {
    const target = args.output[i];
    const toFile = target !== undefined && target !== "-";
    const report = (await reporterFor(format))(findings, { ...ctx, color: toFile ? false : ctx.color });
    if (toFile) writeFileSync(target, report);
    else if (!(args.quiet && findings.length === 0)) io.stdout(report);
  }
}
