// One tester for every rule (in the spirit of ESLint's RuleTester): each
// built-in rule must find its `match` examples and stay quiet on its
// `nomatch` look-alikes. Adding a rule is adding data to rules/*.toml.
import { describe, expect, it } from "vitest";
import { compileRules, type CompiledRule } from "../src/engine/index.js";
import { builtinRuleFiles, createScanner } from "../src/ruleset.js";

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
