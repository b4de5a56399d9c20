// The named checks a rule runs on its captured secret (require / reject),
// each on its own, then wired into a rule.
import { describe, expect, it } from "vitest";
import { compileChecks, compileRules, REJECT, REQUIRE, Scanner, type RuleSpec } from "../src/engine/index.js";

describe("require", () => {
  it.each([
    ["digit", "abc1", "abcd"],
    ["letter", "123a", "1234"],
    ["upper", "abC1", "abc1"],
    ["lower", "ABc1", "ABC1"],
  ])("%s: passes %s, fails %s", (name, yes, no) => {
    expect(REQUIRE[name]!({ secret: yes })).toBe(true);
    expect(REQUIRE[name]!({ secret: no })).toBe(false);
  });
});

describe("reject", () => {
  const cases: [string, string[], string[]][] = [
    ["uuid", ["d20fa506-29e0-2a81-250a-a3bbcf5acf5a"], ["d20fa50629e02a81250aa3bbcf5acf5a", "d20fa506-29e0-2a81-250a"]],
    ["identifier", ["DJANGO_SECRET_KEY_2", "token_from_settings_v2", "user-password-2", "settings.API_TOKEN_V2", "options2?.onresumptiontoken"], ["aYrjip5mmqRmoPU930oQfen0", "Qm7vRt2xLp", "LpxvtmQ2R7", "oauth2ClientSecret"]],
    ["words", ["oauth2ClientSecret", "V1ServiceAccountTokenProjection"], ["aYrjip5mmqRmoPU930oQfen0", "6366eb80dffedb81" + "0bd3899897ff9646"]],
    ["path", ["/etc/app/credentials", "./certs/server", "../x", "prod/db/credentials-v2"], ["aB3/x9Qz+Kp2", "Prod/DB/Key2"]],
    ["filename", ["server-2024.pem", "creds.json", "key.yaml"], ["k8Jx2pQr9.json1", "pemk8Jx2"]],
    ["url", ["https://x.io/a", "http://a", "data:image/png;base64,iVBO", "ftp://h"], ["httpsk8Jx2pQr9", "x-https://a"]],
    ["integrity", ["sha512-K8Jx2pQr9", "sha1-abc", "md5-Zm9v"], ["sha513-abc", "xsha512-abc"]],
  ];
  for (const [name, rejected, kept] of cases) {
    it(`${name}: rejects ${rejected.length}, keeps ${kept.length}`, () => {
      for (const s of rejected) expect(REJECT[name]!({ secret: s }), s).toBe(true);
      for (const s of kept) expect(REJECT[name]!({ secret: s }), s).toBe(false);
    });
  }

  it("request-token-name looks at the setting name, not the secret", () => {
    const check = REJECT["request-token-name"]!;
    for (const name of ["nextPageToken", "csrf_token", "NEXT_TOKEN", "X-Idempotency-Token", "continuationToken"]) {
      expect(check({ secret: "x".repeat(12), name }), name).toBe(true);
    }
    for (const name of ["accessToken", "GITHUB_TOKEN", "tokenizer", "token"]) expect(check({ secret: "x", name }), name).toBe(false);
    expect(check({ secret: "nextPageToken" })).toBe(false); // no name captured: nothing to judge
  });

  it("stays linear on a long hostile secret", () => {
    const s = `${"Ab".repeat(50_000)}.`;
    for (const c of Object.values(REJECT)) c({ secret: s, name: s });
  });
});

describe("compileChecks", () => {
  it("names the known checks when a rule asks for an unknown one", () => {
    expect(() => compileChecks(["digits"])).toThrow(/"require" names "digits"; known: digit, letter, upper, lower/);
    expect(() => compileChecks([], ["guid"])).toThrow(/"reject" names "guid"; known: uuid, identifier/);
  });

  it("wires require, reject, stopwords and the name group into a rule", () => {
    const spec: RuleSpec = {
      id: "demo",
      provider: "Demo",
      description: "demo",
      regex: "(?P<name>[A-Za-z_]*(?i:token))\\s*=\\s*([A-Za-z0-9/._-]{8,})",
      secretGroup: 2,
      keywords: ["token"],
      require: ["digit"],
      reject: ["path", "request-token-name"],
      stopwords: ["sample"],
      revoke: "n/a",
      examples: { match: ["API_TOKEN = k8J~~x2pQr9Lm3"], nomatch: [] },
    };
    const scanner = new Scanner(compileRules([{ origin: "test", rules: [spec] }]));
    const found = (text: string) => scanner.scan({ path: "a", text, source: "tree" }).map((f) => f.secret);
    expect(found("API_TOKEN = k8Jx2pQr9Lm3")).toEqual(["k8Jx2pQr9Lm3"]);
    expect(found("API_TOKEN = kJxpQrLmZz")).toEqual([]); // require digit
    expect(found("API_TOKEN = prod/k8/x2")).toEqual([]); // reject path
    expect(found("NEXT_PAGE_TOKEN = k8Jx2pQr9Lm3")).toEqual([]); // reject request-token-name
    expect(found("API_TOKEN = Sample9x2pQr")).toEqual([]); // stopword, any case
  });
});
