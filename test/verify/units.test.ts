// The verify room's pure parts: SigV4 against AWS's published test vectors,
// spec checks, NO_PROXY, and how answers read as verdicts.
import { describe, expect, it } from "vitest";
import { signV4 } from "../../src/verify/sigv4.js";
import { validateVerifySpec } from "../../src/verify/spec.js";
import { bypassed, proxyFor } from "../../src/verify/proxy.js";
import { buildRequest, interpret } from "../../src/verify/request.js";
import { builtinVerifiers } from "../../src/verify/index.js";
import { SHAPES } from "./providers.js";
import { verifierRules } from "./run.js";
import { NAMED } from "../../src/verify/named.js";
import type { Finding } from "../../src/engine/types.js";

// AWS's documented example credentials (IAM user guide and the SigV4 test suite), built from parts.
const EXAMPLE_ID = ["AKID", "EXAMPLE"].join("");
const EXAMPLE_SECRET = ["wJalrXUtnFEMI/K7MDENG+bPxRfiCY", "EXAMPLEKEY"].join("");

describe("SigV4", () => {
  it("matches the SigV4 test suite's get-vanilla request", () => {
    const h = signV4({ method: "GET", host: "example.amazonaws.com", path: "/", body: "", region: "us-east-1", service: "service", accessKeyId: EXAMPLE_ID, secretAccessKey: EXAMPLE_SECRET, amzDate: "20150830T123600Z" });
    expect(h.Authorization).toBe(`AWS4-HMAC-SHA256 Credential=${EXAMPLE_ID}/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`);
  });

  it("matches the IAM user guide's ListUsers example", () => {
    const h = signV4({
      method: "GET", host: "iam.amazonaws.com", path: "/", query: [["Action", "ListUsers"], ["Version", "2010-05-08"]], body: "", region: "us-east-1", service: "iam",
      accessKeyId: EXAMPLE_ID, secretAccessKey: EXAMPLE_SECRET, amzDate: "20150830T123600Z", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    });
    expect(h.Authorization).toBe(`AWS4-HMAC-SHA256 Credential=${EXAMPLE_ID}/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7`);
  });
});

describe("verify specs", () => {
  const ok = { url: "https://api.example.com/v1/me", headers: { Authorization: "Bearer {secret}" }, docs: "https://example.com/docs" };
  const bad = (over: Record<string, unknown>) => () => validateVerifySpec({ ...ok, ...over });
  it("accepts every built-in verifier", () => expect(builtinVerifiers().size).toBeGreaterThanOrEqual(70));
  it("refuses plain http, ports, credentials in the URL and the secret in the host", () => {
    expect(bad({ url: "http://api.example.com/v1/me" })).toThrow(/must be https/);
    expect(bad({ url: "https://api.example.com:8443/v1/me" })).toThrow(/default https port/);
    expect(bad({ url: "https://u:p@api.example.com/" })).toThrow(/credentials of its own/);
    expect(bad({ url: "https://{secret}.example.com/" })).toThrow(/host/);
  });
  it("refuses templates naming anything but {secret}, and requests that do not test the key", () => {
    expect(bad({ headers: { Authorization: "Bearer {env.HOME}" } })).toThrow(/may only hold \{secret\}/);
    expect(bad({ headers: { Accept: "text/plain" } })).toThrow(/no template holds \{secret\}/);
    expect(bad({ headers: { Host: "{secret}" } })).toThrow(/may not set "Host"/);
    expect(bad({ docs: "see the wiki" })).toThrow(/documentation page/);
    expect(bad({ json: { q: "{secret}" } })).toThrow(/needs method = "POST"/);
    expect(bad({ live: [200], revoked: [200] })).toThrow(/share a status/);
    expect(bad({ scopes: "body" })).toThrow(/json:field/);
    expect(bad({ extra: 1 })).toThrow(/unknown key "verify.extra"/);
  });
  it("a user's verifier may only name a host a built-in verifier names", () => {
    expect(() => validateVerifySpec(ok, new Set(["api.openai.com"]))).toThrow(/api\.example\.com, which no built-in verifier names/);
    expect(validateVerifySpec({ ...ok, url: "https://api.openai.com/v1/models" }, new Set(["api.openai.com"]))).toBeTruthy();
  });
  it("named verifiers take only docs", () => {
    expect(() => validateVerifySpec({ named: "aws-sts", docs: "https://x.example/", url: "https://x.example/" })).toThrow(/takes only "docs"/);
    expect(() => validateVerifySpec({ named: "nope", docs: "https://x.example/" })).toThrow(/must be one of/);
  });
});

describe("requests and answers", () => {
  it("escapes a secret put in a path, so it cannot add a segment or a query", () => {
    const r = buildRequest({ url: "https://api.telegram.org/bot{secret}/getMe", docs: "https://x/" }, "1:a/../b?c=d");
    expect(r.path).toBe("/bot1%3Aa%2F..%2Fb%3Fc%3Dd/getMe");
  });
  it("reads header and JSON fields, caps them, and never trusts a live status without the ok field", () => {
    const spec = { url: "https://slack.com/api/auth.test", okField: "ok", account: "json:team", scopes: "header:x-oauth-scopes", docs: "https://x/" };
    expect(interpret(spec, { status: 200, headers: { "x-oauth-scopes": "a,b" }, body: '{"ok":true,"team":"T"}' })).toMatchObject({ verdict: "live", account: "T", scopes: ["a", "b"] });
    expect(interpret(spec, { status: 200, headers: {}, body: '{"ok":false}' })).toMatchObject({ verdict: "revoked" });
    expect(interpret(spec, { status: 200, headers: {}, body: "<html>" })).toMatchObject({ verdict: "unknown" });
    const many = interpret({ ...spec, scopes: "json:s" }, { status: 200, headers: {}, body: JSON.stringify({ ok: true, s: Array(500).fill("x".repeat(1000)) }) });
    expect(many.scopes!.length).toBe(50);
    expect(many.scopes![0]!.length).toBe(200);
  });
  it("a refusal the provider documents for a working key that lacks a permission is unknown, never revoked", () => {
    const rules = verifierRules();
    const refusals = SHAPES.filter((s) => s.refused);
    expect(refusals.length).toBeGreaterThanOrEqual(4);
    for (const shape of refusals) {
      for (const id of shape.rules) {
        const spec = validateVerifySpec(rules.find((r) => r.id === id)!.verify);
        const a = shape.refused!;
        expect(interpret(spec, { status: a.status, headers: {}, body: a.body }).verdict, id).toBe("unknown");
        expect(interpret(spec, { status: shape.revoked.status, headers: {}, body: shape.revoked.body }).verdict, id).toBe("revoked");
      }
    }
  });
  it("revokedWhen: only the named answer revokes; its value is shown only when it is plain words", () => {
    const spec = { url: "https://x.example/", headers: { A: "{secret}" }, revoked: [401], revokedWhen: "json:detail.status=invalid_api_key", docs: "https://x/" };
    expect(interpret(spec, { status: 401, headers: {}, body: '{"detail":{"status":"invalid_api_key"}}' })).toMatchObject({ verdict: "revoked" });
    expect(interpret(spec, { status: 401, headers: {}, body: '{"detail":{"status":"quota_exceeded"}}' })).toMatchObject({ verdict: "unknown", reason: "refused (HTTP 401) (quota_exceeded), but not as an invalid key" });
    expect(interpret(spec, { status: 401, headers: {}, body: '{"detail":{"status":"\u001b[31m"}}' })).toMatchObject({ verdict: "unknown", reason: "refused (HTTP 401), but not as an invalid key" });
    expect(interpret(spec, { status: 401, headers: {}, body: "<html>" })).toMatchObject({ verdict: "unknown" });
    expect(() => validateVerifySpec({ ...spec, revokedWhen: "header:x=1" })).toThrow(/revokedWhen/);
  });
  it("okField=value: Cloudflare's 200 for an expired or disabled token reads as revoked, an active one as live", () => {
    const spec = validateVerifySpec(verifierRules().find((r) => r.id === "cloudflare-api-token")!.verify);
    const answer = (status: string) => ({ status: 200, headers: {}, body: JSON.stringify({ success: true, result: { id: "t", status } }) });
    expect(interpret(spec, answer("active"))).toMatchObject({ verdict: "live", scopes: ["active"] });
    expect(interpret(spec, answer("expired")).verdict).toBe("revoked");
    expect(interpret(spec, answer("disabled")).verdict).toBe("revoked");
    expect(interpret(spec, { status: 200, headers: {}, body: "{}" }).verdict).toBe("unknown");
  });
  it("AWS: an unknown key id is revoked; a secret that does not sign for the key id beside it is unknown", () => {
    const id = { ruleId: "aws-access-key-id", secret: ["AKIA", "IOSFODNN7EXAMPLE"].join(""), line: 1, lineText: "" } as Finding;
    const key = { ruleId: "aws-secret-access-key", secret: EXAMPLE_SECRET, line: 2, lineText: "" } as Finding;
    const p = NAMED["aws-sts"]!.prepare(id, [id, key], "https://docs/");
    if ("reason" in p) throw new Error(p.reason);
    const err = (code: string) => ({ status: 403, headers: {}, body: `<ErrorResponse><Error><Code>${code}</Code></Error></ErrorResponse>` });
    expect(p.read(err("InvalidClientTokenId")).verdict).toBe("revoked");
    expect(p.read(err("SignatureDoesNotMatch"))).toMatchObject({ verdict: "unknown", reason: "the secret access key found beside this key id does not match it" });
  });
  it("5xx and unexpected statuses are unknown", () => {
    const spec = { url: "https://x.example/", headers: { A: "{secret}" }, docs: "https://x/" };
    expect(interpret(spec, { status: 503, headers: {}, body: "" })).toMatchObject({ verdict: "unknown", reason: "provider error (HTTP 503)" });
  });
});

describe("proxy variables", () => {
  it("NO_PROXY entries match a host and its subdomains, * matches all", () => {
    expect(bypassed("api.openai.com", "localhost, .openai.com")).toBe(true);
    expect(bypassed("api.openai.com", "openai.com:443")).toBe(true);
    expect(bypassed("api.openai.com", "notopenai.com")).toBe(false);
    expect(bypassed("x.example", "*")).toBe(true);
  });
  it("HTTPS_PROXY with or without a scheme; https_proxy too", () => {
    expect(proxyFor("api.github.com", { HTTPS_PROXY: "proxy.corp:3128" })?.host).toBe("proxy.corp:3128");
    expect(proxyFor("api.github.com", { https_proxy: "http://u:p@proxy.corp:8080" })?.username).toBe("u");
    expect(proxyFor("api.github.com", { HTTPS_PROXY: "http://proxy.corp:8080", NO_PROXY: "github.com" })).toBeUndefined();
    expect(proxyFor("api.github.com", {})).toBeUndefined();
  });
});
