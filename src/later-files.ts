// Files of the package beside the bundle that it loads only when a scan
// needs them: dist/re2.js (the regex engine, engine/re2js.ts) and
// dist/tokenizer.js (the generic judge's token counter, tokenizer.ts).
// dist/cli.js (loader.ts) runs each through a V8 code cache of its own, so a
// pre-commit scan that never needs one never reads its code. From source
// (tests, no build), the module named instead.

/** Where loader.ts puts its loader of later files; absent when it has no cache (CI, from source). */
export const REQUIRE_CACHED = Symbol.for("scan-keys.require-cached");
export type RequireCached = (file: string) => unknown;

/** `file` ("./re2.js") through the loader's code cache when there is one, else a plain require. */
export function requireLater(file: string): unknown {
  const cached = (globalThis as { [REQUIRE_CACHED]?: RequireCached })[REQUIRE_CACHED];
  return cached?.(file) ?? process.getBuiltinModule("node:module").createRequire(import.meta.url)(file);
}
