// The scan: a source turns the world into Fragments, the engine finds
// secrets, filters drop what the user allowed, reporters print the rest.
import { useProgramCache } from "./program-cache.js";
import type { Finding, Fragment } from "../engine/types.js";
import type { ScanArgs, SeverityName } from "../options.js";
import type { ReportContext, RuleInfo } from "../report/context.js";
import { reporterFor } from "../report/index.js";
import { createProgress } from "../report/progress.js";
import type { ScanStats } from "../engine/types.js";
import { emptyStats } from "../engine/stats.js";
import { pathFilter } from "./ruleset.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import type { CompiledRule } from "../engine/index.js";
import { redactSecret } from "../engine/redact.js";
import type { Suppressed } from "../filters/index.js";
import { createPipeline } from "./pipeline.js";
import { writeReportFile } from "./write-report.js";
import { SEVERITY_CHOICES } from "../options.js";
import { addNote } from "../engine/stats.js";
import type { HistoryOptions } from "../sources/history.js";
import type { PushPlan } from "../sources/prepush.js";
import { historyRevs } from "../sources/history-args.js";
import { SUBMODULE } from "../sources/tree-read.js";
import { VERSION } from "../version.js";
import { enterDirectory } from "./directory.js";
import { sanitize } from "../report/sanitize.js";

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** The commits a --history or --pre-push scan reads, oldest first (and, for a push, the blobs and trees tags send). */
async function historyCommits(args: ScanArgs, io: Io, opts: HistoryOptions): Promise<{ shas: string[]; push?: PushPlan }> {
  const { listCommits } = await import("../sources/history.js");
  if (args.history) return { shas: await listCommits(historyRevs(args.all, args.range), opts) };
  const { prePushRevs } = await import("../sources/prepush.js");
  const push = await prePushRevs({ cwd: io.cwd, input: process.stdin, env: io.env, remote: args.remote, url: args.remoteUrl });
  return { shas: push.revs.length === 0 ? [] : await listCommits(push.revs, opts), push };
}

/** Text to scan as if it were the file at `path` (relative to the working directory). */
export interface TextInput {
  path: string;
  text: string;
}

export interface ScanResult {
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
  rules: CompiledRule[];
  /** The config file used, described for the text report; undefined without one. */
  config?: string;
  /** Rule ids the config defines or merges: their verifiers are the config's, not the built-in ones. */
  configRuleIds: Set<string>;
}

/** Runs a scan up to the filtered findings: config, source, engine, filters. Shared by scan and baseline. */
export async function collectFindings(
  args: ScanArgs,
  io: Io,
  opts: { noBaseline?: boolean; config?: LoadedConfig; texts?: TextInput[] } = {},
): Promise<ScanResult> {
  // A pre-commit scan's one git call starts first and runs while the config loads and the rules compile;
  // so does a tree scan's listing (tree-scan.ts).
  const stagedDiff = args.staged ? (await import("../sources/staged.js")).startStagedDiff(io.cwd, args.maxFileSize) : undefined;
  const stats = emptyStats();
  const accept = pathFilter(args.include, args.exclude);
  const byCommit = args.history || args.prePush;
  const tree = !opts.texts && !args.staged && !byCommit ? await (await import("./tree-scan.js")).beginTreeScan(args, io, stats, accept) : undefined;
  // Tree and history scans run their regexes on the WASM engine (commands/wasm-engine.ts), hooks on
  // re2js, whose compiled programs are cached on disk; SCAN_KEYS_REGEX=re2js or =wasm says otherwise.
  const hook = args.staged || args.prePush;
  const wasm = (hook ? io.env.SCAN_KEYS_REGEX === "wasm" : io.env.SCAN_KEYS_REGEX !== "re2js") ? await import("./wasm-engine.js") : undefined;
  wasm?.useWasmRegex();
  const config =
    opts.config ??
    (await loadConfig({ cwd: io.cwd, paths: args.paths, config: args.config, configFrom: args.configFrom, baseline: args.baseline, noBaseline: opts.noBaseline, env: io.env }));
  const pipeline = createPipeline(config, io.cwd, args.history);
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  // Progress on standard error, only for long scans on a terminal (never for the pre-commit hook).
  const progress = createProgress({ unit: byCommit ? "commits" : "files", quiet: args.quiet || args.staged });
  try {
    if (opts.texts) {
      // Strings handed over by a caller (src/api.ts): each is a whole file at its path, filtered like one.
      for (const t of opts.texts) {
        if (!accept(t.path)) continue;
        stats.files++;
        stats.bytes += Buffer.byteLength(t.text);
        pipeline.run({ path: t.path, text: t.text, source: "tree" }, stats, findings, suppressed);
      }
    } else if (tree) {
      await tree.finish(config, pipeline, { stats, findings, suppressed, progress }, (scope) => wasm?.wantWasmImage(io.env, scope));
    } else if (args.staged) {
      const { stagedFragments } = await import("../sources/staged.js");
      for await (const fragment of stagedFragments({ cwd: io.cwd, accept, maxFileSize: args.maxFileSize }, stats, stagedDiff)) {
        pipeline.run(fragment, stats, findings, suppressed);
      }
    } else {
      const opts: HistoryOptions = { cwd: io.cwd, accept, flag: args.history ? "--history" : "--pre-push", mayHoldSecret: pipeline.matches, maxFileSize: args.maxFileSize };
      const { shallowNote } = await import("../sources/history.js");
      const shallow = shallowNote(io.cwd);
      shallow.catch(() => {}); // awaited below
      const { shas, push } = await historyCommits(args, io, opts);
      stats.commits = 0;
      progress.setTotal(shas.length);
      const { scanHistory } = await import("./history-scan.js");
      const globs = { include: args.include, exclude: args.exclude };
      const policy = await import("./thread-policy.js");
      const workers = policy.historyWorkers(shas.length, io.env);
      if (workers > 0 || shas.length >= policy.IMAGE_COMMITS) wasm?.wantWasmImage(io.env, [opts.flag, io.cwd]);
      await scanHistory({ shas, opts, globs, config, pipeline, workers }, { stats, findings, suppressed, progress });
      if (push?.objects.length) {
        const { pushedObjectFragments } = await import("../sources/prepush.js");
        for await (const fragment of pushedObjectFragments(push.objects, opts, stats)) pipeline.run(fragment, stats, findings, suppressed);
      }
      if (push?.note) addNote(stats, push.note);
      const note = await shallow;
      if (note) addNote(stats, note);
    }
  } finally {
    progress.stop();
  }
  const submodules = stats.skipped.filter((s) => s.reason === SUBMODULE).length;
  if (submodules > 0) {
    addNote(stats, `${submodules} git submodule${submodules === 1 ? " or nested repository was" : "s or nested repositories were"} not scanned; pass --recurse-submodules to scan submodules`);
  }
  const shown = atLeast(findings, args.minSeverity, stats).map((f) => redactedAs(f, args));
  for (const s of suppressed) s.finding = redactedAs(s.finding, args);
  const label = configLabel(config);
  const configRuleIds = new Set((config.settings?.rules ?? []).map((r) => r.spec.id));
  const result = { suppressed, stats, rules: pipeline.rules, configRuleIds, ...(label ? { config: label } : {}) };
  if (!byCommit) return { findings: shown, ...result };
  // History: a secret re-added later (revert, cherry-pick, copy) is reported once, at its first commit.
  const first = firstPerFingerprint(shown);
  const { markStillInHead } = await import("./history-scan.js");
  await markStillInHead(first, pipeline.rules, io.cwd);
  return { findings: first, ...result };
}

/** The finding with its `redacted` form hiding at least --redact=N's share of the secret (the engine applied the prefix rule alone; a file name, shown as is, is not a secret). */
function redactedAs(f: Finding, args: ScanArgs): Finding {
  return args.redactPercent > 0 && f.redacted !== f.secret ? { ...f, redacted: redactSecret(f.secret, args.redactPercent) } : f;
}

/** Findings at `min` severity or above; the others are counted in the summary as "min-severity". */
function atLeast(findings: Finding[], min: SeverityName, stats: ScanStats): Finding[] {
  if (min === "low") return findings;
  // SEVERITY_CHOICES runs from most to least severe.
  const rank = SEVERITY_CHOICES.indexOf(min);
  const kept = findings.filter((f) => SEVERITY_CHOICES.indexOf(f.severity) <= rank);
  const dropped = findings.length - kept.length;
  if (dropped > 0) stats.suppressed["min-severity"] = (stats.suppressed["min-severity"] ?? 0) + dropped;
  return kept;
}

/** "FILE", or "FILE (gitleaks format: title; extends the built-in rules; notes)". */
function configLabel(config: LoadedConfig): string | undefined {
  const s = config.settings;
  if (!s) return undefined;
  if (s.format !== "gitleaks") return s.file;
  const parts = [
    `gitleaks format${s.title ? `, "${s.title}"` : ""}`,
    s.extend ? "its rules plus the built-in ones" : "its rules only",
    ...(s.notes ?? []),
  ];
  return `${s.file} (${parts.join("; ")})`;
}

function firstPerFingerprint(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint) !== undefined);
}

export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
  if (args.directory !== undefined) return scanCommand({ ...args, directory: undefined }, enterDirectory(io, args.directory));
  // process.hrtime, not performance.now(): the latter loads perf_hooks at start-up.
  const started = process.hrtime.bigint();
  useProgramCache(io.env);
  const collected = await collectFindings(args, io);
  const { suppressed, stats, rules, config } = collected;
  let findings = collected.findings;
  if (args.verify) findings = await (await import("./verify-phase.js")).verifyPhase(findings, rules, collected.configRuleIds, args, io, stats);
  stats.durationMs = Number(process.hrtime.bigint() - started) / 1e6;

  const used = new Set(findings.map((f) => f.ruleId));
  const ruleInfo: RuleInfo[] = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({ id: r.id, provider: r.provider, description: r.description, revoke: r.revoke, severity: r.severity, ...(r.spec.tags ? { tags: r.spec.tags } : {}) }));
  const ctx: ReportContext = {
    version: VERSION,
    redact: args.redact,
    rules: ruleInfo,
    stats,
    mode: args.staged ? "staged" : args.history || args.prePush ? "history" : "tree",
    color: args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR),
    verified: args.verify,
    ...(config ? { config } : {}),
    ...(args.showSuppressed ? { suppressed } : {}),
    ...(args.format.includes("html") ? { place: { ...(await (await import("../sources/scan-place.js")).scanPlace(io.cwd)), scannedAt: new Date().toISOString() } } : {}),
  };
  await writeReports(findings, ctx, args, io);
  if (findings.length > 0) return 1;
  // Whatever could not be read or scanned fails the scan (a hook must not pass what it did not see).
  const failed = notScannedSentence(stats, args.maxFileSize);
  if (failed === undefined) return 0;
  io.stderr(`scan-keys: ${sanitize(failed)}\n`);
  return 2;
}

/**
 * One sentence naming what could not be read or scanned (unreadable, or text
 * over --max-file-size: `limit`), or undefined when everything was.
 */
export function notScannedSentence(stats: ScanStats, limit?: number): string | undefined {
  const unreadable = Math.max(stats.skippedUnreadable, stats.unreadable.length);
  const large = stats.skipped.filter((s) => s.reason.startsWith(TOO_LARGE));
  const tooLarge = Math.max(stats.skippedTooLarge, large.length);
  if (unreadable === 0 && tooLarge === 0) return undefined;
  if (unreadable === 0) {
    const first = large[0];
    const size = first ? /\(([\d.]*[1-9][\d.]* MB)\)/.exec(first.reason)?.[1] : undefined;
    const which = first ? ` (${tooLarge > 1 ? "first " : ""}${first.path}${size ? `, ${size}` : ""})` : "";
    const over = limit !== undefined && Number.isFinite(limit) ? `--max-file-size (${formatSize(limit)})` : "--max-file-size";
    return `${tooLarge} file${tooLarge === 1 ? " is" : "s are"} over ${over} and ${tooLarge === 1 ? "was" : "were"} not scanned${which}, so this scan cannot call it clean; raise the limit (for example --max-file-size ${suggestedLimit(large)}) or leave ${tooLarge === 1 && first ? `it out with --exclude '${first.path}'` : "them out with --exclude"}, and scan again.`;
  }
  const n = unreadable + tooLarge;
  const first = stats.unreadable[0];
  const which = first ? ` (${n > 1 ? "first " : ""}${first.path}: ${first.reason})` : "";
  const also = tooLarge > 0 ? `, ${tooLarge} of them over --max-file-size` : "";
  return `${n} path${n === 1 ? "" : "s"} could not be read or scanned${which}${also}, so this scan cannot call it clean; fix what the report names and scan again.`;
}

/** How sources begin the reason of a file over --max-file-size (tree-read.ts, blobs.ts, lfs.ts). */
const TOO_LARGE = "over --max-file-size";

/** A size for --max-file-size: whole megabytes when it is one, else kilobytes or bytes. */
function formatSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024}KB`;
  return `${bytes}B`;
}

/** A limit that takes in the largest skipped file (its size from the reason), in whole megabytes. */
function suggestedLimit(large: { reason: string }[]): string {
  let mb = 0;
  for (const s of large) mb = Math.max(mb, Number(/\(([\d.]+) MB\)/.exec(s.reason)?.[1] ?? 0));
  return `${Math.max(1, Math.ceil(mb + 0.1))}MB`;
}

async function writeReports(findings: Finding[], ctx: ReportContext, args: ScanArgs, io: Io): Promise<void> {
  for (const [i, format] of args.format.entries()) {
    const target = args.output[i];
    const toFile = target !== undefined && target !== "-";
    const report = (await reporterFor(format))(findings, { ...ctx, color: toFile ? false : ctx.color });
    if (toFile) writeReportFile(target, report);
    else if (!(findings.length === 0 && (args.quiet || (format === "text" && silentSuccess(ctx, args))))) io.stdout(report);
  }
}

/**
 * A clean pre-commit run prints nothing, as hooks are expected to (husky,
 * lint-staged), unless --verbose, or the summary has something to say: a
 * file too large or unreadable, a note, suppressed findings to list.
 */
function silentSuccess(ctx: ReportContext, args: ScanArgs): boolean {
  const s = ctx.stats;
  return args.staged && !args.verbose && !ctx.suppressed?.length && !s.skippedTooLarge && !s.skippedUnreadable && !s.skippedOther && !s.notes?.length;
}
