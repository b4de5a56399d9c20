// One tester for every rule (in the spirit of ESLint's RuleTester): each
// built-in rule must find its `match` examples and stay quiet on its
// `nomatch` look-alikes. Adding a rule is adding data to rules/*.toml.
import { describe, expect, it } from "vitest";
import { compileRules, type CompiledRule, type RuleSpec } from "../src/engine/index.js";
import { isContextKeyword, Spelling } from "../src/engine/keyword-boundary.js";
import { builtinRuleFiles, compileBuiltinRules, createScanner } from "../src/commands/ruleset.js";

/** Examples are stored split by "~~" so the repository's own scan stays clean. */
const assemble = (s: string) => s.replaceAll("~~", "");

const files = builtinRuleFiles();
const rules = compileRules(files);

/** Content rules scan the example as text; path rules (target = "path") scan it as a file path. */
function findingsOf(rule: CompiledRule, example: string) {
  const scanner = createScanner([rule]);
  if (rule.target === "path") return scanner.scan({ path: example, text: "", source: "tree", binary: true });
  const fragment = { path: rule.spec.examplePath ?? "example.txt", text: assemble(example), source: "tree" as const };
  const found = scanner.scan(fragment);
  // Large scans ask the DFA first, small ones go straight to the group search: both must agree.
  expect(createScanner([rule], { dfaAfter: 0 }).scan(fragment)).toEqual(found);
  return found;
}

describe("built-in rule heads (what a scan holds of a rule before it is used)", () => {
  it("agree with each rule's spec, and the build's context keywords with the engine's", async () => {
    const { builtinHeads, builtinOrigins, builtinSpec } = await import("virtual:builtin-rules");
    const specs = files.flatMap((f) => f.rules as RuleSpec[]);
    expect(builtinHeads.map((h) => h.id)).toEqual(specs.map((r) => r.id));
    builtinHeads.forEach((head, i) => {
      const spec = builtinSpec(i) as RuleSpec;
      expect(builtinOrigins[head.file]).toBe(files.find((f) => (f.rules as RuleSpec[]).includes(spec))?.origin);
      expect([head.id, head.keywords, head.target, head.paths]).toEqual([spec.id, spec.keywords, spec.target, spec.paths]);
      const spelling = new Spelling(spec.regex);
      expect([...(head.context ?? [])].sort(), head.id).toEqual([...new Set(spec.keywords)].filter((k) => isContextKeyword(k, spelling)).sort());
    });
    expect(builtinHeads.some((h) => h.context?.length)).toBe(true);
  });

  it("read lazily behave as rules read whole", () => {
    const lazy = compileBuiltinRules();
    for (const [i, rule] of rules.entries()) {
      const l = lazy[i]!;
      expect([l.id, l.provider, l.severity, l.secretGroup, l.window, l.multiline, [...l.context]], rule.id).toEqual([rule.id, rule.provider, rule.severity, rule.secretGroup, rule.window, rule.multiline, [...rule.context]]);
    }
  });
});

describe("built-in rules", () => {
  it("are loaded from rules/*.toml", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThan(0);
  });

  it("keep every stored match example split, so this repository scans clean", () => {
    const contentRules = rules.filter((r) => r.target === "content");
    const unsplit = contentRules.flatMap((r) => r.spec.examples.match.filter((m) => !m.includes("~~")).map((m) => `${r.id}: ${m}`));
    expect(unsplit).toEqual([]);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it.each(rule.spec.examples.match)("finds %s", (example) => {
        const found = findingsOf(rule, example);
        expect(found.map((f) => f.ruleId)).toContain(rule.id);
      });
      it.each(rule.spec.examples.nomatch)("ignores %s", (example) => {
        expect(findingsOf(rule, example)).toEqual([]);
      });
    });
  }
});
