// re2js, loaded when the first regex is compiled (or restored). In the
// package it is a file of its own beside the bundle (dist/re2.js, see
// later-files.ts): a pre-commit scan whose files meet no rule keyword never
// loads it, and its compiled code never weighs on the bundle's cache. From
// source, the package itself. Every use goes through here, so there is one
// copy of its classes (its CommonJS build, which require() resolves to).
import type { RE2JS as RE2JSClass } from "re2js";
import { requireLater } from "../later-files.js";

/** The build defines it as "./re2.js" (scripts/build.mjs). */
declare const __SCAN_KEYS_RE2JS_FILE__: string | undefined;
const MODULE = typeof __SCAN_KEYS_RE2JS_FILE__ === "string" ? __SCAN_KEYS_RE2JS_FILE__ : "re2js";

type Re2jsModule = { RE2JS: typeof RE2JSClass };
let lib: Re2jsModule | undefined;

export function re2js(): typeof RE2JSClass {
  lib ??= requireLater(MODULE) as Re2jsModule;
  return lib.RE2JS;
}
