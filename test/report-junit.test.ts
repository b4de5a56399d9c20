// JUnit XML, parsed back with fast-xml-parser.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { junitReport, xmlAttr, xmlText } from "../src/report/junit.js";
import { commit, githubToken, makeContext, makeFinding, openaiKey } from "./fixtures/report-findings.js";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "testcase" || name === "property", htmlEntities: false });

// Characters XML 1.0 forbids outright (also as references).
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(ILLEGAL_XML);
  return parser.parse(xml);
}

describe("junit reporter", () => {
  it("writes one failing test case per finding, message = rule and location", () => {
    const c = commit();
    const findings = [makeFinding({ line: 4 }), makeFinding({ ruleId: "openai-project-key", provider: "OpenAI", secret: openaiKey(), path: "b.py", line: 9, commit: c })];
    const doc = parse(junitReport(findings, makeContext(findings, { mode: "history", stats: { commits: 3 } })));
    const suite = doc.testsuites.testsuite;
    expect(doc.testsuites["@tests"]).toBe("2");
    expect(doc.testsuites["@failures"]).toBe("2");
    expect(suite["@failures"]).toBe("2");
    expect(suite.testcase).toHaveLength(2);
    const [a, b] = suite.testcase;
    expect(a["@classname"]).toBe("scan-keys.github-pat");
    expect(a["@file"]).toBe("src/config.ts");
    expect(a.failure["@message"]).toBe(`github-pat: src/config.ts:4:${findings[0]!.column}`);
    expect(a.failure["@type"]).toBe("github-pat");
    expect(a.failure["#text"]).toContain(findings[0]!.redacted);
    expect(a.failure["#text"]).toContain(findings[0]!.fingerprint);
    expect(a.failure["#text"]).toContain("https://github.com/settings/tokens");
    expect(a.failure["#text"]).toContain("scan-keys:allow");
    expect(b.failure["@message"]).toContain(`b.py:9:`);
    expect(b.failure["@message"]).toContain(c.sha.slice(0, 12));
    expect(b.failure["#text"]).toContain(c.author);
    expect(suite["system-out"]).toContain("3 commits");
  });

  it("writes one passing test case when the scan is clean", () => {
    const doc = parse(junitReport([], makeContext([])));
    const suite = doc.testsuites.testsuite;
    expect(suite["@tests"]).toBe("1");
    expect(suite["@failures"]).toBe("0");
    expect(suite.testcase).toHaveLength(1);
    expect(suite.testcase[0].failure).toBeUndefined();
    expect(suite.testcase[0]["@name"]).toBe("no secrets found");
  });

  it("escapes markup, quotes and control characters in paths, lines and authors", () => {
    const nasty = `a&b<c>"d'e\u0001\u001b[31m\u000bf\ud800g.ts`;
    const f = makeFinding({ path: nasty, before: `x = "</failure><![CDATA[ & \u0007 `, commit: { ...commit(), author: `Eve <e@x> & "co"\u0000` } });
    const xml = junitReport([f], makeContext([f], { mode: "history" }));
    const doc = parse(xml);
    const tc = doc.testsuites.testsuite.testcase[0];
    // Markup round-trips; characters XML cannot carry become visible escapes.
    expect(tc["@file"]).toBe(`a&b<c>"d'e\\x01\\x1b[31m\\x0bf\\ud800g.ts`);
    expect(tc.failure["#text"]).toContain("</failure><![CDATA[ &");
    expect(tc.failure["#text"]).toContain(`Eve <e@x> & "co"`);
    expect(xml).not.toContain("\u001b");
  });

  it("keeps valid surrogate pairs and newlines in attributes", () => {
    expect(xmlText("emoji 😀 ok")).toBe("emoji 😀 ok");
    expect(xmlText("lone \udc00 low")).toBe("lone \\udc00 low");
    expect(xmlAttr('a\nb\tc"')).toBe("a&#10;b&#9;c&quot;");
    expect(xmlText("a\r\nb")).toBe("a&#13;\nb");
  });

  it("never contains the secret unless redact is false", () => {
    const secret = githubToken();
    const f = makeFinding({ secret });
    expect(junitReport([f], makeContext([f]))).not.toContain(secret);
    const clear = junitReport([f], makeContext([f], { redact: false }));
    parse(clear);
    expect(clear).toContain(secret);
  });
});
