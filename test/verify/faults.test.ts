// What the network can do wrong: each gives `unknown` with a reason, the
// scan still ends, and no message holds the secret (SCAN_KEYS_DEBUG on).
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import type { ServerResponse } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with bench/bench-verify.mjs
import { makeCerts, startServer } from "../helpers/verify-tls.mjs";
import { findingsOf, runCliAsync, suiteDir, verifierRules } from "./run.js";
import { ALL_HOSTS, type Seen } from "./server.js";

const line = verifierRules().find((r) => r.id === "openai-project-key")!.line;
let dir: string;
let remove: () => void;
let certs: ReturnType<typeof makeCerts>;
const servers: { close: () => Promise<void> }[] = [];

beforeAll(() => {
  ({ dir, remove } = suiteDir());
  writeFileSync(join(dir, "app.env"), `${line}\n`);
  certs = makeCerts(ALL_HOSTS);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  certs.remove();
  remove();
});

async function serve(handle: (seen: Seen, res: ServerResponse) => void, c = certs): Promise<{ port: number; requests: Seen[] }> {
  const s = await startServer(c, handle);
  servers.push(s);
  return s;
}

async function verifyAgainst(port: number, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await runCliAsync([".", "--verify", "--verify-timeout", "4", "--format", "json", ...extra], {
    cwd: dir,
    env: { SCAN_KEYS_VERIFY_TEST_ADDRESS: `127.0.0.1:${port}`, NODE_EXTRA_CA_CERTS: certs.caPath, SCAN_KEYS_DEBUG: "1", ...env },
  });
  const secret = /(sk-proj-[A-Za-z0-9_-]+)/.exec(line)![1]!;
  expect(r.stdout + r.stderr).not.toContain(secret);
  expect(r.code).toBe(1);
  const [f] = findingsOf(r);
  return f!.verification!;
}

describe("network faults", () => {
  it("a server slower than the time-out", async () => {
    const s = await serve((_seen, res) => setTimeout(() => res.end("{}"), 3000));
    expect(await verifyAgainst(s.port, ["--verify-timeout", "0.5"])).toMatchObject({ verdict: "unknown", reason: "no answer within 0.5 s" });
  });

  it("a server that accepts and never answers (no TLS handshake)", async () => {
    const held: Socket[] = [];
    const silent: Server = createNetServer((sock) => void held.push(sock));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    servers.push({ close: () => new Promise((r) => { for (const s of held) s.destroy(); silent.close(() => r()); }) });
    const port = (silent.address() as { port: number }).port;
    expect(await verifyAgainst(port, ["--verify-timeout", "0.5"])).toMatchObject({ verdict: "unknown", reason: "no answer within 0.5 s" });
  });

  it("a 10 MB answer is not read", async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(Buffer.alloc(10 * 1024 * 1024, 0x20));
    });
    expect(await verifyAgainst(s.port)).toMatchObject({ verdict: "unknown", reason: "the answer was larger than 64 KB" });
  });

  it("a redirect to another host is not followed", async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(302, { Location: "https://elsewhere.example/collect" });
      res.end();
    });
    expect(await verifyAgainst(s.port)).toMatchObject({ verdict: "unknown", reason: "redirected (HTTP 302); redirects are not followed" });
    expect(s.requests.map((r) => r.host)).toEqual(["api.openai.com"]);
  });

  it("a certificate no trusted CA signed", async () => {
    const untrusted = makeCerts(ALL_HOSTS, { selfSigned: true });
    try {
      const s = await serve((_seen, res) => res.end("{}"), untrusted);
      const v = await verifyAgainst(s.port);
      expect(v.verdict).toBe("unknown");
      expect(v.reason).toMatch(/^the TLS certificate check failed \(/);
      expect(s.requests).toEqual([]);
    } finally {
      untrusted.remove();
    }
  });

  it("a trusted certificate for another host name", async () => {
    const other = makeCerts(["elsewhere.example"]);
    try {
      // The CLI trusts `other`'s CA, but the certificate does not name api.openai.com.
      const s = await serve((_seen, res) => res.end("{}"), other);
      const r = await runCliAsync([".", "--verify", "--format", "json"], { cwd: dir, env: { SCAN_KEYS_VERIFY_TEST_ADDRESS: `127.0.0.1:${s.port}`, NODE_EXTRA_CA_CERTS: other.caPath } });
      const v = findingsOf(r)[0]!.verification!;
      expect(v).toMatchObject({ verdict: "unknown", reason: "the TLS certificate check failed (ERR_TLS_CERT_ALTNAME_INVALID)" });
      expect(s.requests).toEqual([]);
    } finally {
      other.remove();
    }
  });

  it("a connection reset mid-request", async () => {
    const s = await serve((_seen, res) => res.socket?.destroy());
    expect(await verifyAgainst(s.port)).toMatchObject({ verdict: "unknown", reason: "the connection was reset" });
  });

  it("a refused connection", async () => {
    const s = createNetServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    expect(await verifyAgainst(port)).toMatchObject({ verdict: "unknown", reason: "the connection was refused" });
  });

  it("429 with Retry-After", async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(429, { "Retry-After": "120", "Content-Type": "application/json" });
      res.end('{"error":{"message":"Rate limit reached"}}');
    });
    expect(await verifyAgainst(s.port)).toMatchObject({ verdict: "unknown", reason: "rate limited (the provider asks to retry after 120 s)" });
  });

  it("an answer the verifier does not know", async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(418);
      res.end();
    });
    expect(await verifyAgainst(s.port)).toMatchObject({ verdict: "unknown", reason: "unexpected answer (HTTP 418)" });
  });

  it("the test address must be loopback", async () => {
    const r = await runCliAsync([".", "--verify"], { cwd: dir, env: { SCAN_KEYS_VERIFY_TEST_ADDRESS: "203.0.113.7:443" } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("scan-keys: SCAN_KEYS_VERIFY_TEST_ADDRESS must be 127.0.0.1:PORT (it is for tests only)");
  });
});
