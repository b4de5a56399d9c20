// The engine on plain strings: no files, no git.
import { describe, expect, it } from "vitest";
import { compileRules, RuleError, Scanner, shannonEntropy, type RuleSpec } from "../src/engine/index.js";
import { isPlaceholder } from "../src/engine/placeholders.js";
import { randomToken } from "./helpers/keys.js";

const base: RuleSpec = {
  id: "demo-token",
  provider: "Demo",
  description: "Demo API token",
  regex: "(?:^|[^A-Za-z0-9])(dmo_[A-Za-z0-9]{24})(?:[^A-Za-z0-9]|$)",
  keywords: ["dmo_"],
  revoke: "https://demo.invalid/tokens",
  examples: { match: ["dmo_~~x"], nomatch: [] },
};

function scanner(...specs: Partial<RuleSpec>[]): Scanner {
  const list = specs.length ? specs : [{}];
  return new Scanner(compileRules([{ origin: "test", rules: list.map((s) => ({ ...base, ...s })) }]));
}

const token = () => `dmo_${randomToken(24)}`;

describe("Scanner", () => {
  it("reports line and column of the secret, 1-based, with an exclusive end column", () => {
    const t = token();
    const [f] = scanner().scan({ path: "a.js", text: `one\nconst k = "${t}";\n`, source: "tree" });
    expect(f).toMatchObject({ path: "a.js", line: 2, column: 12, endLine: 2, endColumn: 12 + t.length, secret: t });
  });

  it("counts columns the same in CRLF files", () => {
    const t = token();
    const [f] = scanner().scan({ path: "a.js", text: `one\r\ntwo\r\nx=${t}\r\n`, source: "tree" });
    expect(f).toMatchObject({ line: 3, column: 3 });
    expect(f!.lineText).toBe(`x=${t}`);
  });

  it("maps diff text lines to the real file lines", () => {
    const t = token();
    const [f] = scanner().scan({ path: "a.js", text: `added\nk=${t}`, lineNumbers: [10, 42], source: "staged" });
    expect(f).toMatchObject({ line: 42, column: 3, endLine: 42 });
  });

  it("does not run a rule where none of its keywords occur", () => {
    const s = scanner({ keywords: ["zzz_"] });
    expect(s.scan({ path: "a", text: `k=${token()}`, source: "tree" })).toEqual([]);
  });

  it("finds keywords case-insensitively and overlapping ones", () => {
    const s = scanner({ id: "ctx", regex: "apikey\\s*=\\s*([a-z0-9]{20})", flags: "i", keywords: ["key"] });
    const [f] = s.scan({ path: "a", text: `APIKEY = ${randomToken(20).toLowerCase()}`, source: "tree" });
    expect(f?.ruleId).toBe("ctx");
  });

  it("applies the entropy threshold and the placeholder stop-list", () => {
    const s = scanner({ entropy: 3.5 });
    expect(s.scan({ path: "a", text: "dmo_aaaaaaaaaaaabbbbbbbbbbbb", source: "tree" })).toEqual([]);
    expect(s.scan({ path: "a", text: "dmo_EXAMPLEEXAMPLEEXAMPLE1", source: "tree" })).toEqual([]);
    expect(s.scan({ path: "a", text: token(), source: "tree" })).toHaveLength(1);
  });

  it("keeps one finding when two rules match the same secret", () => {
    const s = scanner({}, { id: "generic-demo", severity: "medium" });
    const found = s.scan({ path: "a", text: token(), source: "tree" });
    expect(found.map((f) => f.ruleId)).toEqual(["demo-token"]);
  });

  it("redacts and fingerprints without revealing the secret", () => {
    const t = token();
    const [f] = scanner().scan({ path: "a", text: t, source: "tree" });
    expect(f!.redacted.startsWith("dmo_")).toBe(true);
    expect(f!.redacted.length).toBeLessThan(12);
    expect(f!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(f!.fingerprint).not.toContain(t.slice(4, 10));
  });

  it("gives the same fingerprint to the same secret on another line", () => {
    const t = token();
    const a = scanner().scan({ path: "a", text: `x\n${t}`, source: "tree" });
    const b = scanner().scan({ path: "b", text: `${t}`, source: "tree" });
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
  });

  it("stays bounded on a huge single line and finds the key in it", () => {
    const t = token();
    const filler = "x".repeat(5_000_000);
    const found = scanner().scan({ path: "min.js", text: `${filler} ${t} ${filler}`, source: "tree" });
    expect(found.map((f) => f.secret)).toEqual([t]);
    expect(found[0]!.lineText.length).toBeLessThan(300);
  });

  it("does not report a piece of a longer token cut by the window", () => {
    const s = scanner({ regex: "(dmo_[A-Za-z0-9]{24,})(?:[^A-Za-z0-9]|$)", window: 32 });
    // The keyword sits deep inside one very long token; the window cuts it.
    const text = `${"A".repeat(100)}dmo_${randomToken(200)}`;
    expect(s.scan({ path: "a", text, source: "tree" })).toEqual([]);
  });

  it("matches multi-line rules across lines within their window", () => {
    const s = scanner({ id: "block", regex: "BEGIN DEMO\\n([A-Za-z0-9\\n]{20,})\\nEND DEMO", keywords: ["begin demo"], multiline: true, window: 4096 });
    const body = [randomToken(30), randomToken(30)].join("\n");
    const [f] = s.scan({ path: "a", text: `x\nBEGIN DEMO\n${body}\nEND DEMO\n`, source: "tree" });
    expect(f).toMatchObject({ line: 3, endLine: 4 });
  });
});

describe("windows seen before (window-memo.ts)", () => {
  it("give the same findings, placed where each fragment has them, keyword-led rules and line searches alike", () => {
    const t = token();
    const line = `const k = "${t}";`;
    const fresh = () => scanner({}, { id: "demo-led", regex: "dmo_([A-Za-z0-9]{24})", keywords: ["dmo_"], secretGroup: 1 });
    const texts = [`${line}\n`, `one\ntwo\n${line}\n`, `x\n${line}\ny\n${line}`, `  ${line}`];
    const s = fresh();
    for (const text of texts) {
      const again = s.scan({ path: "a.js", text, source: "history" });
      // A scanner that never met the window before reports exactly the same.
      expect(again).toEqual(fresh().scan({ path: "a.js", text, source: "history" }));
      expect(again.map((f) => f.secret)).toEqual(again.map(() => t));
    }
    expect(s.scan({ path: "a.js", text: `one\ntwo\n${line}\n`, source: "history" }).map((f) => [f.line, f.column])).toEqual([[3, 12]]);
  });

  it("remember where nothing was found without hiding a key that differs from an earlier window", () => {
    const s = scanner();
    expect(s.scan({ path: "a.js", text: "token dmo_short\n", source: "history" })).toEqual([]);
    expect(s.scan({ path: "a.js", text: "token dmo_short\n", source: "history" })).toEqual([]);
    const t = token();
    expect(s.scan({ path: "a.js", text: `token dmo_short\n${t}\n`, source: "history" }).map((f) => f.secret)).toEqual([t]);
  });
});

describe("keyword positions", () => {
  it("stay right when lower-casing would change the text's length (İ becomes two characters)", () => {
    const t = token();
    const [f] = scanner().scan({ path: "a", text: `İİİ DMO_x = ${t}`, source: "tree" });
    expect(f).toMatchObject({ line: 1, column: 13, secret: t });
  });
});

describe("rule validation", () => {
  const compile = (spec: Record<string, unknown>) => () => compileRules([{ origin: "rules/demo.toml", rules: [spec] }]);

  it("names the file and the rule for an invalid regex", () => {
    expect(compile({ ...base, regex: "(unclosed" })).toThrow(/^rules\/demo\.toml: rule "demo-token": "regex" is not valid RE2 syntax/);
  });
  it("rejects unknown keys", () => {
    expect(compile({ ...base, keyword: ["x"] })).toThrow(/unknown key "keyword"/);
  });
  it("rejects a secret group the regex does not have", () => {
    expect(compile({ ...base, secretGroup: 3 })).toThrow(/"secretGroup" is 3 but the regex has 1 group/);
  });
  it("rejects upper-case keywords and missing fields", () => {
    expect(compile({ ...base, keywords: ["DMO_"] })).toThrow(RuleError);
    expect(compile({ ...base, revoke: undefined })).toThrow(/"revoke" must be a non-empty string/);
  });
  it("rejects duplicate ids", () => {
    expect(() => compileRules([{ origin: "a.toml", rules: [base] }, { origin: "b.toml", rules: [base] }])).toThrow(/already used in a\.toml/);
  });
});

describe("shannonEntropy", () => {
  it("is 0 for one repeated character and log2(n) for n distinct ones", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
  });
});

describe("keyword prefilter", () => {
  it("finds the same secrets keyword by keyword and with the automaton", async () => {
    const { compileBuiltinRules } = await import("../src/commands/ruleset.js");
    const rules = compileBuiltinRules();
    const { githubToken, openaiProjectKey, awsAccessKeyId } = await import("./helpers/keys.js");
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) {
      lines.push(`const v${i} = "${randomToken(30)}"; // apiKey token secret sk- ghp_ AKIA`);
      if (i % 40 === 0) lines.push(`GITHUB_TOKEN=${githubToken()}`, `OPENAI_API_KEY="${openaiProjectKey()}"`, `aws_access_key_id = ${awsAccessKeyId()}`);
    }
    const text = lines.join("\n");
    const pathMatches = () => true;
    const viaIndexOf = new Scanner(rules, pathMatches, { automatonAfter: Infinity }).scan({ path: "a.ts", text, source: "tree" });
    const viaAutomaton = new Scanner(rules, pathMatches, { automatonAfter: 0 }).scan({ path: "a.ts", text, source: "tree" });
    expect(viaIndexOf.length).toBeGreaterThanOrEqual(15);
    expect(viaAutomaton.map((f) => [f.ruleId, f.line, f.column])).toEqual(viaIndexOf.map((f) => [f.ruleId, f.line, f.column]));
  });
});

describe("keyword prefilter hits", () => {
  it("are the same keyword by keyword and with the automaton, for every built-in keyword", async () => {
    const { compileBuiltinRules } = await import("../src/commands/ruleset.js");
    const { Prefilter } = await import("../src/engine/prefilter.js");
    const rules = compileBuiltinRules();
    const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
    // Each keyword alone on a line, in upper case inside a word, and glued to the next one.
    const text = keywords.map((k, i) => `${k}\nx${k.toUpperCase()}y ${randomToken(4)}${k}${keywords[(i + 1) % keywords.length]}`).join("\n");
    const hits = (automatonAfter: number) => {
      const out: string[] = [];
      new Prefilter(rules, automatonAfter).scan(text, (rule, pos) => void out.push(`${rule}@${pos}`));
      return [...new Set(out)].sort();
    };
    const viaIndexOf = hits(Infinity);
    expect(viaIndexOf.length).toBeGreaterThan(keywords.length * 2);
    expect(hits(0)).toEqual(viaIndexOf);
  });

  it("and the base64 spans are the same read from the text's bytes (ASCII or UTF-8) as from the text", async () => {
    const { compileBuiltinRules } = await import("../src/commands/ruleset.js");
    const { Prefilter } = await import("../src/engine/prefilter.js");
    const { base64Spans } = await import("../src/engine/encoded.js");
    const rules = compileBuiltinRules();
    const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
    // Keywords, base64 runs (one at the very end), lone CRs, CRLFs and a tab; then 2-, 3- and 4-byte characters too.
    const ascii = keywords.map((k, i) => `${k}\r${randomToken(i % 40)}\r\n\tX${k.toUpperCase()}${keywords[(i + 7) % keywords.length]}`).join("\n") + randomToken(30);
    const wide = keywords.map((k, i) => `${["é", "日本", "𝄞", "ß€"][i % 4]}${k}${randomToken(i % 40)}€\r${keywords[(i + 3) % keywords.length]}𝄞`).join("\n") + randomToken(30);
    for (const raw of [ascii, wide]) {
      const text = raw.replace(/\r(?!\n)/g, "\n");
      const scan = (bytes?: Uint8Array) => {
        const out: string[] = [];
        const spans = new Prefilter(rules, 0).scan(text, (rule, pos) => void out.push(`${rule}@${pos}`), bytes);
        return { hits: out, spans };
      };
      const viaText = scan();
      expect(viaText.hits.length).toBeGreaterThan(keywords.length * 2);
      expect(viaText.spans!.length).toBeGreaterThan(40);
      expect(viaText.spans).toEqual(base64Spans(text)); // the reference: one native regex
      expect(scan(Buffer.from(raw, "utf8"))).toEqual(viaText);
    }
  });
});

describe("placeholder words", () => {
  it("count in a word's own case, and in any case outside long base64 runs", () => {
    expect(isPlaceholder("my-fake-token-123")).toBe(true);
    expect(isPlaceholder("FAKE_TOKEN_1234")).toBe(true);
    expect(isPlaceholder("ChangeMe2024")).toBe(true);
    expect(isPlaceholder("wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY")).toBe(true);
  });

  it("do not count in mixed case inside random base64: an RSA key's DER can read 'fAkE'", () => {
    const body = "OSClrCPrDF6BBd9w3uCF" + "AkEAvA9WYmjxRy8SfgbcMV4PxQcKYxViNZ2V+YzcS5fR";
    expect(body.toLowerCase()).toContain("fake");
    expect(isPlaceholder(body)).toBe(false);
    expect(isPlaceholder("OSClrCPrDF6BBd9w3uCfake" + "vA9WYmjxRy8SfgbcMV4PxQcKYxViNZ2V+YzcS5fR")).toBe(true);
  });

  it("do not count in mixed case inside a long run of the URL-safe alphabet either (OpenAI and Anthropic keys hold - and _)", () => {
    // Random url-safe bodies are cut by - and _ into short base64 runs; the run is counted across them.
    const body = "tgGfaKE-ownEEMyodWbzHas8dvnb6h6JgyKLi8ph" + "uwRpw9s5qdhB_kP0x-Vq3";
    expect(isPlaceholder(body)).toBe(false);
    expect(isPlaceholder("my-fAkE-token-1234")).toBe(true);
    expect(isPlaceholder("tgGfake-ownEEMyodWbzHas8dvnb6h6JgyKLi8ph" + "uwRpw9s5qdhB_kP0x-Vq3")).toBe(true);
  });
});
