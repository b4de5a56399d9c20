// Large tree scans on every core. The main thread lists the files and hands
// out batches; each worker thread reads its batch and runs the same pipeline
// (engine + filters, built from the config the main thread loaded); results
// are put back in file order, so the report is the same as a one-thread scan.
import { appendAll } from "../engine/append.js";
import { useWasmRegex, wasmForWorkers } from "./wasm-engine.js";
import type { Worker as WorkerType } from "node:worker_threads";
import type { LoadedConfig } from "../config/load.js";
import type { Finding } from "../engine/types.js";
import type { Suppressed } from "../filters/index.js";
import { WORKER_FLAG } from "../options.js";
import type { ScanStats } from "../engine/types.js";
import { addStats, emptyStats } from "../engine/stats.js";
import { readTree, type TreeFile, type TreeOptions } from "../sources/tree.js";
import { createPipeline } from "./pipeline.js";
import type { Sink } from "./sink.js";

/** Files per batch: small enough to balance the load, large enough that messages cost nothing. */
const BATCH = 64;

export interface WorkerSetup {
  cwd: string;
  maxFileSize: number;
  config: LoadedConfig;
  /** The main thread's compiled regex module (commands/wasm-engine.ts), or undefined: the worker runs re2js alone. */
  wasm: WebAssembly.Module | undefined;
}

interface BatchResult {
  id: number;
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
}

export async function scanInWorkers(
  job: { files: TreeFile[]; opts: TreeOptions; config: LoadedConfig; workers: number },
  sink: Sink,
): Promise<void> {
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  const batches: TreeFile[][] = [];
  for (let i = 0; i < job.files.length; i += BATCH) batches.push(job.files.slice(i, i + BATCH));
  const results: BatchResult[] = [];
  let next = 0;
  const setup: WorkerSetup = { cwd: job.opts.cwd, maxFileSize: job.opts.maxFileSize, config: job.config, wasm: wasmForWorkers() };
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // process.argv[1] is the CLI's own file (dist/cli.js): a worker runs the bundle in worker mode.
      // A larger young generation than a worker's default: the scan makes many short-lived strings
      // (measured on the bench tree: 20% less time per worker).
      const worker: WorkerType = new Worker(process.argv[1]!, {
        argv: [WORKER_FLAG],
        workerData: setup,
        resourceLimits: { maxYoungGenerationSizeMb: 48 },
      });
      const feed = () => {
        if (next < batches.length) {
          worker.postMessage({ id: next, files: batches[next] });
          next++;
        } else worker.postMessage(null);
      };
      worker.on("message", (r: BatchResult) => {
        results[r.id] = r;
        sink.progress.tick(batches[r.id]!.length, r.stats.bytes);
        feed();
      });
      worker.on("error", reject);
      worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`a scan worker stopped with exit code ${code}`))));
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(job.workers, batches.length) }, run));
  for (const r of results) {
    addStats(sink.stats, r.stats);
    appendAll(sink.findings, r.findings);
    appendAll(sink.suppressed, r.suppressed);
  }
}

/** The worker side: scan each batch the main thread sends, until it sends null. */
export function treeWorkerMain(setup: WorkerSetup): void {
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  if (setup.wasm) useWasmRegex(setup.wasm); // the main thread's engine (commands/scan.ts), on its module
  const pipeline = createPipeline(setup.config, setup.cwd);
  const opts: TreeOptions = { cwd: setup.cwd, paths: [], accept: () => true, maxFileSize: setup.maxFileSize };
  parentPort!.on("message", (batch: { id: number; files: TreeFile[] } | null) => {
    if (batch === null) {
      parentPort!.close();
      return;
    }
    const stats = emptyStats();
    const findings: Finding[] = [];
    const suppressed: Suppressed[] = [];
    for (const fragment of readTree(batch.files, opts, stats)) pipeline.run(fragment, stats, findings, suppressed);
    parentPort!.postMessage({ id: batch.id, findings, suppressed, stats } satisfies BatchResult);
  });
}
