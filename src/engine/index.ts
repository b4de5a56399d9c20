// The engine's public face: pure text → findings.
export { compileRule, compileRules, lazyBuiltinRule, validateRuleSpec, RuleError, DEFAULT_WINDOW } from "./compile.js";
export type { CompiledRule, RuleHead } from "./compile.js";
export { Scanner } from "./scan.js";
export { checkRe2, compileRe2, RegexSyntaxError } from "./regex.js";
export type { Re2 } from "./regex.js";
export { REQUIRE, REJECT, compileChecks } from "./checks.js";
export type { PathMatcher } from "./scan.js";
export type { GenericCandidate } from "./window-search.js";
export { shannonEntropy } from "./entropy.js";
export { isPlaceholder } from "./placeholders.js";
export { redactSecret, fingerprintOf } from "./redact.js";
export type * from "./types.js";
