// Every verifier, against a local server that checks the request each
// provider documents and answers live, revoked and rate-limited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHAPES } from "./providers.js";
import { findingsOf, plantFiles, runCliAsync, suiteDir, verifierRules } from "./run.js";
import { startProvider, type Mode, type Provider } from "./server.js";

const rules = verifierRules();
let provider: Provider;
let mode: Mode = "live";
let dir: string;
let remove: () => void;

beforeAll(async () => {
  ({ dir, remove } = suiteDir());
  const aws = plantFiles(dir, rules);
  provider = await startProvider(() => mode, aws);
});
afterAll(async () => {
  await provider?.close();
  remove?.();
});

const shapeOf = (ruleId: string) => SHAPES.find((s) => s.rules.includes(ruleId));

describe("verifiers", () => {
  it("every verifier has a documented request shape in the test table, and cites a documentation page", () => {
    for (const r of rules) {
      expect(typeof r.verify.docs, r.id).toBe("string");
      expect(r.verify.docs as string, r.id).toMatch(/^https:\/\//);
      if (!r.verify.named) expect(shapeOf(r.id), `${r.id} has no shape in test/verify/providers.ts`).toBeDefined();
    }
    expect(new Set(rules.map((r) => r.id)).size).toBeGreaterThanOrEqual(70);
  });

  for (const m of ["live", "revoked", "limited"] as const) {
    it(`sends each provider its documented request and reads a ${m} answer`, async () => {
      mode = m;
      const before = provider.log.length;
      const r = await runCliAsync([".", "--verify", "--no-redact", "--format", "json"], { cwd: dir, env: provider.env });
      const findings = findingsOf(r);
      const log = provider.log.slice(before);
      expect(log.flatMap((c) => c.problems.map((p) => `${c.host}: ${p}`))).toEqual([]);
      // Each distinct credential once.
      const secrets = log.map((c) => c.secret);
      expect(secrets.length).toBe(new Set(secrets).size);
      const verifiable = findings.filter((f) => rules.some((x) => x.id === f.ruleId));
      // Every planted verifier's key was found and asked about.
      for (const rule of rules) expect(findings.some((f) => f.file === `${rule.id}.txt` || (rule.id.startsWith("aws-") && f.file === "aws.txt")), rule.id).toBe(true);
      for (const f of verifiable) {
        const v = f.verification!;
        expect(v, f.ruleId).toBeDefined();
        if (m === "limited") {
          expect(v.verdict, f.ruleId).toBe("unknown");
          expect(v.reason, f.ruleId).toBe("rate limited (the provider asks to retry after 30 s)");
          continue;
        }
        expect(v.verdict, `${f.ruleId}: ${v.reason ?? ""}`).toBe(m);
        expect(v.docs).toMatch(/^https:\/\//);
        if (m !== "live") continue;
        if (f.ruleId.startsWith("aws-")) expect(v.account).toBe("arn:aws:iam::123456789012:user/deploy");
        else if (f.ruleId === "twilio-auth-token") {
          expect(v.account).toMatch(/^AC[a-f0-9]{32} \(Acme\)$/);
          expect(v.scopes).toEqual(["account active", "Full"]);
        } else {
          const shape = shapeOf(f.ruleId)!;
          expect(v.account, f.ruleId).toBe(shape.account);
          expect(v.scopes, f.ruleId).toEqual(shape.scopes);
          // The secret the provider received is the one found, not a piece or another.
          expect(secrets, f.ruleId).toContain(f.match);
        }
      }
      expect(r.code).toBe(1);
    });
  }

  it("lists live keys first in the text report, with account and scopes", async () => {
    mode = "live";
    const r = await runCliAsync([".", "--verify"], { cwd: dir, env: provider.env });
    expect(r.stdout).toMatch(/verified: {4}live · octocat · repo, workflow/);
    expect(r.stdout).toMatch(/verified: \d+ live keys, 0 revoked, 0 unknown, 0 not verifiable\./);
  });
});
