// How many threads a tree or history scan runs on (the work sharing itself
// is scan-workers.ts and history-scan.ts).
import { STDIN_NAMES } from "../sources/tree.js";
import { idleCoresSinceStart } from "../startup/cpu-sample.js";

/**
 * A list this long may repay a worker's start; a shorter one is scanned by the main thread alone.
 * A worker takes ~0.15 s of CPU to start (load the bundle, build its scanner: a 20-file tree with
 * SCAN_KEYS_WORKERS=1 took 0.45 s of CPU against 0.28 s without) and as long before it scans,
 * about what the main thread takes for 400 files of ordinary code. A worker still starting when
 * the main thread has scanned everything is stopped, not waited for.
 */
export const SHARED_SCAN_FILES = 400;

/**
 * A history this long starts the WASM regex engine from its memory image
 * (commands/wasm-snapshot.ts), as does a tree of SHARED_SCAN_FILES files:
 * reading an image of a large scan's patterns costs a shorter scan more
 * than compiling the few it needs (this repository's history, 190 patterns:
 * 105 ms to restore, 175 ms to compile, on a 2-core VM).
 */
export const IMAGE_COMMITS = 100;

/** SCAN_KEYS_WORKERS=N: N worker threads for a tree or history scan (0: the main thread alone); undefined when unset. */
export function forcedWorkers(env: NodeJS.ProcessEnv): number | undefined {
  const forced = env.SCAN_KEYS_WORKERS;
  return forced !== undefined && /^\d+$/.test(forced) ? Math.min(Number(forced), 16) : undefined;
}

/**
 * Worker threads for a tree scan, decided before the listing: one per idle
 * core but the main thread's, which scans too (scan-workers.ts), up to 8;
 * none on one core or when standard input is to be read. They start once the
 * listing has found SHARED_SCAN_FILES files, so a short list never starts
 * them. SCAN_KEYS_WORKERS=N overrides (0: scan in the main thread; N > 0:
 * N workers started at once, whatever the list or the load).
 *
 * Idle, because a worker costs CPU of its own (its start, and V8 compiling
 * the scanner's hot code again for its thread: 28-38% more CPU in all on a
 * node_modules of 7,516 files; ~21% since the loader's heap and tier-up
 * flags) and repays it only on a core that would otherwise wait. Where
 * every core is busy, Linux shares the CPU between sessions, not threads,
 * and the second thread only adds that cost. On 2
 * cores, that scan with a worker against without (medians of interleaved
 * runs): 1.87 s vs 2.18 s at a load average of ~2, 3.8 s vs 3.0 s at ~3.3,
 * 9.9 s vs 6.4 s at 8-10.
 *
 * Idle cores are measured while the bundle loaded (startup/cpu-sample.ts:
 * the CPU's idle time since the loader started, the main thread alone
 * running): a core counts when it was idle at least half that time. Where
 * there is no such sample (a library caller), the load average stands in,
 * with one core's grace for the scans just run (about 1 for back-to-back
 * runs, counted for a minute after they end): cores + 1 - load, rounded down.
 */
export function plannedTreeWorkers(paths: string[], env: NodeJS.ProcessEnv): number {
  if (paths.some((p) => p === "-" || STDIN_NAMES.has(p))) return 0;
  const forced = forcedWorkers(env);
  if (forced !== undefined) return forced;
  const os = process.getBuiltinModule("node:os");
  const cores = os.availableParallelism();
  const measured = idleCoresSinceStart();
  const idle = measured !== undefined ? Math.floor(measured + 0.5) : Math.floor(cores + 1 - os.loadavg()[0]!);
  return Math.max(0, Math.min(cores - 1, idle, 8));
}

/**
 * Threads for a history scan. git does half the work in its own processes,
 * and each worker thread pays again for compiling the rules it meets, so
 * with two cores the main thread alone (with the next slices' git running on
 * the other core) is fastest; with more, one worker per core but the main
 * thread's. SCAN_KEYS_WORKERS=N overrides (0: the main thread alone).
 */
export function historyWorkers(commits: number, env: NodeJS.ProcessEnv): number {
  const forced = forcedWorkers(env);
  if (forced !== undefined) return forced;
  const spare = process.getBuiltinModule("node:os").availableParallelism() - 1;
  if (commits < 1000 || spare < 2) return 0;
  return Math.min(spare, 8);
}
