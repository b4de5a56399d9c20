import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with the build script
import { composeRule } from "../scripts/rule-shapes.mjs";

const compose = (rule: Record<string, unknown>) => composeRule({ id: "t", ...rule }, "test.toml").regex as string;

describe("rule shapes", () => {
  it("bounds a bare token on both sides with the word set", () => {
    expect(compose({ token: "ghp_[A-Za-z0-9]{36}" })).toBe("(?:^|[^A-Za-z0-9_-])(ghp_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_-]|$)");
  });

  it("spells named sets, added characters and none", () => {
    expect(compose({ token: "x", before: "word plus .", after: "base64" })).toBe("(?:^|[^A-Za-z0-9_.-])(x)(?:[^A-Za-z0-9_+/=-]|$)");
    expect(compose({ token: "x", before: "alnum plus $", after: "none" })).toBe("(?:^|[^A-Za-z0-9$])(x)");
    expect(compose({ token: "x", before: "upper", after: "alnum" })).toBe("(?:^|[^A-Z0-9])(x)(?:[^A-Za-z0-9]|$)");
  });

  it("composes a named assignment from the provider's word", () => {
    const re = compose({ shape: "named", name_has: ["acme"], token: "[a-f0-9]{32}", after: "base64" });
    expect(re.startsWith("(?:(?:^|[^A-Za-z])(?i:acme)|[a-z0-9](?:Acme))[\\w.-]{0,40}?")).toBe(true);
    expect(re.endsWith("([a-f0-9]{32})(?:[^A-Za-z0-9_+/=-]|$)")).toBe(true);
    expect(compose({ shape: "named", name_has: ["sumo"], name_case: "as-written", token: "x" })).toContain("(?:[Ss]umo|SUMO)");
  });

  it("composes an assignment from a name regex, and a mention with the token's own boundary", () => {
    expect(compose({ shape: "assignment", name: "(?i)acme_?key", token: "x" })).toBe(
      `(?i)acme_?key["\\x27\\]]?\\s*(?:=|:=|:|=>|,)\\s*["\\x27]?(x)(?:[^A-Za-z0-9_-]|$)`,
    );
    expect(compose({ shape: "mention", name_has: ["fb"], name_then: "[^\\n]{0,40}?", token: "\\d{15}" })).toBe(
      "(?:(?:^|[^A-Za-z])(?i:fb)|[a-z0-9](?:Fb))[\\w.-]{0,40}?[^\\n]{0,40}?(?:^|[^A-Za-z0-9_-])(\\d{15})(?:[^A-Za-z0-9_-]|$)",
    );
  });

  it("puts context inside the boundaries and starts the match with it", () => {
    expect(compose({ prefix: "redis://[^:@]*:", token: "[^@]{3,}", suffix: "@", before: "alnum plus +.-", after: "none" })).toBe(
      "(?:^|[^A-Za-z0-9+.-])redis://[^:@]*:([^@]{3,})@",
    );
    expect(compose({ prefix: "Basic\\s+", token: "x" })).toBe("Basic\\s+(x)(?:[^A-Za-z0-9_-]|$)");
  });

  it("leaves a rule with a full regex as it is", () => {
    const rule = { id: "t", regex: "a(b)c" };
    expect(composeRule(rule, "test.toml")).toBe(rule);
  });

  it.each([
    [{ token: "x", regex: "y" }, /either "regex" or a shape/],
    [{ shape: "named", name_has: ["acme"] }, /needs "token"/],
    [{ token: "x", before: "words" }, /unknown boundary "words"/],
    [{ token: "x", after: "word plus -" }, /already in the set/],
    [{ token: "x", shape: "glob" }, /unknown shape "glob"/],
    [{ token: "x", shape: "assignment" }, /needs "name"/],
    [{ token: "x", shape: "named", name_has: ["Acme(x)"] }, /lower-case words/],
    [{ token: "x", shape: "named", name_has: ["acme"], name_case: "upper" }, /"name_case"/],
    [{ token: "x", name: "key" }, /belong to the "assignment" and "named" shapes/],
  ])("names what is wrong with %j", (rule, message) => {
    expect(() => compose(rule)).toThrow(message);
  });
});

describe("rules/*.toml", () => {
  const dir = join(import.meta.dirname, "..", "rules");
  const rules = readdirSync(dir)
    .filter((f) => f.endsWith(".toml"))
    .flatMap((f) => (parse(readFileSync(join(dir, f), "utf8")).rules as Record<string, unknown>[]).map((r): Record<string, unknown> => ({ file: f, ...r })));

  it("no rule spells a token boundary by hand: shapes compose them", () => {
    const handmade = rules.filter((r) => typeof r.regex === "string" && /\(\?:\^\|\[\^|\(\?:\[\^[^\]]*\]\|\$\)/.test(r.regex));
    expect(handmade.map((r) => `${r.file}: ${String(r.id)}`)).toEqual([]);
  });

  it("most rules state a token and a shape rather than a whole regex", () => {
    const shaped = rules.filter((r) => typeof r.token === "string").length;
    expect(shaped / rules.length).toBeGreaterThan(0.75);
  });
});
