// The bounds: at most 8 requests in flight and 4 per host, and a budget for
// the whole phase after which every key not yet answered is `unknown`.
import { createServer, type Socket } from "node:net";
import type { ServerResponse } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/types.js";
import { verifyFindings } from "../../src/verify/run.js";
import { githubToken, openaiProjectKey, randomToken } from "../helpers/keys.js";
import { tempDir } from "../helpers/cli.js";
// @ts-expect-error plain ESM helper shared with bench/bench-verify.mjs
import { makeCerts, startServer } from "../helpers/verify-tls.mjs";
import { findingsOf, runCliAsync } from "./run.js";
import type { Seen } from "./server.js";

describe("limits", () => {
  it("never more than 4 requests in flight to one host, nor 8 in all", async () => {
    const certs = makeCerts(["api.github.com", "api.openai.com", "slack.com"]);
    let inFlight = 0;
    let most = 0;
    const perHost = new Map<string, number>();
    let mostPerHost = 0;
    const server = await startServer(certs, (seen: Seen, res: ServerResponse) => {
      inFlight++;
      perHost.set(seen.host, (perHost.get(seen.host) ?? 0) + 1);
      most = Math.max(most, inFlight);
      mostPerHost = Math.max(mostPerHost, perHost.get(seen.host)!);
      setTimeout(() => {
        inFlight--;
        perHost.set(seen.host, perHost.get(seen.host)! - 1);
        res.writeHead(401);
        res.end("{}");
      }, 150);
    });
    try {
      const dir = tempDir();
      const slack = () => ["xox", "b-", randomToken(11, "0123456789"), "-", randomToken(13, "0123456789"), "-", randomToken(24)].join("");
      const lines = [...Array(12)].flatMap(() => [`GITHUB_TOKEN=${githubToken()}`, `OPENAI_API_KEY=${openaiProjectKey()}`, `SLACK_BOT_TOKEN=${slack()}`]);
      writeFileSync(join(dir, "keys.env"), `${lines.join("\n")}\n`);
      const r = await runCliAsync([".", "--verify", "--format", "json"], { cwd: dir, env: { SCAN_KEYS_VERIFY_TEST_ADDRESS: `127.0.0.1:${server.port}`, NODE_EXTRA_CA_CERTS: certs.caPath } });
      const verdicts = findingsOf(r).map((f) => f.verification!.verdict);
      expect(verdicts.filter((v) => v === "revoked").length).toBe(36);
      expect(server.requests.length).toBe(36);
      expect(mostPerHost).toBeLessThanOrEqual(4);
      expect(most).toBeLessThanOrEqual(8);
      expect(most).toBeGreaterThan(1); // they do run concurrently
    } finally {
      await server.close();
      certs.remove();
    }
  });

  it("keys not answered within the phase's budget are unknown, and the phase ends", async () => {
    const held: Socket[] = [];
    const silent = createServer((s) => void held.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    const findings = [...Array(20)].map((_, i) => ({ ruleId: "r", secret: `secret-${i}`, path: "a", line: i }) as unknown as Finding);
    const spec = { url: "https://api.example.com/v1/me", headers: { Authorization: "Bearer {secret}" }, docs: "https://example.com/docs" };
    try {
      await verifyFindings(findings, new Map([["r", spec]]), { timeoutMs: 60_000, budgetMs: 300, env: { SCAN_KEYS_VERIFY_TEST_ADDRESS: `127.0.0.1:${port}` } });
      expect(new Set(findings.map((f) => JSON.stringify(f.verification)))).toEqual(new Set([JSON.stringify({ verdict: "unknown", reason: "the verification time budget ran out", docs: "https://example.com/docs" })]));
      // 4 connections at most reached the one host before the budget ran out.
      expect(held.length).toBeLessThanOrEqual(4);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
