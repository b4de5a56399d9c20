// History and pre-push scans on every core. The main thread lists the commits
// (oldest first) and cuts the list into slices; each slice is read by its own
// `git log -p` and scanned by the same pipeline, on worker threads or, with no
// workers, here. Findings are then put back in commit order, each secret kept
// once at its first commit, and marked with whether HEAD still has it.
import { useWasmRegex, wasmForWorkers, type WorkerWasm } from "./wasm-engine.js";
import { adoptUsed, usedPatterns } from "./wasm-snapshot.js";
import { appendAll } from "../engine/append.js";
import type { Worker as WorkerType } from "node:worker_threads";
import type { LoadedConfig } from "../config/load.js";
import type { CompiledRule } from "../engine/index.js";
import type { Finding } from "../engine/types.js";
import type { Suppressed } from "../filters/index.js";
import type { Progress } from "../report/progress.js";
import type { ScanStats } from "../engine/types.js";
import { addStats, emptyStats } from "../engine/stats.js";
import { sliceFragments, startSlice, type HistoryOptions, type StartedSlice } from "../sources/history.js";
import { stillInHead } from "../sources/head.js";
import { createPipeline, type Pipeline } from "./pipeline.js";
import { pathFilter } from "./ruleset.js";
import type { Sink } from "./sink.js";

/** What a history worker thread needs to build its pipeline and run git. */
export interface HistoryWorkerSetup {
  history: { cwd: string; flag: string; include: string[]; exclude: string[]; maxFileSize: number };
  config: LoadedConfig;
  /** The main thread's compiled regex module and memory image (commands/wasm-engine.ts), or undefined: the worker runs re2js alone. */
  wasm: WorkerWasm | undefined;
}

interface SliceResult {
  id: number;
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
}

/**
 * Commits per slice. Worker threads: about eight slices each, so all stay
 * busy to the end. One thread: four slices, enough for the next ones' git to
 * run ahead. At least 50 (a git start costs a few ms) and at most 1000, so
 * what one slice holds (its findings) stays small on any history.
 */
export function sliceSize(commits: number, workers: number): number {
  return Math.max(50, Math.min(1000, Math.ceil(commits / (workers > 0 ? workers * 8 : 4))));
}

/**
 * Slices whose git runs ahead of the one being scanned (without worker
 * threads). Three: with four slices (histories up to 4000 commits) every
 * git starts at once, and git's work is done while this thread still scans,
 * instead of a last slice's git starting late and finishing alone.
 */
const SLICES_AHEAD = 3;
/** How far (characters of diff) each of those may run ahead: bounds the memory they hold. */
const READ_AHEAD = 8 * 1024 * 1024;

/** Scans one slice: the same code on a worker thread and on the main thread. */
async function scanSlice(id: number, shas: string[] | StartedSlice, opts: HistoryOptions, pipeline: Pipeline): Promise<SliceResult> {
  const stats = emptyStats();
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for await (const batch of sliceFragments(shas, opts, stats)) for (const fragment of batch) pipeline.run(fragment, stats, findings, suppressed);
  return { id, findings, suppressed, stats };
}

export interface HistoryJob {
  shas: string[];
  opts: HistoryOptions;
  /** For worker threads, which rebuild the path filter from the globs. */
  globs: { include: string[]; exclude: string[] };
  config: LoadedConfig;
  pipeline: Pipeline;
  workers: number;
}

/** Scans every slice; findings and suppressed findings come back in commit order (oldest first). */
export async function scanHistory(job: HistoryJob, sink: Sink): Promise<void> {
  const size = sliceSize(job.shas.length, job.workers);
  const slices: string[][] = [];
  for (let i = 0; i < job.shas.length; i += size) slices.push(job.shas.slice(i, i + size));
  const results: SliceResult[] = [];
  const done = (r: SliceResult) => {
    results[r.id] = r;
    sink.progress.tick(slices[r.id]!.length, r.stats.bytes);
  };
  if (job.workers === 0 || slices.length <= 1) {
    // One thread scans; the next slices' git processes run meanwhile (on the other cores), buffered.
    const started: StartedSlice[] = [];
    try {
      for (let id = 0; id < slices.length; id++) {
        while (started.length <= SLICES_AHEAD && id + started.length < slices.length) {
          started.push(startSlice(slices[id + started.length]!, job.opts, READ_AHEAD));
        }
        done(await scanSlice(id, started.shift()!, job.opts, job.pipeline));
      }
    } finally {
      for (const s of started) s.git.kill();
    }
  } else {
    await inWorkers(job, slices, done);
  }
  const order = new Map(job.shas.map((sha, i) => [sha, i]));
  const byCommit = <T>(commitOf: (x: T) => string | undefined) => (a: T, b: T) =>
    (order.get(commitOf(a) ?? "") ?? 0) - (order.get(commitOf(b) ?? "") ?? 0);
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const r of results) {
    addStats(sink.stats, r.stats);
    appendAll(findings, r.findings);
    appendAll(suppressed, r.suppressed);
  }
  // A slice reads a merge's --remerge-diff after its other commits: sort (stably) by commit.
  appendAll(sink.findings, findings.sort(byCommit((f) => f.commit?.sha)));
  appendAll(sink.suppressed, suppressed.sort(byCommit((s) => s.finding.commit?.sha)));
}

function inWorkers(job: HistoryJob, slices: string[][], done: (r: SliceResult) => void): Promise<void> {
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  const setup: HistoryWorkerSetup = {
    history: { cwd: job.opts.cwd, flag: job.opts.flag, ...job.globs, maxFileSize: job.opts.maxFileSize },
    config: job.config,
    wasm: wasmForWorkers(),
  };
  let next = 0;
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // The bundle in worker mode, as for tree scans (scan-workers.ts), with a larger young generation.
      const worker: WorkerType = new Worker(process.argv[1]!, {
        argv: ["--scan-keys-worker"],
        workerData: setup,
        resourceLimits: { maxYoungGenerationSizeMb: 48 },
      });
      let failed: Error | undefined;
      const feed = () => {
        if (next < slices.length) worker.postMessage({ id: next, shas: slices[next++] });
        else worker.postMessage(null);
      };
      worker.on("message", (m: SliceResult | { error: { message: string; name: string } } | { wasm: [string, boolean][] }) => {
        if ("wasm" in m) return adoptUsed(m.wasm); // its last message, after the null that stops it
        if ("error" in m) {
          // A git failure in a slice (e.g. a bad object): the same one-sentence error as without workers.
          failed = Object.assign(new Error(m.error.message), { name: m.error.name });
          worker.postMessage(null);
          return;
        }
        done(m);
        feed();
      });
      worker.on("error", reject);
      worker.on("exit", (code) =>
        failed ? reject(failed) : code === 0 ? resolve() : reject(new Error(`a history scan worker stopped with exit code ${code}`)),
      );
      feed();
    });
  return Promise.all(Array.from({ length: Math.min(job.workers, slices.length) }, run)).then(() => undefined);
}

/** The worker side: scan each slice the main thread sends, until it sends null. */
export function historyWorkerMain(setup: HistoryWorkerSetup): void {
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  if (setup.wasm) useWasmRegex(setup.wasm); // the main thread's engine (commands/scan.ts), on its module
  const pipeline = createPipeline(setup.config, setup.history.cwd, true);
  const opts: HistoryOptions = {
    cwd: setup.history.cwd,
    flag: setup.history.flag,
    accept: pathFilter(setup.history.include, setup.history.exclude),
    mayHoldSecret: pipeline.matches,
    maxFileSize: setup.history.maxFileSize,
  };
  parentPort!.on("message", (slice: { id: number; shas: string[] } | null) => {
    if (slice === null) {
      // The WASM patterns this worker used, for the main thread's memory image (wasm-snapshot.ts).
      parentPort!.postMessage({ wasm: usedPatterns() });
      parentPort!.close();
      return;
    }
    scanSlice(slice.id, slice.shas, opts, pipeline).then(
      (r) => parentPort!.postMessage(r),
      (e: Error) => parentPort!.postMessage({ error: { message: e.message, name: e.name } }),
    );
  });
}

/**
 * Marks each finding with whether its secret is still in HEAD's tree (left
 * unset when there is no HEAD). Path rules report a file: it is present when
 * HEAD has that path.
 */
export async function markStillInHead(findings: Finding[], rules: CompiledRule[], cwd: string): Promise<void> {
  const pathRules = new Set(rules.filter((r) => r.target === "path").map((r) => r.id));
  const answers = await stillInHead(
    findings.map((f) => (pathRules.has(f.ruleId) ? { secret: f.secret, path: f.path } : { secret: f.secret, ...(f.encoding ? { encoding: f.encoding } : {}) })),
    cwd,
  );
  if (answers) findings.forEach((f, i) => (f.stillInHead = answers[i]!));
}
