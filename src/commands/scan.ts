// The scan: a source turns the world into Fragments, the engine finds
// secrets, filters drop what the user allowed, reporters print the rest.
import { writeFileSync } from "node:fs";
import type { Finding, Fragment } from "../engine/types.js";
import type { ScanArgs } from "../options.js";
import type { ReportContext, RuleInfo } from "../report/context.js";
import { reporterFor } from "../report/index.js";
import { createProgress } from "../report/progress.js";
import { emptyStats, type ScanStats } from "../report/stats.js";
import { globListMatcher } from "../ruleset.js";
import { loadConfig, type LoadedConfig } from "../config.js";
import type { CompiledRule } from "../engine/index.js";
import type { Suppressed } from "../filters/index.js";
import { createPipeline } from "./pipeline.js";
import type { GitResult } from "../sources/git.js";
import { listTree, readTree } from "../sources/tree.js";
import { VERSION } from "../version.js";
import { enterDirectory } from "./directory.js";

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

/** Fragments from git: the staged change, history, or the commits being pushed. */
async function* gitFragments(
  args: ScanArgs,
  io: Io,
  stats: ScanStats,
  accept: (p: string) => boolean,
  stagedDiff: Promise<GitResult> | undefined,
): AsyncGenerator<Fragment> {
  if (args.staged) {
    const { stagedFragments } = await import("../sources/staged.js");
    yield* stagedFragments({ cwd: io.cwd, accept, maxFileSize: args.maxFileSize }, stats, stagedDiff);
  } else if (args.history) {
    const { historyFragments, historyRevs } = await import("../sources/history.js");
    yield* historyFragments({ cwd: io.cwd, accept, revs: historyRevs(args.all, args.range), flag: "--history" }, stats);
  } else {
    const { prePushFragments } = await import("../sources/prepush.js");
    yield* prePushFragments({ cwd: io.cwd, accept, input: process.stdin, env: io.env }, stats);
  }
}

export interface ScanResult {
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
  rules: CompiledRule[];
}

/** Runs a scan up to the filtered findings: config, source, engine, filters. Shared by scan and baseline. */
export async function collectFindings(
  args: ScanArgs,
  io: Io,
  opts: { noBaseline?: boolean; config?: LoadedConfig } = {},
): Promise<ScanResult> {
  // A pre-commit scan's one git call starts first and runs while the config loads and the rules compile.
  const stagedDiff = args.staged ? (await import("../sources/staged.js")).startStagedDiff(io.cwd) : undefined;
  stagedDiff?.catch(() => {}); // awaited, and any failure reported, in gitFragments
  const config =
    opts.config ??
    (await loadConfig({ cwd: io.cwd, paths: args.paths, config: args.config, configFrom: args.configFrom, baseline: args.baseline, noBaseline: opts.noBaseline }));
  const pipeline = createPipeline(config, io.cwd);
  const stats = emptyStats();
  const accept = pathFilter(args.include, args.exclude);
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  // Progress on standard error, only for long scans on a terminal (never for the pre-commit hook).
  const byCommit = args.history || args.prePush;
  const progress = createProgress({ unit: byCommit ? "commits" : "files", quiet: args.quiet || args.staged });
  try {
    if (!args.staged && !byCommit) {
      const opts = { cwd: io.cwd, paths: args.paths, accept, maxFileSize: args.maxFileSize };
      const files = await listTree(opts, stats);
      progress.setTotal(files.length);
      const workers = workerCount(files.length, io.env);
      if (workers > 0) {
        const { scanInWorkers } = await import("./scan-workers.js");
        await scanInWorkers({ files, opts, config, workers }, { stats, findings, suppressed, progress });
      } else {
        for (const fragment of readTree(files, opts, stats)) {
          progress.tick(1, fragment.text.length);
          pipeline.run(fragment, stats, findings, suppressed);
        }
      }
    } else {
      let lastCommit: string | undefined;
      for await (const fragment of gitFragments(args, io, stats, accept, stagedDiff)) {
        progress.tick(byCommit && fragment.commit?.sha === lastCommit ? 0 : 1, fragment.text.length);
        lastCommit = fragment.commit?.sha;
        pipeline.run(fragment, stats, findings, suppressed);
      }
    }
  } finally {
    progress.stop();
  }
  // History: a secret re-added later (revert, cherry-pick, copy) is reported once, at its first commit.
  return { findings: byCommit ? firstPerFingerprint(findings) : findings, suppressed, stats, rules: pipeline.rules };
}

/**
 * Threads for a tree scan: one per core but the main thread's (it lists,
 * reads and merges), for trees big enough to repay a worker's start, else
 * none (0). A worker compiles the RE2 programs and builds the DFAs it needs
 * itself (~0.2 s on the bench tree), so with two cores, where the main
 * thread and two workers fight over both, the main thread alone is faster
 * (bench tree, 33.6 MB: 0.91 s alone vs 1.04 s with two workers).
 * SCAN_KEYS_WORKERS=N overrides (0: scan in the main thread).
 */
function workerCount(files: number, env: NodeJS.ProcessEnv): number {
  const forced = env.SCAN_KEYS_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 16);
  const spare = process.getBuiltinModule("node:os").availableParallelism() - 1;
  if (files < 400 || spare < 2) return 0;
  return Math.min(spare, 8, Math.ceil(files / 200));
}

function firstPerFingerprint(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint) !== undefined);
}

export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
  if (args.directory !== undefined) return scanCommand({ ...args, directory: undefined }, enterDirectory(io, args.directory));
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
