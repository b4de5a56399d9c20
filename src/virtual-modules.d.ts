// Filled in at build time (scripts/build.mjs) and test time (vitest.config.ts)
// from rules/*.toml; see scripts/rule-files.mjs.
declare module "virtual:builtin-rules" {
  const files: { origin: string; rules: unknown[] }[];
  export default files;
  /** micromatch's RegExp for every glob in the built-in rules' `paths`, compiled at build time. */
  export const globRegexes: Record<string, { source: string; flags: string }>;
}
