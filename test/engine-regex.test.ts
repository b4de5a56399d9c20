// The rule dialect (RE2 syntax) and the linear-time engine behind it.
import { describe, expect, it } from "vitest";
import { compileRe2, foreignConstruct, RegexSyntaxError } from "../src/engine/regex.js";
import { builtinRuleFiles } from "../src/commands/ruleset.js";
import type { RuleSpec } from "../src/engine/types.js";

/** Why `source` is not an RE2 pattern, as one clause, or undefined when it is one. */
function re2Problem(source: string): string | undefined {
  try {
    compileRe2(source);
    return undefined;
  } catch (err) {
    if (err instanceof RegexSyntaxError) return err.message;
    throw err;
  }
}

describe("RE2 dialect check", () => {
  it.each([
    ["(?=a)b", "a lookahead", "(?="],
    ["x(?!a)", "a negative lookahead", "(?!"],
    ["(?<=a)b", "a lookbehind", "(?<="],
    ["(?<![A-Za-z])key", "a negative lookbehind", "(?<!"],
    ["(?>a+)b", "an atomic group", "(?>"],
    ["(['\"])x\\1", "a backreference", "\\1"],
    ["(?<q>a)\\k<q>", "a named backreference", "\\k<"],
    ["a++", "a possessive quantifier", "++"],
  ])("names the construct in %s", (source, what, text) => {
    expect(foreignConstruct(source)).toMatchObject({ what, text });
    expect(re2Problem(source)).toContain(`uses ${what} "${text}"`);
  });

  it.each([
    "[(?=]x", // inside a class these characters are literals
    "\\(?=x", // an escaped parenthesis
    "\\Q(?=\\Ex", // a \Q…\E literal
    "[[:alnum:]](?:a|b)",
    "(?i)(?P<name>api[_.-]?key)\\s*=\\s*(?i:abc)\\x{41}\\z",
  ])("accepts RE2 syntax: %s", (source) => {
    expect(re2Problem(source)).toBeUndefined();
  });

  it("reports RE2's own parse errors in one clause", () => {
    expect(re2Problem("a{2000}")).toMatch(/^is not valid RE2 syntax \(invalid repeat count/);
    expect(re2Problem("(unclosed")).toMatch(/^is not valid RE2 syntax \(missing closing \)/);
  });
});

describe("compileRe2", () => {
  it("reports spans as UTF-16 offsets, -1 for groups that took no part, and searches from a position", () => {
    const re = compileRe2("(?:(a+)|(b+))");
    expect(re.groupCount).toBe(2);
    expect(re.exec("é😀xbb")).toEqual([4, 6, -1, -1, 4, 6]);
    expect(re.exec("aa-aa", 2)).toEqual([3, 5, 3, 5, -1, -1]);
    expect(re.exec("xyz")).toBeNull();
  });

  it("tests from an offset with the characters before it as context, and anchored at the start", () => {
    const re = compileRe2("(?:^|[^a-z])(key[0-9]+)");
    expect(re.test("xkey1", 1)).toBe(false); // "x" before the offset still rules out the boundary
    expect(re.test("x key1", 1)).toBe(true);
    expect(re.test("key1 x", 2)).toBe(false);
    expect(re.testAtStart("key1")).toBe(true);
    expect(re.testAtStart(" key1")).toBe(true);
    expect(re.testAtStart("  key1")).toBe(false);
    // Anchored at an offset: the text before it does not count, and spans are offsets into the whole text.
    expect(re.testAtStart("xkey1", 1)).toBe(true);
    expect(re.testAtStart("x  key1", 1)).toBe(false);
    expect(re.execAtStart("xx key12", 2)).toEqual([2, 8, 3, 8]);
  });

  it("knows named groups", () => {
    expect(compileRe2("(?P<name>[a-z]+)=(?<value>\\d+)").groupNames).toEqual({ name: 1, value: 2 });
  });

  it("honours inline case flags for a part of the pattern only", () => {
    const re = compileRe2("(?i:api)_KEY");
    expect(re.test("API_KEY")).toBe(true);
    expect(re.test("api_KEY")).toBe(true);
    expect(re.test("api_key")).toBe(false);
  });

  it("stays linear on classic catastrophic patterns (these never return on a backtracking engine)", () => {
    const hostile = `${"a".repeat(100_000)}!`;
    expect(compileRe2("(a+)+$").test(hostile)).toBe(false);
    expect(compileRe2("(a|aa)+$").test(hostile)).toBe(false);
    expect(compileRe2("(a*)*b").exec(hostile)).toBeNull();
    expect(compileRe2("(?:a+){2,}c").test(hostile)).toBe(false);
  });
});

describe("built-in rules", () => {
  const rules = builtinRuleFiles().flatMap((f) => (f.rules as RuleSpec[]).map((r) => ({ ...r, origin: f.origin })));

  it("are all RE2 syntax, regex and allow patterns alike, so all run on the linear engine", () => {
    const problems = rules.flatMap((r) =>
      [r.regex, ...(r.allow ?? [])].map((p) => [r.id, re2Problem(p)] as const).filter(([, problem]) => problem !== undefined),
    );
    expect(problems).toEqual([]);
  });

  it("need no case-spelling: no regex writes [Aa][Bb] where (?i) would do", () => {
    expect(rules.filter((r) => /(?:\[([A-Z])([a-z])\]){2}/.test(r.regex)).map((r) => r.id)).toEqual([]);
  });

  it("fit on a screen: the longest regex is under 1,000 characters", () => {
    const longest = rules.reduce((a, r) => (r.regex.length > a.regex.length ? r : a));
    expect(longest.regex.length, longest.id).toBeLessThan(1000);
  });
});
