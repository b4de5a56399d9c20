// re2js, loaded when the first regex is compiled (or restored). In the
// package it is a file of its own beside the bundle (dist/re2.js, see
// later-files.ts): a pre-commit scan whose files meet no rule keyword never
// loads it, and its compiled code never weighs on the bundle's cache. From
// source, the package itself. Every use goes through here, so there is one
// copy of its classes (its CommonJS build, which require() resolves to).
import type { RE2JS as RE2JSClass } from "re2js";
import { LATER_FILES, laterModule } from "../startup/later-files.js";

const load = laterModule<{ RE2JS: typeof RE2JSClass }>(LATER_FILES.re2, "re2js");

export function re2js(): typeof RE2JSClass {
  return load().RE2JS;
}
