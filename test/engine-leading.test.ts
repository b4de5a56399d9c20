// Keyword- and line-led rules (engine/leading.ts): the engine asks an
// anchored question at each keyword hit instead of searching the line, so
// the shape analysis must only say "led" when that finds every match.
import { describe, expect, it } from "vitest";
import { compileRules, Scanner, type RuleSpec } from "../src/engine/index.js";
import { keywordLed } from "../src/engine/leading.js";
import { findEncodedRuns } from "../src/engine/encoded.js";
import { randomToken } from "./helpers/keys.js";

describe("keywordLed", () => {
  it.each([
    ["(?:^|[^A-Za-z0-9_-])(ghp_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_-]|$)", ["ghp_"], { kind: "keyword", boundary: true }],
    ["(?i)(?:^|[^a-z])(SK-ant-[a-z]{4})", ["sk-ant-"], { kind: "keyword", boundary: true }],
    ["jdbc:[a-z]{2,9}://([^ ]{8,64})", ["jdbc:"], { kind: "keyword", boundary: false }],
    ["(?P<tok>xoxb-[0-9]{10,13})", ["xoxb-"], { kind: "keyword", boundary: false }],
    ["sk\\-proj\\-[A-Za-z]{20}", ["sk-proj-"], { kind: "keyword", boundary: false }],
    ["(?m)^[ \\t]*export (\\w+)=(\\S+)$", ["export"], { kind: "line" }],
  ])("%s is led", (source, keywords, expected) => {
    expect(keywordLed(source, keywords)).toEqual(expected);
  });

  it.each([
    ["(?:^|[^a-z])(nfp_[a-z]{36}|netlify_token=([a-z]{43}))", ["nfp_", "netlify"]], // an alternative starts elsewhere
    ["(ghp_[a-z]{36})|token=([a-z]{36})", ["ghp_", "token"]],
    ["ghps?_[a-z]{36}", ["ghps_"]], // the optional "s" makes the literal "ghp", shorter than the keyword
    ["[A-Za-z_]*token=([a-z]{20})", ["token"]], // matches start before the keyword
    ["\\bkey=([a-z]{20})", ["key="]], // \b looks at the character before
    ["jdbc:[a-z0-9:]+[^\\s]*?password=(\\S{3,128})", ["jdbc:"]], // unbounded: an anchored read per hit could reach the line's end
    ["(?:^|[^a-z])(ghp_[a-z]{36,})", ["ghp_"]],
    ["^a|b", ["a"]],
  ])("%s is searched the ordinary way", (source, keywords) => {
    expect(keywordLed(source, keywords)).toBeUndefined();
  });
});

describe("led rules find what a search would", () => {
  const rule = (over: Partial<RuleSpec>): RuleSpec => ({
    id: "demo",
    provider: "Demo",
    description: "demo",
    regex: "(?:^|[^A-Za-z0-9_-])(dmo_[A-Za-z0-9]{16})(?:[^A-Za-z0-9_-]|$)",
    keywords: ["dmo_"],
    revoke: "n/a",
    examples: { match: ["dmo_~~x"], nomatch: [] },
    ...over,
  });
  // Both ways of asking: straight to the group search (small scans) and the DFA first (large ones).
  const scan = (spec: RuleSpec, text: string) => {
    const compiled = compileRules([{ origin: "t", rules: [spec] }]);
    expect(compiled[0]!.leading).toBeDefined();
    const [direct, dfaFirst] = [Infinity, 0].map((dfaAfter) =>
      new Scanner(compiled, undefined, { dfaAfter }).scan({ path: "a", text, source: "tree" }).map((f) => f.secret),
    );
    expect(dfaFirst).toEqual(direct);
    return direct;
  };
  const key = () => `dmo_${randomToken(16)}`;

  it("finds adjacent keys that share one boundary character, at the start, middle and end of a line", () => {
    const [a, b, c] = [key(), key(), key()];
    expect(scan(rule({}), `${a},${b} x=${c}`)).toEqual([a, b, c]);
  });

  it("does not find a key glued to a longer token, even when a keyword hit sits one character later", () => {
    const k = key();
    expect(scan(rule({}), `xdmo_dmo_${k.slice(4)} a${k}`)).toEqual([]);
  });

  it("finds a key in a megabyte line of keyword hits", () => {
    const k = key();
    expect(scan(rule({}), `${"dmo_".repeat(250_000)} ${k}`)).toEqual([k]);
  });

  it("line-led rules match only at the start of a line", () => {
    const spec = rule({ regex: "(?m)^[ \\t]*DMO_KEY=([A-Za-z0-9]{16})$", keywords: ["dmo_key"] });
    const v = randomToken(16);
    expect(scan(spec, `  DMO_KEY=${v}\nexport X DMO_KEY=${v}\n`)).toEqual([v]);
  });
});

describe("percent-encoded runs", () => {
  it("never overlap, so a long token is decoded once, piece by piece", () => {
    const runs = findEncodedRuns("%41".repeat(21_846));
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil((21_846 * 3) / 8192) + 1); // one run per 8 KB piece, not one per "%"
  });
});
