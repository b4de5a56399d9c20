// The promises --verify keeps: without it nothing opens a socket on any
// source; a config from the scanned change never decides where a key goes;
// proxies are honoured; --results filters and sets the exit code.
import { createServer as createHttpServer, type Server } from "node:http";
import { connect } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, tempDir, write } from "../helpers/gitrepo.js";
import { findingsOf, runCliAsync, verifierRules } from "./run.js";
import { startProvider, type Mode, type Provider } from "./server.js";

const openaiLine = verifierRules().find((r) => r.id === "openai-project-key")!.line;
const githubLine = verifierRules().find((r) => r.id === "github-personal-access-token")!.line;
let provider: Provider;
let mode: Mode = "live";
beforeAll(async () => {
  provider = await startProvider(() => mode);
});
afterAll(async () => provider?.close());

/** A preload that records every TCP connect attempt (and refuses it) and, at exit, which network modules were loaded. */
function socketGuard(): { node: string[]; read: () => { connects: string[]; loaded: string[] } } {
  const dir = tempDir("scan-keys-guard-");
  const log = join(dir, "log");
  writeFileSync(log, "");
  const preload = join(dir, "guard.cjs");
  writeFileSync(
    preload,
    `const net = require("node:net"); const fs = require("node:fs");
net.Socket.prototype.connect = function (o) { fs.appendFileSync(${JSON.stringify(log)}, "connect " + JSON.stringify(o && (o.port || o.path || o)) + "\\n"); throw new Error("a socket was opened"); };
process.on("exit", () => { const m = process.moduleLoadList.filter((x) => /^NativeModule (https?|tls|_tls_wrap|_http_client|http2|dns)$/.test(x)); fs.appendFileSync(${JSON.stringify(log)}, "loaded " + m.join(",") + "\\n"); });
`,
  );
  return {
    node: ["--require", preload],
    read() {
      const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
      return { connects: lines.filter((l) => l.startsWith("connect")), loaded: lines.filter((l) => l.startsWith("loaded ")).flatMap((l) => l.slice(7).split(",").filter(Boolean)) };
    },
  };
}

function repoWithKey(): string {
  const repo = initRepo();
  commitFiles(repo, { "README.md": "hello\n" }, "first");
  commitFiles(repo, { "app.env": `${openaiLine}\n` }, "add key");
  return repo;
}

describe("without --verify nothing opens a socket", () => {
  const sources: [string, string[], (repo: string) => string | undefined][] = [
    ["tree", ["."], () => undefined],
    ["--staged", ["--staged"], (repo) => (write(repo, "more.env", `${githubLine}\n`), git(repo, "add", "more.env"), undefined)],
    ["--history", ["--history"], () => undefined],
    ["--range", ["--history", "--range", "HEAD~1..HEAD"], () => undefined],
    ["--pre-push", ["--pre-push"], (repo) => `refs/heads/main ${git(repo, "rev-parse", "HEAD").trim()} refs/heads/main ${"0".repeat(40)}\n`],
  ];
  for (const [name, args, prepare] of sources) {
    it(name, async () => {
      const repo = repoWithKey();
      const input = prepare(repo);
      const guard = socketGuard();
      // The provider's address is in the environment: only --verify may use it.
      const r = await runCliAsync([...args, "--format", "json"], { cwd: repo, node: guard.node, env: provider.env, ...(input ? { input } : {}) });
      expect(r.code, r.stderr).toBe(1);
      expect(findingsOf(r).every((f) => f.verification === undefined)).toBe(true);
      expect(guard.read()).toEqual({ connects: [], loaded: [] });
    });
  }

  it("with --verify the same scan loads https and asks the provider (the guard works)", async () => {
    const repo = repoWithKey();
    const guard = socketGuard();
    const before = provider.log.length;
    const r = await runCliAsync(["--history", "--verify", "--format", "json"], { cwd: repo, node: guard.node, env: provider.env });
    const seen = guard.read();
    expect(seen.loaded).toContain("NativeModule https");
    expect(seen.connects.length).toBeGreaterThan(0);
    expect(provider.log.length).toBe(before); // the guard refused the connection
    expect(findingsOf(r)[0]!.verification).toMatchObject({ verdict: "unknown" });
  });

  it("no config key or environment variable turns verification on", async () => {
    const repo = repoWithKey();
    writeFileSync(join(repo, ".scan-keys.toml"), "verify = true\n");
    const r = await runCliAsync(["."], { cwd: repo, env: { ...provider.env, SCAN_KEYS_VERIFY: "1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/verify/);
    const before = provider.log.length;
    writeFileSync(join(repo, ".scan-keys.toml"), "");
    const clean = await runCliAsync([".", "--format", "json"], { cwd: repo, env: { ...provider.env, SCAN_KEYS_VERIFY: "1" } });
    expect(findingsOf(clean)[0]!.verification).toBeUndefined();
    expect(provider.log.length).toBe(before);
  });

  it("options that go with --verify do not turn it on", async () => {
    const repo = repoWithKey();
    for (const opt of [["--only-verified"], ["--results", "live"], ["--verify-timeout", "3"], ["--verify-config-rules"]]) {
      const r = await runCliAsync([".", ...opt], { cwd: repo, env: provider.env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`scan-keys: ${opt[0]} goes with --verify, which nothing else turns on; add --verify to ask the providers.`);
    }
  });
});

const ACME = (key: string) => `ACME_KEY=${key}\n`;
const acmeKey = () => `acme_${[...Array(32)].map(() => "abcdef0123456789"[Math.floor(Math.random() * 16)]).join("")}`;
const acmeConfig = (url: string) => `[[rules]]
id = "acme-key"
provider = "Acme"
description = "Acme API key"
regex = '(acme_[a-f0-9]{32})'
keywords = ["acme_"]
revoke = "https://acme.example/keys"
examples.match = ["${acmeKey()}"]
examples.nomatch = ["acme_"]
verify.url = "${url}"
verify.headers = { Authorization = "Bearer {secret}" }
verify.docs = "https://acme.example/docs"
`;

describe("a config from the scanned change never decides where a key goes", () => {
  it("a pull request's config rule with a verifier receives nothing in a CI-like --history scan", async () => {
    const repo = initRepo();
    commitFiles(repo, { "README.md": "hello\n" }, "base");
    const key = acmeKey();
    // The pull request adds a rule whose verifier sends its keys to a host the test server answers for.
    commitFiles(repo, { ".scan-keys.toml": acmeConfig("https://api.openai.com/v1/models"), "app.env": ACME(key) }, "pr");
    const before = provider.log.length;
    const r = await runCliAsync(["--history", "--range", "HEAD~1..HEAD", "--verify", "--verify-config-rules", "--format", "json"], { cwd: repo, env: { ...provider.env, CI: "true" } });
    const f = findingsOf(r).find((x) => x.ruleId === "acme-key")!;
    expect(f.verification).toMatchObject({ verdict: "not-verifiable", reason: "no verifier for this rule" });
    expect(provider.log.length).toBe(before);
    expect(r.stdout).toContain("--verify-config-rules was ignored");
  });

  it("the same rule verifies when the user names the config with --config", async () => {
    const repo = initRepo();
    const key = acmeKey();
    write(repo, "reviewed.toml", acmeConfig("https://api.openai.com/v1/models"));
    commitFiles(repo, { "app.env": ACME(key) }, "key");
    const before = provider.log.length;
    const r = await runCliAsync(["--history", "--verify", "--verify-config-rules", "--config", "reviewed.toml", "--format", "json"], { cwd: repo, env: provider.env });
    expect(findingsOf(r).find((x) => x.ruleId === "acme-key")!.verification).toMatchObject({ verdict: "live" });
    // The key, and the config's own example key (the config file is committed too), each once.
    const sent = provider.log.slice(before).map((c) => c.secret);
    expect(sent).toContain(key);
    expect(sent.every((s) => s?.startsWith("acme_"))).toBe(true);
    expect(new Set(sent).size).toBe(sent.length);
  });

  it("even a named config cannot send a key to a host no built-in verifier names", async () => {
    const repo = initRepo();
    write(repo, "reviewed.toml", acmeConfig("https://collector.example/keys"));
    commitFiles(repo, { "app.env": ACME(acmeKey()) }, "key");
    const r = await runCliAsync(["--history", "--verify", "--verify-config-rules", "--config", "reviewed.toml"], { cwd: repo, env: provider.env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/rule "acme-key": "verify" sends to collector\.example, which no built-in verifier names; a key is only ever sent to its provider's own host\.$/);
  });
});

describe("proxies", () => {
  let proxy: Server;
  let port = 0;
  const targets: string[] = [];
  const tunnels: { destroy: () => void }[] = [];
  beforeAll(async () => {
    // A CONNECT proxy that sends every tunnel to the local provider.
    proxy = createHttpServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (req, client, head) => {
      targets.push(req.url ?? "");
      tunnels.push(client);
      const upstream = connect(provider.port, "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      tunnels.push(upstream);
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    port = (proxy.address() as { port: number }).port;
  });
  afterAll(async () => {
    // Tunnels leave the HTTP server's hands once CONNECT is answered: close them here.
    for (const t of tunnels) t.destroy();
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
  });

  it("HTTPS_PROXY tunnels to the provider's host; the proxy sees the host, not the key", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "app.env"), `${openaiLine}\n`);
    targets.length = 0;
    const r = await runCliAsync([".", "--verify", "--format", "json"], { cwd: dir, env: { NODE_EXTRA_CA_CERTS: provider.caPath, HTTPS_PROXY: `http://127.0.0.1:${port}` } });
    expect(findingsOf(r)[0]!.verification).toMatchObject({ verdict: "live" });
    expect(targets).toEqual(["api.openai.com:443"]);
  });

  it("NO_PROXY names hosts reached directly", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "app.env"), `${openaiLine}\n`);
    targets.length = 0;
    const r = await runCliAsync([".", "--verify", "--format", "json"], { cwd: dir, env: { ...provider.env, HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: "localhost,.openai.com" } });
    expect(findingsOf(r)[0]!.verification).toMatchObject({ verdict: "live" });
    expect(targets).toEqual([]);
  });
});

describe("--results and --only-verified", () => {
  it("report, and fail, only for the verdicts asked for", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "app.env"), `${openaiLine}\n${githubLine}\nPASSWORD=${["Zq8vLm2p", "Xw4tRn7k"].join("")}\n`);
    mode = "revoked";
    const revoked = await runCliAsync([".", "--verify", "--only-verified", "--format", "json"], { cwd: dir, env: provider.env });
    expect(revoked.code).toBe(0);
    expect(findingsOf(revoked)).toEqual([]);
    mode = "live";
    const live = await runCliAsync([".", "--verify", "--only-verified", "--format", "json"], { cwd: dir, env: provider.env });
    expect(live.code).toBe(1);
    expect(findingsOf(live).map((f) => f.verification!.verdict)).toEqual(["live", "live"]);
    const others = await runCliAsync([".", "--verify", "--results", "not-verifiable,unknown", "--format", "json"], { cwd: dir, env: provider.env });
    expect(findingsOf(others).map((f) => f.verification!.verdict)).toEqual(["not-verifiable"]);
    const bad = await runCliAsync([".", "--verify", "--results", "verified"], { cwd: dir, env: provider.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("scan-keys: unknown verdict \"verified\" in --results; choose from live, unknown, not-verifiable, revoked.");
  });
});
