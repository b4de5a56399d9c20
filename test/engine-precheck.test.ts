// The precheck (engine/precheck.ts) skips a window before any regex runs, so
// it must never say "no" where the regex says "yes": checked on every
// built-in rule's examples, on random text against tricky patterns, and
// through the Scanner.
import { describe, expect, it } from "vitest";
import { compileRe2, compileRules, Scanner, type RuleSpec } from "../src/engine/index.js";
import { secretPrecheck } from "../src/engine/precheck.js";
import { builtinRuleFiles } from "../src/commands/ruleset.js";
import { randomToken } from "./helpers/keys.js";

const assemble = (s: string) => s.replaceAll("~~", "");

/** The test on a whole string. */
function passes(source: string, text: string): boolean {
  const p = secretPrecheck(source);
  return p === undefined || p(text, 0, text.length);
}

describe("secretPrecheck", () => {
  it("tests the repeated class and the characters pinned beside it", () => {
    const source = `(?i)(?:api_key|token)\\s*=\\s*["'](?P<secret>[a-z0-9]{12,})["']`;
    expect(secretPrecheck(source)).toBeDefined();
    expect(passes(source, `token = "abcdefghijk1"`)).toBe(true);
    expect(passes(source, `token = "ABCDEFGHIJK1"`)).toBe(true); // (?i) folds the class
    expect(passes(source, `token = "short1"`)).toBe(false);
    expect(passes(source, `token = abcdefghijk1`)).toBe(false); // no quotes
    expect(passes(source, `token = "abcdefghijk1 and more"`)).toBe(false); // no closing quote right after
    expect(passes(source, `x = 'a' + "b"; token = getTokenFromTheEnvironment()`)).toBe(false);
  });

  it("looks inside groups, so a neighbour across a group boundary counts", () => {
    const source = `(?:^|[^a-z])((?:xk_)([a-z]{20}))@`;
    const p = secretPrecheck(source)!;
    expect(p).toBeDefined();
    expect(passes(source, `xk_${"a".repeat(20)}@`)).toBe(true);
    expect(passes(source, `xk_${"a".repeat(20)}#`)).toBe(false);
    expect(p(`..._${"a".repeat(20)}@...`, 3, 25)).toBe(true); // a range of a longer text
    expect(p(`..._${"a".repeat(20)}@...`, 4, 25)).toBe(false); // the "_" before the run is outside the range
  });

  it.each([
    ["a|b[a-z]{20}", "a top-level alternative"],
    ["x([a-z]{2,})y", "too short a repeat"],
    ["(?:[a-z]|~[a-z]){20,}", "a repeat of a group"],
    ["([a-z]{20})?", "an optional secret"],
    ["\\Qab\\E[a-z]{20}", "\\Q…\\E"],
  ])("derives nothing from %s (%s)", (source) => {
    expect(secretPrecheck(source)).toBeUndefined();
  });

  it("never rejects what a built-in rule matches: every example of every rule", () => {
    const rules = compileRules(builtinRuleFiles());
    let withPrecheck = 0;
    for (const rule of rules) {
      if (rule.target !== "content" || !rule.precheck) continue;
      withPrecheck++;
      for (const example of [...rule.spec.examples.match, ...rule.spec.examples.nomatch].map(assemble)) {
        if (rule.regex.test(example)) expect(rule.precheck(example, 0, example.length), `${rule.id}: ${example}`).toBe(true);
      }
    }
    expect(withPrecheck).toBeGreaterThan(100);
  });

  it("never rejects what the regex matches, on mutated text, whatever the flags, classes and quantifiers", () => {
    // Each pattern with one text it matches; random edits of the text land on both sides of the line.
    const patterns: [string, string][] = [
      [`(?i)key\\s*[:=]\\s*["'\`]([a-z0-9+/=_-]{8,})["'\`]`, `x KEY = "ab_cd/ef9="`],
      [`(?i)x([^\\s"']{6,})[K"]`, `xabcdefk`],
      [`(?i)["]([\\W]{4,})["]`, `";;;;"`],
      [`['"]\\b([\\w.]{8,12})\\B`, `'ab.cdefghijk`],
      [`(?s)=(?P<v>[[:alnum:]_]{6,}?)(?:;|$)`, `a=abc_def;`],
      [`(?i:[ks]{3,})[\\x22\\x{27}]`, `sKs"`],
      [`\\$\\{[A-Za-z0-9_.]+:-?([^}\\s"'$~]{6,64})\\}`, `\${a.b:-abcdef}`],
      [`(?:^|[^A-Za-z0-9_-])(q[a-f0-9]{8}\\.[a-f0-9]{8})(?:[^A-Za-z0-9_-]|$)`, ` qabcdef01.0123abcd;`],
      [`\\p{Greek}([^a]{4,})\\pL`, `λbcdeλ`],
      [`(?-i:a)(?i)([b-d]+[b-d]{3})E`, `abCdbe`],
      [`[]a]{5,}[^]]`, `]a]a]x`],
    ];
    const alphabet = ["a", "b", "c", "d", "e", "k", "s", "K", "S", "q", "x", "E", "0", "1", "=", ":", ";", "-", "_", ".", "$", "{", "}", '"', "'", "\`", " ", "\t", "\n", "]", "/", "\u212a", "\u017f", "λ", "😀"];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (const [source, sample] of patterns) {
      const re = compileRe2(source);
      const p = secretPrecheck(source);
      expect(p, source).toBeDefined();
      expect(re.test(sample), source).toBe(true);
      let matched = 0;
      let rejected = 0;
      for (let t = 0; t < 3000; t++) {
        let text = sample;
        for (let edits = 1 + rand(3); edits > 0; edits--) {
          const at = rand(text.length + 1);
          const piece = alphabet[rand(alphabet.length)]!.repeat(1 + rand(3));
          const op = rand(3);
          text = text.slice(0, at) + (op === 2 ? "" : piece) + text.slice(op === 0 ? at : at + 1);
        }
        if (!p!(text, 0, text.length)) rejected++;
        if (!re.test(text)) continue;
        matched++;
        expect(p!(text, 0, text.length), `${source} on ${JSON.stringify(text)}`).toBe(true);
      }
      expect(matched, source).toBeGreaterThan(100);
      expect(rejected, source).toBeGreaterThan(0);
    }
  });
});

describe("the Scanner with prechecks", () => {
  const rule = (over: Partial<RuleSpec>): RuleSpec => ({
    id: "demo",
    provider: "Demo",
    description: "demo",
    regex: `(?i)(?:demo_key)\\s*=\\s*["'](?P<secret>[a-z0-9]{16,})["']`,
    keywords: ["demo_key"],
    revoke: "n/a",
    examples: { match: ["x"], nomatch: [] },
    ...over,
  });

  it("finds keys in the windows that pass and none in those that fail", () => {
    const compiled = compileRules([{ origin: "t", rules: [rule({})] }]);
    expect(compiled[0]!.precheck).toBeDefined();
    const v = randomToken(20).toLowerCase().replace(/[^a-z0-9]/g, "0") + "1x";
    const text = [`demo_key = "${v}"`, `demo_key = getDemoKey()`, `  DEMO_KEY='${v}' # again`, `demo_key = "short"`].join("\n");
    const secrets = new Scanner(compiled).scan({ path: "a", text, source: "tree" }).map((f) => [f.line, f.secret]);
    expect(secrets).toEqual([
      [1, v],
      [3, v],
    ]);
  });
});
