// Context keywords (a provider's name the regex does not spell) count only
// where a word starts; keywords the regex spells keep matching inside words.
import { describe, expect, it } from "vitest";
import { compileRules, Scanner, type RuleSpec } from "../src/engine/index.js";
import { atWordStart, isContextKeyword, Spelling } from "../src/engine/keyword-boundary.js";
import { randomToken } from "./helpers/keys.js";

const contextRule: RuleSpec = {
  id: "demo-context",
  provider: "Demo",
  description: "00-token next to a Demo setting",
  regex: "(?:^|[^A-Za-z0-9_-])(00[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$)",
  keywords: ["okta"],
  revoke: "x",
  examples: { match: ["x"], nomatch: [] },
};
const spelledRule: RuleSpec = {
  ...contextRule,
  id: "demo-spelled",
  regex: "(?i)password\\s*=\\s*([A-Za-z0-9]{16,})",
  keywords: ["password"],
};

const scan = (spec: RuleSpec, text: string, automatonAfter?: number) =>
  new Scanner(compileRules([{ origin: "test", rules: [spec] }]), () => false, { automatonAfter }).scan({ path: "a.txt", text, source: "tree" });

describe("keyword boundaries", () => {
  it("tells context keywords from spelled ones", () => {
    expect(isContextKeyword("okta", new Spelling(contextRule.regex))).toBe(true);
    expect(isContextKeyword("password", new Spelling(spelledRule.regex))).toBe(false);
    expect(isContextKeyword("accesskey", new Spelling("(?i)access[_.-]?key"))).toBe(false); // spelled across a separator
    expect(isContextKeyword("ghp_", new Spelling("(ghp_[A-Za-z0-9]{36})"))).toBe(false); // not a word: a prefix
  });

  it("finds word starts: text start, after punctuation, camelCase humps", () => {
    expect(atWordStart("okta", 0)).toBe(true);
    expect(atWordStart("MY_OKTA", 3)).toBe(true);
    expect(atWordStart("myOktaToken", 2)).toBe(true);
    expect(atWordStart("rookTable", 2)).toBe(false);
    expect(atWordStart("ROOKTABLE", 2)).toBe(false);
    expect(atWordStart("altogether", 2)).toBe(false);
  });

  // Both prefilter matchers (indexOf for small scans, the automaton for large) must agree.
  for (const automatonAfter of [Infinity, 0]) {
    it(`a context keyword inside a word does not wake its rule (automatonAfter=${automatonAfter})`, () => {
      const key = `00${randomToken(40)}`;
      expect(scan(contextRule, `rookTable = ${key}`, automatonAfter)).toEqual([]);
      expect(scan(contextRule, `OKTA_API_TOKEN=${key}`, automatonAfter).map((f) => f.secret)).toEqual([key]);
      expect(scan(contextRule, `const myOktaToken = "${key}";`, automatonAfter).map((f) => f.secret)).toEqual([key]);
    });

    it(`a spelled keyword still matches inside a word (automatonAfter=${automatonAfter})`, () => {
      const value = randomToken(20);
      expect(scan(spelledRule, `dbpassword = ${value}`, automatonAfter).map((f) => f.secret)).toEqual([value]);
    });
  }
});
