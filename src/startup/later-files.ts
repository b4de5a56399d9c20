// Files of the package beside the bundle that it loads only when a scan
// needs them: dist/re2.js (the regex engine, engine/re2js.ts) and
// dist/tokenizer.js (the generic judge's token counter, tokenizer.ts).
// dist/cli.js (loader.ts) runs each through a V8 code cache of its own, so a
// pre-commit scan that never needs one never reads its code. From source
// (tests, no build), the package each stands for instead.

/** The later files, as main.js requires them and the loader's table names them (scripts/build.mjs writes them). */
export const LATER_FILES = { re2: "./re2.js", tokenizer: "./tokenizer.js", micromatch: "./micromatch.js" } as const;

/** The regex engine in WebAssembly (commands/wasm-engine.ts): in the package, beside the bundle; in the repository, where wasm/build.sh writes it. */
export const REGEX_WASM = { file: "./regex.wasm", source: "wasm/scan-keys-regex.wasm" } as const;

/**
 * The path of a data file of the package: in the bundles, `file` beside them
 * (scripts/build.mjs copies it there); from source, `source`, relative to
 * the repository's root.
 */
export function laterFilePath(file: string, source: string): string {
  const url = typeof __SCAN_KEYS_BUNDLED__ === "boolean" ? new URL(file, import.meta.url) : new URL(`../../${source}`, import.meta.url);
  return process.getBuiltinModule("node:url").fileURLToPath(url);
}

/** Where loader.ts puts its loader of later files; absent when it has no cache (CI, from source). */
export const REQUIRE_CACHED = Symbol.for("scan-keys.require-cached");
export type RequireCached = (file: string) => unknown;

/** Set by the build (scripts/build.mjs) in the bundles; absent from source. */
declare const __SCAN_KEYS_BUNDLED__: boolean | undefined;

/**
 * The module in the later file `file` (one of LATER_FILES), through the
 * loader's code cache when there is one; from source, the package `source`.
 * Required on the first call, once.
 */
export function laterModule<T>(file: string, source: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= requireLater(typeof __SCAN_KEYS_BUNDLED__ === "boolean" ? file : source) as T);
}

function requireLater(file: string): unknown {
  const cached = (globalThis as { [REQUIRE_CACHED]?: RequireCached })[REQUIRE_CACHED];
  return cached?.(file) ?? process.getBuiltinModule("node:module").createRequire(import.meta.url)(file);
}

/**
 * Bundle files as the main thread's loader read them (by code cache name: the
 * source, and the code cache once verified and accepted by V8), kept for the
 * scan's worker threads: a worker given them (workerData.loaded) starts from
 * these instead of reading both files again (~1 MB) and checking the cache's
 * checksum, which loads node:zlib in the worker: with SHA-256 (node:crypto)
 * that was ~25-30 ms of a worker's ~180 ms start, during which the main
 * thread scans alone.
 */
export const LOADED_FILES = Symbol.for("scan-keys.loaded-files");
export type LoadedFiles = Record<string, { source: string; cachedData: Buffer | undefined }>;

/** What this thread's loader read (see LOADED_FILES), for a worker's workerData.loaded; undefined without the loader's cache. */
export function loadedFiles(): LoadedFiles | undefined {
  return (globalThis as { [LOADED_FILES]?: LoadedFiles })[LOADED_FILES];
}
