// Filled in at build time (scripts/build.mjs) and test time (vitest.config.ts)
// from rules/*.toml; see scripts/rule-files.mjs.
declare module "virtual:builtin-rules" {
  /** The rule files, in load order ("rules/aws.toml", …). */
  export const builtinOrigins: string[];
  /** Every built-in rule's head, in load order; `file` indexes builtinOrigins. */
  export const builtinHeads: (import("./engine/compile.js").RuleHead & { file: number })[];
  /** The whole spec of builtinHeads[i], read on first use (a new object each call). */
  export function builtinSpec(i: number): unknown;
  /** micromatch's RegExp for every glob in the built-in rules' `paths`, compiled at build time. */
  export const globRegexes: Record<string, { source: string; flags: string }>;
}
