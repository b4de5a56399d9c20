// re2js, loaded when the first regex is compiled (or restored). In the
// package it is a file of its own beside the bundle (dist/re2.js), which
// dist/cli.js runs through a code cache of its own (loader.ts): a
// pre-commit scan whose files meet no rule keyword never loads it, and its
// compiled code never weighs on the bundle's cache. From source, the
// package itself. Every use goes through here, so there is one copy of its
// classes (its CommonJS build, which require() resolves to).
import type { RE2JS as RE2JSClass } from "re2js";

/** The build defines it as "./re2.js" (scripts/build.mjs). */
declare const __SCAN_KEYS_RE2JS_FILE__: string | undefined;
const MODULE = typeof __SCAN_KEYS_RE2JS_FILE__ === "string" ? __SCAN_KEYS_RE2JS_FILE__ : "re2js";

/**
 * Where dist/cli.js (loader.ts) puts its loader of later bundle files, each
 * through its own code cache; absent when it has no cache (CI, from source).
 */
export const REQUIRE_CACHED = Symbol.for("scan-keys.require-cached");
export type RequireCached = (file: string) => unknown;

type Re2jsModule = { RE2JS: typeof RE2JSClass };
let lib: Re2jsModule | undefined;

export function re2js(): typeof RE2JSClass {
  if (lib === undefined) {
    const cached = (globalThis as { [REQUIRE_CACHED]?: RequireCached })[REQUIRE_CACHED];
    lib = (cached?.(MODULE) ?? process.getBuiltinModule("node:module").createRequire(import.meta.url)(MODULE)) as Re2jsModule;
  }
  return lib.RE2JS;
}
