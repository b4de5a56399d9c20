// Large tree scans on every core. The workers start while the main thread
// lists the files (a worker loads the bundle and builds its scanner before
// it can scan anything: ~0.1-0.2 s of the other core's time). Then the main
// thread and the workers take batches from one list: a counter in shared
// memory hands out the next files, so no thread waits on another for work,
// and the main thread, which used to only hand out and merge, scans as many
// batches as a worker does. Each thread reads its batches itself (only paths
// go to a worker, only findings come back: nothing large is copied).
// Results are put back in file order, so the report (findings, their order,
// stats) is the same as a one-thread scan's.
import { appendAll } from "../engine/append.js";
import { useWasmRegex, wasmForWorkers, type WorkerWasm } from "./wasm-engine.js";
import { adoptUsed, usedPatterns } from "./wasm-snapshot.js";
import type { Worker as WorkerType } from "node:worker_threads";
import type { LoadedConfig } from "../config/load.js";
import type { Finding } from "../engine/types.js";
import type { Suppressed } from "../filters/index.js";
import { WORKER_FLAG } from "../options.js";
import type { ScanStats } from "../engine/types.js";
import { addStats, emptyStats } from "../engine/stats.js";
import { readTree, type TreeFile, type TreeOptions } from "../sources/tree.js";
import { SourceError } from "../sources/source-error.js";
import { createPipeline, type Pipeline } from "./pipeline.js";
import { adoptPrograms, useProgramCache } from "./program-cache.js";
import type { Sink } from "./sink.js";
import { loadedFiles, type LoadedFiles } from "../startup/later-files.js";

/** Files per batch at most: small enough to balance the load, large enough that messages cost nothing. */
const MAX_BATCH = 64;
/** …and at least, near the end of the list, where batches shrink so that all threads finish together. */
const MIN_BATCH = 4;

export interface WorkerSetup {
  cwd: string;
  maxFileSize: number;
  config: LoadedConfig;
  /** The main thread's compiled regex module and memory image (commands/wasm-engine.ts), or undefined: the worker runs re2js alone. */
  wasm: WorkerWasm | undefined;
  /** The bundle files the main thread's loader read, which the worker's loader starts from (startup/later-files.ts). */
  loaded?: LoadedFiles;
}

/** The list to scan and the shared counter of the next file to hand out (an Int32Array over a SharedArrayBuffer). */
interface Job {
  files: TreeFile[];
  next: Int32Array;
  threads: number;
}

/** What a worker sends back: each batch's results, then, once the list is done, the RE2 programs it compiled and the WASM patterns it used (for the caches). */
type WorkerMessage = { batch: BatchResult } | { done: true; programs: [string, unknown][]; wasm: [string, boolean][] };

interface BatchResult {
  start: number;
  count: number;
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
}

/** Threads started for a tree scan, before it knows what it will scan. */
export interface TreeWorkers {
  /** Scans the files on these workers and the main thread (whose pipeline is `pipeline`); results go to the sink in file order. */
  scan(files: TreeFile[], opts: TreeOptions, pipeline: Pipeline, sink: Sink): Promise<void>;
  /** Stops the workers unused (the list turned out too short to share). */
  cancel(): void;
}

/**
 * A worker's heap. Most of a thread's memory is slack, not live data (the
 * 7,516 files of a node_modules: 24 MB live of 75 MB of heap on the main
 * thread), and each thread has a heap of its own: with V8's defaults for a
 * worker that tree's scan peaked at 210-230 MB, over the 200 MB budget. A
 * smaller young generation (4 MB, not 48) and an old generation capped at
 * 1 GB, under which V8 grows the heap by a smaller factor after each full
 * collection (1.6 instead of up to 4), brought it under: with 8 MB 180-190
 * MiB at first, then up to 198-204 once the tree scan listed while its
 * config loaded and the WASM engine started from its image; 4 MB, 6 runs
 * each interleaved: median 181 MB (max 186) against 189 (max 194), wall
 * 1.75 vs 1.76 s, and 16 MB 202, 32 MB 211. A batch's findings are all a
 * worker holds beyond its scanner, so 1 GB is never reached by a real tree.
 * The old generation's starting size, and the main thread's young generation,
 * are V8 flags set by the loader before the scan (startup/loader.ts).
 */
const HEAP_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 1024 };

/** A started worker, watched from its start: it may fail, or end, before it is handed a list. */
interface Started {
  worker: WorkerType;
  /** Its exit code, once it has stopped. */
  exited: Promise<number>;
  /** Its first error ("error" event), if any. */
  error?: Error;
}

/** Starts `count` tree scan workers; they load and build their scanner at once, and scan when handed a list. */
export function startTreeWorkers(count: number, scan: Omit<WorkerSetup, "wasm">): TreeWorkers {
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  const loaded = loadedFiles();
  const setup: WorkerSetup = { ...scan, wasm: wasmForWorkers(), ...(loaded ? { loaded } : {}) };
  const started: Started[] = [];
  for (let i = 0; i < count; i++) {
    // process.argv[1] is the CLI's own file (dist/cli.js): a worker runs the bundle in worker mode.
    const worker: WorkerType = new Worker(process.argv[1]!, { argv: [WORKER_FLAG], workerData: setup, resourceLimits: HEAP_LIMITS });
    const s: Started = { worker, exited: new Promise((resolve) => worker.once("exit", resolve)) };
    worker.on("error", (err) => (s.error ??= err));
    started.push(s);
  }
  return {
    scan: (files, opts, pipeline, sink) => scanShared(started, files, opts, pipeline, sink),
    cancel() {
      for (const s of started) void s.worker.terminate();
    },
  };
}

async function scanShared(workers: Started[], files: TreeFile[], opts: TreeOptions, pipeline: Pipeline, sink: Sink): Promise<void> {
  const job: Job = { files, next: new Int32Array(new SharedArrayBuffer(4)), threads: workers.length + 1 };
  const results: BatchResult[] = [];
  let scanned = 0;
  let allIn!: () => void;
  let failed!: (err: unknown) => void;
  // Resolves when every file's results are in; rejects when a worker stops first (its files would go unscanned).
  const complete = new Promise<void>((resolve, reject) => {
    allIn = resolve;
    failed = reject;
  });
  const take = (r: BatchResult) => {
    results.push(r);
    scanned += r.count;
    sink.progress.tick(r.count, r.stats.bytes);
    if (scanned === files.length) allIn();
  };
  const threads = workers.map((s) => runWorker(s, job, take));
  for (const t of threads) t.handedOver.catch((err: unknown) => failed(err));
  complete.catch(() => Atomics.store(job.next, 0, files.length)); // nothing more to hand out: the main thread stops after its batch
  if (files.length === 0) allIn();
  const readOpts = { maxFileSize: opts.maxFileSize };
  for (let range = claim(job); range; range = claim(job)) {
    take(scanRange(files, range, readOpts, pipeline));
    // Lets the workers' messages in (their results, for the progress display; a failure) between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await complete;
  // Every file is scanned. A worker that scanned some is about to hand over its compiled programs
  // (for the cache) and stop: its hand-over is waited for, not its stop (a worker frees its heap as
  // it stops, ~30 ms that overlap the merge and the report). One still starting (a short list) is stopped.
  await Promise.all(threads.map((t) => (t.scannedAny() ? t.handedOver.catch(() => {}) : t.worker.terminate())));
  results.sort((a, b) => a.start - b.start);
  for (const r of results) {
    addStats(sink.stats, r.stats);
    appendAll(sink.findings, r.findings);
    appendAll(sink.suppressed, r.suppressed);
  }
}

/**
 * Hands a worker the job. `handedOver` settles when it has sent the results of
 * every batch it took and its compiled programs (its last message), or
 * rejects when it stops before that: its files would go unscanned.
 */
function runWorker(s: Started, job: Job, take: (r: BatchResult) => void): { worker: WorkerType; handedOver: Promise<void>; scannedAny: () => boolean } {
  let batches = 0;
  let finished!: () => void;
  const handedOver = new Promise<void>((resolve, reject) => {
    finished = resolve;
    void s.exited.then((code) => reject(workerFailure(s.error ? s.error.message : `exit code ${code}`)));
  });
  s.worker.on("message", (m: WorkerMessage) => {
    if ("batch" in m) {
      batches++;
      take(m.batch);
    } else {
      adoptPrograms(m.programs);
      adoptUsed(m.wasm);
      finished();
    }
  });
  s.worker.postMessage(job);
  return { worker: s.worker, handedOver, scannedAny: () => batches > 0 };
}

function workerFailure(why: string): SourceError {
  return new SourceError(`a scan worker thread stopped before its files were scanned (${why}), so this scan cannot call the tree clean; run it again, or with SCAN_KEYS_WORKERS=0 to scan on the main thread alone.`);
}

/** The next files for a thread: [start, end), or undefined when all are handed out. Batches shrink as the list runs out. */
function claim(job: Job): [number, number] | undefined {
  const total = job.files.length;
  for (;;) {
    const start = Atomics.load(job.next, 0);
    if (start >= total) return undefined;
    const size = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.ceil((total - start) / (job.threads * 4))));
    const end = Math.min(total, start + size);
    if (Atomics.compareExchange(job.next, 0, start, end) === start) return [start, end];
  }
}

/** Reads and scans files [start, end) of the list: one batch's results (the same on the main thread and in a worker). */
function scanRange(files: TreeFile[], [start, end]: [number, number], readOpts: { maxFileSize: number }, pipeline: Pipeline): BatchResult {
  const r: BatchResult = { start, count: end - start, findings: [], suppressed: [], stats: emptyStats() };
  for (const fragment of readTree(files.slice(start, end), readOpts, r.stats)) pipeline.run(fragment, r.stats, r.findings, r.suppressed);
  return r;
}

/** The worker side: build the scanner now, then scan batches of the list the main thread sends, until none is left. */
export function treeWorkerMain(setup: WorkerSetup): void {
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  if (setup.wasm) useWasmRegex(setup.wasm); // the main thread's engine (commands/scan.ts), on its module
  // The programs the main thread's earlier runs compiled, read from the cache file; those this
  // worker compiles go back to the main thread, which writes the file (threads never write it).
  const programs: [string, unknown][] = [];
  useProgramCache(process.env, (source, snapshot) => programs.push([source, snapshot]));
  // long: the keyword prefilter uses its automaton from the first file on (it is built once and used on thousands).
  const pipeline = createPipeline(setup.config, setup.cwd, true);
  const readOpts = { maxFileSize: setup.maxFileSize };
  parentPort!.once("message", (job: Job) => {
    for (let range = claim(job); range; range = claim(job)) {
      parentPort!.postMessage({ batch: scanRange(job.files, range, readOpts, pipeline) } satisfies WorkerMessage);
    }
    try {
      parentPort!.postMessage({ done: true, programs, wasm: usedPatterns() } satisfies WorkerMessage);
    } catch {
      // A program that does not survive the copy is compiled again next run; the scan is done.
      parentPort!.postMessage({ done: true, programs: [], wasm: usedPatterns() } satisfies WorkerMessage);
    }
    parentPort!.close();
  });
}
