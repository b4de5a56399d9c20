// SARIF output, validated against the official OASIS SARIF 2.1.0 schema
// (test/fixtures/sarif-schema-2.1.0.json, a JSON Schema draft-04 document,
// hence ajv-draft-04 rather than ajv's default draft-07 class).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { FINGERPRINT_KEY, pathToUri, sarifReport } from "../src/report/sarif.js";
import { commit, githubToken, makeContext, makeFinding, openaiKey, randomChars } from "./fixtures/report-findings.js";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures/sarif-schema-2.1.0.json"), "utf8"));
// Both are CommonJS modules whose class/function is also exported as `default`.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

function check(text: string) {
  const log = JSON.parse(text);
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

const pem = () =>
  ["-----BEGIN " + "RSA PRIVATE KEY-----", randomChars(64), randomChars(64), "-----END " + "RSA PRIVATE KEY-----"].join("\n");

describe("sarif reporter", () => {
  it("the schema really validates: a broken log is rejected", () => {
    const bad = { version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] };
    expect(validate(bad)).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x", informationUri: "not a uri" } } }] })).toBe(false);
  });

  it("is valid SARIF 2.1.0 for tree, history, multi-line and oddly named findings", () => {
    const findings = [
      makeFinding(),
      makeFinding({ ruleId: "openai-project-key", provider: "OpenAI", description: "OpenAI project API key (sk-proj-)", secret: openaiKey(), severity: "medium", path: "dir with space/#hash%20ü.env", revoke: "https://platform.openai.com/api-keys" }),
      makeFinding({ ruleId: "private-key", provider: "PEM", description: "Private key block", secret: pem(), severity: "high", path: "keys/id_rsa", before: "", after: "", revoke: "Generate a new key pair and remove the old public key wherever it is authorised" }),
      makeFinding({ commit: commit(), severity: "low", path: "old/config.yml" }),
    ];
    const ctx = makeContext(findings, { mode: "history", stats: { commits: 5, unreadable: [{ path: "locked file,1.txt", reason: "EACCES: permission denied" }], skippedUnreadable: 1 } });
    const log = check(sarifReport(findings, ctx));
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain("locked file,1.txt");
  });

  it("is valid when the scan is clean", () => {
    const log = check(sarifReport([], makeContext([])));
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
  });

  it("describes the tool and each rule, with the remediation as help", () => {
    const f = makeFinding();
    const log = check(sarifReport([f], makeContext([f], { version: "1.2.3" })));
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "scan-keys", version: "1.2.3" });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules).toHaveLength(1);
    const rule = driver.rules[0];
    expect(rule.id).toBe("github-pat");
    expect(rule.name).toBe("GithubPat");
    expect(rule.shortDescription.text).toBe(f.description);
    expect(rule.fullDescription.text).toContain("GitHub");
    for (const help of [rule.help.text, rule.help.markdown]) {
      expect(help).toContain("https://github.com/settings/tokens");
      expect(help).toContain("environment variable");
      expect(help).toContain(".env");
      expect(help).toContain("scan-keys:allow");
      expect(help).toContain(".scan-keys-ignore");
    }
    expect(rule.defaultConfiguration.level).toBe("error");
    expect(rule.properties.tags).toContain("security");
    expect(Number(rule.properties["security-severity"])).toBeGreaterThan(0);
  });

  it("maps each finding to a result with rule index, level, location and fingerprint", () => {
    const findings = [
      makeFinding({ ruleId: "openai-project-key", provider: "OpenAI", description: "OpenAI project API key (sk-proj-)", secret: openaiKey(), severity: "medium", line: 7, path: "a b/c#d.ts" }),
      makeFinding({ severity: "high", line: 2 }),
      makeFinding({ severity: "low", line: 9 }),
    ];
    const log = check(sarifReport(findings, makeContext(findings)));
    const run = log.runs[0];
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(["warning", "error", "note"]);
    for (const [i, r] of run.results.entries()) {
      const f = findings[i]!;
      expect(r.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
      expect(r.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: f.fingerprint });
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe("%SRCROOT%");
      expect(decodeURIComponent(loc.artifactLocation.uri)).toBe(f.path);
      expect(loc.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
      expect(r.message.text).toContain(f.redacted);
    }
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("a%20b/c%23d.ts");
  });

  it("records the commit of history findings", () => {
    const c = commit();
    const f = makeFinding({ commit: c });
    const r = check(sarifReport([f], makeContext([f], { mode: "history" }))).runs[0].results[0];
    expect(r.properties).toMatchObject({ commitSha: c.sha, author: c.author, date: c.date });
    expect(r.message.text).toContain(c.sha.slice(0, 12));
  });

  it("never contains the secret unless redact is false", () => {
    const secrets = [githubToken(), openaiKey()];
    const findings = secrets.map((secret, i) => makeFinding({ secret, line: i + 1 }));
    const redacted = sarifReport(findings, makeContext(findings));
    for (const s of secrets) expect(redacted).not.toContain(s);
    const clear = sarifReport(findings, makeContext(findings, { redact: false }));
    check(clear);
    for (const s of secrets) expect(clear).toContain(s);
  });

  it("keeps rules given by the caller and adds any a finding names that the caller left out", () => {
    const f = makeFinding({ ruleId: "custom-rule", provider: "Acme", description: "Acme token" });
    const ctx = makeContext([], { rules: [{ id: "aaa-rule", provider: "X", description: "x", revoke: "", severity: "low" }] });
    const log = check(sarifReport([f], ctx));
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["aaa-rule", "custom-rule"]);
    expect(log.runs[0].results[0].ruleIndex).toBe(1);
  });

  it("percent-encodes paths into URI references", () => {
    expect(pathToUri("src/a.ts")).toBe("src/a.ts");
    expect(pathToUri("./x y/%z?.ts")).toBe("x%20y/%25z%3F.ts");
  });
});
