// re2js, loaded when the first regex is compiled (or restored). A
// require(), not an import: in the bundle esbuild turns it into a call that
// runs re2js's module code only then, so a pre-commit scan whose files meet
// no rule keyword never runs it, and the code cache of dist/cli.js
// (loader.ts) stays without it (re2js is most of the bundle's module code).
// Every use goes through here, so there is one copy of its classes (its
// CommonJS build, which require() resolves to).
import type { RE2JS as RE2JSClass } from "re2js";

let lib: { RE2JS: typeof RE2JSClass } | undefined;

export function re2js(): typeof RE2JSClass {
  return (lib ??= require("re2js") as { RE2JS: typeof RE2JSClass }).RE2JS;
}
