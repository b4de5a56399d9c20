// Secrets inside base64 and percent-encoding, and files that must never be committed.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileBuiltinRules, createScanner } from "../src/commands/ruleset.js";
import { githubToken } from "./helpers/keys.js";

const scanner = createScanner(compileBuiltinRules());
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("encoded secrets", () => {
  it("finds a key in a Kubernetes Secret's base64 data, at the encoded text's place", () => {
    const key = githubToken();
    const text = ["apiVersion: v1", "kind: Secret", "data:", `  GITHUB_TOKEN: ${b64(key)}`, ""].join("\n");
    const [f] = scanner.scan({ path: "k8s/secret.yaml", text, source: "tree" });
    expect(f).toMatchObject({ ruleId: expect.stringMatching(/github/), encoding: "base64", secret: key, line: 4, column: 17 });
    expect(f!.endColumn).toBe(17 + b64(key).length);
    // The shown line carries the decoded secret (which reports mask), not the base64 form.
    expect(f!.lineText).not.toContain(b64(key));
  });

  it("finds a key in a base64 blob inside JSON, and two layers deep", () => {
    const key = githubToken();
    const inner = JSON.stringify({ auths: { "ghcr.io": { auth: b64(`octo:${key}`) } } });
    const text = JSON.stringify({ ".dockerconfigjson": b64(inner) });
    const found = scanner.scan({ path: "pull-secret.json", text, source: "tree" });
    expect(found.map((f) => [f.secret, f.encoding])).toEqual([[key, "base64"]]);
  });

  it("finds a percent-encoded key in a URL", () => {
    const key = githubToken();
    const text = `curl "https://api.example.org/x?cb=${encodeURIComponent(`token=${key}&x=1`)}"`;
    const [f] = scanner.scan({ path: "run.sh", text, source: "tree" });
    expect(f).toMatchObject({ secret: key, encoding: "percent" });
  });

  it("ignores base64 that decodes to binary, like lock-file integrity hashes", () => {
    const lines = Array.from({ length: 50 }, () => `"integrity": "sha512-${randomBytes(64).toString("base64")}",`);
    expect(scanner.scan({ path: "package-lock.json", text: lines.join("\n"), source: "tree" })).toEqual([]);
  });
});

describe("sensitive files", () => {
  it("reports a committed .env once, whatever it holds", () => {
    const found = scanner.scan({ path: "api/.env", text: "NODE_ENV=development\nPORT=3000\n", source: "staged", lineNumbers: [1, 2] });
    expect(found.map((f) => f.ruleId)).toEqual(["sensitive-dotenv-file"]);
    expect(found[0]!.revoke).toMatch(/\.gitignore/);
  });

  it("does not report .env.example", () => {
    expect(scanner.scan({ path: ".env.example", text: "PORT=3000\n", source: "tree" })).toEqual([]);
  });

  it("reports a binary keystore by its path", () => {
    const found = scanner.scan({ path: "android/app/release.jks", text: "", source: "tree", binary: true });
    expect(found.map((f) => f.ruleId)).toEqual(["sensitive-private-key-file"]);
  });
});
