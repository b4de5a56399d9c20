// dist/cli.js, the bin: loads the bundle (dist/main.js) so that V8 reuses its
// compiled code across runs instead of compiling ~400 KB on every commit.
// The bundle is compiled with vm.Script and a code cache: the bytecode of
// every function the run used, written at exit the first time and read by
// every later run (measured on a staged scan of 5 files on Node 20: ~40 ms
// less). Node 22.1+ has a compile cache of its own (module.enableCompileCache),
// used here only where this one is off (CI): it keeps what V8 compiled before
// the module ran, so the functions a scan calls are compiled again on every
// run (a clean hook run on Node 22 and 24: 6-8 ms slower than with this
// cache). The cache is an optimisation only: any problem with
// it (unwritable or foreign directory, stale or rejected data) falls back to
// compiling, never to a failure.
//
// Where: the per-user cache directory (cache-dir.ts). A file is named after
// the bundle's content hash (computed by the build), the Node version and
// architecture, so a new build or Node never reads old data.
// NODE_DISABLE_COMPILE_CACHE=1 turns both caches off, as it does Node's.
// The bundle must hold no import() (scripts/build.mjs sees to it): a
// vm.Script has no module loader for it.

import * as fs from "node:fs";
import * as path from "node:path";
import Module from "node:module";
import * as vm from "node:vm";
import { cacheDir, readCacheFile, seal, unseal, writeCacheFile } from "./cache-dir.js";
import { startEarlyGit } from "../sources/early-git.js";
import { LATER_FILES, LOADED_FILES, REQUIRE_CACHED, type LoadedFiles, type RequireCached } from "./later-files.js";
import { COMMANDS } from "../options.js";
import { CPU_AT_START, cpuSample, type CpuSample } from "./cpu-sample.js";

declare const __SCAN_KEYS_MAIN_HASH__: string;
declare const __SCAN_KEYS_RE2_HASH__: string;
declare const __SCAN_KEYS_TOKENIZER_HASH__: string;

const MAIN = path.join(__dirname, "main.js");
const WORKER_FLAG = "--scan-keys-worker";
const isWorker = process.argv[2] === WORKER_FLAG;
/** What the main thread's loader read, for scan workers (later-files.ts, LOADED_FILES); only tree and history scans start them. */
const readForWorkers: LoadedFiles = ((globalThis as { [LOADED_FILES]?: LoadedFiles })[LOADED_FILES] = {});

/** Bundle files main.js loads later (later-files.ts): each has a code cache of its own, named by its kind and hash. */
const LATER: Record<string, { kind: string; hash: string }> = {
  [LATER_FILES.re2]: { kind: "re2-", hash: __SCAN_KEYS_RE2_HASH__ },
  [LATER_FILES.tokenizer]: { kind: "tokenizer-", hash: __SCAN_KEYS_TOKENIZER_HASH__ },
};

/**
 * Runs a CommonJS bundle file through the V8 code cache `name` in `dir`
 * (written after the run, so it holds every function the run compiled;
 * worker threads leave that to the main thread). Returns its module.
 */
function runCached(file: string, dir: string, name: string, kind: string): Module {
  // A scan worker starts from what its main thread read (later-files.ts, LOADED_FILES), when it was given that.
  const given = isWorker ? (process.getBuiltinModule("node:worker_threads").workerData as { loaded?: LoadedFiles } | undefined)?.loaded : undefined;
  const handed = given?.[name];
  if (handed) delete given[name]; // workerData lives as long as the worker: its copy of the cache would too
  // V8 trusts a code cache's content: a damaged one (it does not verify) is never handed to it.
  const cachedData = handed ? handed.cachedData : unseal(readCacheFile(dir, name));
  const source = handed ? handed.source : fs.readFileSync(file, "utf8");
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if ((!cachedData || script.cachedDataRejected) && !isWorker) process.once("exit", () => writeCacheFile(dir, name, kind, seal(script.createCachedData())));
  if (!isWorker && thisRun === "scan") readForWorkers[name] = { source, cachedData: script.cachedDataRejected ? undefined : cachedData };
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod;
}

/**
 * What kind of run this is. A code cache holds the functions of the run that
 * wrote it: the hook's staged scans, pre-push scans, other scans (trees,
 * histories: far more code, which a hook would only pay to read) and other
 * commands keep one each.
 */
function runKind(argv: string[]): "cmd" | "staged" | "pre-push" | "scan" {
  const first = argv[0] ?? "";
  if (COMMANDS.has(first) || first === "--help" || first === "-h" || first === "--version") return "cmd";
  if (argv.includes("--staged")) return "staged";
  return argv.includes("--pre-push") ? "pre-push" : "scan";
}

/**
 * For runs on the WASM regex engine (tree and history scans; hooks with
 * SCAN_KEYS_REGEX=wasm): V8 would recompile the module's hot functions with
 * TurboFan, and for Rust's regex, a few huge inlined functions, that cost a
 * tree scan of a 73 MB node_modules ~0.4 s of CPU and the optimised code
 * never paid it back (150 patterns over 1,000 windows: 2x the CPU, no faster
 * searches). Set here, before any code runs, as every V8 flag of the CLI:
 * set midway it would change the code cache's checksum between reading and
 * writing it, and every run would reject and rewrite its cache. A library's
 * host keeps its own V8 settings.
 */
const WASM_V8_FLAGS = "--liftoff-only";
/**
 * Tree and history scans run the engine for a second or more in a fresh
 * process, and much of their CPU went to V8 optimising it, not to running it:
 * on the bench history (3000 commits) the engine's warm cost is ~0.1 s, yet
 * V8's compiler threads took 0.5-0.6 s, largely rebuilding large functions
 * with their callees inlined after each deoptimisation. Without inlining,
 * those threads take ~0.3 s and the engine runs as fast once warm (measured:
 * history of expressjs/express 1.06× → 0.87× of `git log -p`, bench history
 * ~0.1× less, the bench tree 10% less CPU). And no memory reducer: it runs
 * extra garbage collections to shrink the heap whenever the scan waits on git
 * for a moment, and the heap then grows again (bench history, git's output
 * replayed: 6% less CPU; with git: 2-3%); a run lasts seconds, its memory is
 * freed at exit. Both are heuristics V8 reads as it goes, set before any code
 * runs. V8 folds flags into the code cache's checksum, so these runs' caches
 * are their own (the re2 and tokenizer ones too).
 *
 * And two heap sizes, for a tree scan's threads (scan-workers.ts). The main
 * thread's young generation no longer grows (it grew to 16 MB semi-spaces
 * while the rules compiled, 32 MB of RSS held for the rest of the run, where
 * what it allocates is file text that dies young). A worker's heap, set up
 * after this line runs, starts with a 64 MB old generation instead of V8's
 * small default: each file's text over 128 KB is a string in the old
 * generation, so the worker ran a full collection every few MB read (12 on
 * the node_modules corpus, each with V8's marking threads, against 1 now).
 * Measured on that corpus (7,516 files, 73 MB; 10 interleaved runs, one
 * worker): wall 1.77 vs 1.94 s, CPU 3.22 vs 3.53 s, peak RSS 175 vs 185 MB
 * (medians; max 180 vs 192); without a worker and on a history of 1,136
 * commits, the same time (within the host's noise) and less memory.
 *
 * And a four times larger interrupt budget (V8's count of how much a
 * function has run before TurboFan optimises it): V8's compiler threads
 * optimised 191 functions in a one-thread scan of that corpus, taking 284 ms
 * of CPU, and a worker compiles them all again for its own isolate. With the
 * larger budget, 116 functions (the hot loops still are, soon), compiler
 * threads 293 vs 499 ms with a worker; 12 interleaved runs: wall 1.57 vs
 * 1.62 s, CPU 2.81 vs 2.93 s; one thread, and the history above, the same.
 */
function scanV8Flags(): string {
  return `--no-turbo-inlining --no-memory-reducer --semi-space-growth-factor=1 --initial-old-space-size=64 ${tierUpLater()} ${WASM_V8_FLAGS}`;
}

/** How many times V8's default wait before TurboFan (scanV8Flags' comment). */
const TIER_UP_DELAY = 4;

/** The flag that delays TurboFan: V8 11 (Node 20) counts bytecode run (default 67584), V8 12+ (Node 22, 24) calls (default 3000), and each rejects the other's flag (on stderr). */
function tierUpLater(): string {
  const v8Major = Number(process.versions.v8.split(".")[0]);
  return v8Major <= 11 ? `--interrupt-budget=${TIER_UP_DELAY * 67584}` : `--invocation-count-for-turbofan=${TIER_UP_DELAY * 3000}`;
}

function loadWithCodeCache(): boolean {
  const dir = cacheDir();
  if (!dir) return false;
  const flagged = thisRun === "scan" ? "jit-" : "";
  // re2js and the token counter (files of their own, loaded when first needed) have caches of their
  // own: a hook run whose files meet no rule then never reads their code, whichever run wrote the
  // caches (a clean run read ~6 ms less).
  const loaded = new Map<string, unknown>();
  const requireCached: RequireCached = (file) => {
    const later = LATER[file];
    if (later === undefined) return undefined;
    const prefix = `${later.kind}${flagged}`;
    if (!loaded.has(file)) loaded.set(file, runCached(path.join(__dirname, file), dir, `${prefix}${later.hash}-${process.version}-${process.arch}.v8`, prefix).exports);
    return loaded.get(file);
  };
  (globalThis as { [REQUIRE_CACHED]?: RequireCached })[REQUIRE_CACHED] = requireCached;
  runCached(MAIN, dir, `main-${__SCAN_KEYS_MAIN_HASH__}-${process.version}-${process.arch}-${thisRun}.v8`, "main-");
  return true;
}

function load(): void {
  // V8's flags belong to the process: a scan's workers run under those the main thread set before starting them.
  if (thisRun === "scan" && !isWorker) process.getBuiltinModule("node:v8").setFlagsFromString(scanV8Flags());
  else if (process.env.SCAN_KEYS_REGEX === "wasm" && (thisRun === "staged" || thisRun === "pre-push")) process.getBuiltinModule("node:v8").setFlagsFromString(WASM_V8_FLAGS);
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return void require(MAIN);
  if (loadWithCodeCache()) return;
  try {
    (Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // no cache: just slower
  }
  require(MAIN);
}

const thisRun = runKind(process.argv.slice(2));
// The CPU's idle time now, for the thread policy of a tree scan to see how many cores stay idle while the bundle loads.
if (thisRun === "scan" && !isWorker) (globalThis as { [CPU_AT_START]?: CpuSample })[CPU_AT_START] = cpuSample();
startEarlyGit(process.argv.slice(2));
load();
