// The generic judge (src/engine/generic.ts) on plain strings, with the real
// BPE tokenizer and the shipped model (models/generic-judge.json): the gates
// drop look-alikes whatever the model says, the model ranks the rest, and a
// weak value is never above low.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { charClasses, gate, isCommonWord, isWeak, judgeGeneric, judgeScore } from "../src/engine/generic.js";
import { FEATURES, featuresOf } from "../src/engine/judge-features.js";
import { loadModel, ModelError, scoreOf } from "../src/engine/judge-model.js";
import { countTokens } from "../src/startup/tokenizer.js";
import { randomToken } from "./helpers/keys.js";

type Kind = "password" | "secret" | "url";
const judge = (kind: Kind, secret: string, name?: string, extra: { host?: string; path?: string; line?: string; ruleId?: string } = {}) =>
  judgeGeneric(kind, { secret, ...(name ? { name } : {}), ...extra }, countTokens);
const HEX = "0123456789abcdef";
const shipped = JSON.parse(readFileSync(join(import.meta.dirname, "../models/generic-judge.json"), "utf8")) as Record<string, unknown>;

describe("gates (no model decides these)", () => {
  it("knows common passwords, also in leetspeak, with digits appended, or two run together", () => {
    for (const w of ["password", "P@ssw0rd1", "admin123", "Admin_123", "changeme!", "s3cr3t", "adminpass", "rootpassword", "hunter22", "Secret123!"]) {
      expect(isCommonWord(w), w).toBe(true);
    }
    for (const w of ["Tr0ub4dor&3", "k8Jx2pQr9", "db-57xsl", "slurmCl4ssic", "921507"]) expect(isCommonWord(w), w).toBe(false);
  });

  it("drops common words, hashes, unsigned JWTs, references, regexes, versions, numbers under numeric names, self-named values", () => {
    const drop: [Kind, string, string?][] = [
      ["password", "Pass@word1", "DB_PASSWORD"],
      ["secret", "admin123", "api_key"],
      ["password", "$2a$10$8Zo/1e8KM8QzqOKqbDlYlONBOzukWXrM.IiyzqHRYDXqwB3gzDsba", "password"],
      ["secret", randomToken(64, HEX), "GRAYLOG_SHA256_PASSWORD"],
      ["secret", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0In0.", "token"],
      ["password", "$DB_PASSWORD_2", "password"],
      ["url", "%s"],
      ["url", "([A-Za-z0-9_-]{20,40})"],
      ["secret", "13.0.7", "secretlint"],
      ["secret", "4096", "max_tokens"],
      ["secret", "128e3", "maxTokens"],
      ["secret", "oauth2ClientSecret", "OAUTH2_CLIENT_SECRET"],
      ["secret", "PKCS7PrivateKeyTypes", "private_key"],
      ["password", "!vault", "password"],
      ["secret", "Superchupu", "author"],
      ["secret", "ANTHROPIC_API_KEY", "api_key"],
      ["secret", "nextPageToken", "token"],
      ["secret", randomToken(32, HEX), "primaryKey"],
    ];
    for (const [kind, secret, name] of drop) {
      expect(gate(kind, { secret, ...(name ? { name } : {}) }), `${name}=${secret}`).toBeUndefined();
      expect(judge(kind, secret, name), `${name}=${secret}`).toBeUndefined();
    }
  });

  it("drops camelCase and CONSTANT identifiers unquoted in code, not in quotes or in config", () => {
    const v = ["map", "Tk2q"].join(""); // joined at run time: this file's own scan stays clean
    const line = `  token: ${v},`;
    const at = { path: "lib/bundle.js", line, column: line.indexOf(v) };
    expect(gate("secret", { secret: v, name: "token", ...at })).toBeUndefined();
    const quoted = `  token: '${v}',`;
    expect(gate("secret", { secret: v, name: "token", path: "lib/bundle.js", line: quoted, column: quoted.indexOf(v) })).toBe(v);
    expect(gate("secret", { secret: v, name: "token", path: "config.yml", line, column: at.column })).toBe(v);
  });

  it("drops MinIO's published playground keys by exact value", () => {
    expect(judge("secret", ["zuf+tfteSlswRu7BJ86wek", "itnifILbZam1KYY3TG"].join(""), "secret_key")).toBeUndefined();
  });
});

describe("the model", () => {
  it("fills one value per feature, and the shipped model names the same features", () => {
    const v = ["k8Jx", "2pQr9"].join("");
    expect(featuresOf({ kind: "password", secret: v, name: "password", path: "a/b.yml", line: `password: ${v}`, column: 10 }, countTokens)).toHaveLength(FEATURES.length);
    expect(shipped.features).toEqual([...FEATURES]);
    const model = loadModel(shipped);
    const score = scoreOf(model, featuresOf({ kind: "secret", secret: randomToken(32), name: "api_token" }, countTokens));
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(1);
  });

  it("refuses a model whose features differ from this build's, in one sentence", () => {
    expect(() => loadModel({ ...shipped, features: (shipped.features as string[]).slice(1) })).toThrow(ModelError);
    expect(() => loadModel({ ...shipped, kind: "forest" })).toThrow(/logistic-regression/);
    expect(() => loadModel({ ...shipped, weights: (shipped.weights as number[]).map(() => "x") })).toThrow(/not a number/);
  });

  it("reports random secrets under secret names, medium when strong", () => {
    expect(judge("secret", randomToken(40), "api_token", { path: "src/config.py", ruleId: "generic-secret-assignment" })).toBe("medium");
    expect(judge("password", ["Kx82", "mQv7Lp"].join(""), "password", { path: "config.yml", ruleId: "generic-password-assignment" })).toBe("medium");
  });

  it("scores a random value above a word under the same name", () => {
    const at = { path: "src/settings.py", ruleId: "generic-secret-assignment" };
    const random = judgeScore("secret", { secret: randomToken(32), name: "api_token", ...at }, countTokens)!;
    const wordy = judgeScore("secret", { secret: "v1-service-account-projection", name: "api_token", ...at }, countTokens)!;
    expect(random).toBeGreaterThan(wordy);
  });
});

describe("weak values", () => {
  it("are short or of one character class", () => {
    expect(charClasses("abc")).toBe(1);
    expect(charClasses("aB3!")).toBe(4);
    for (const w of ["qwkzjxvb", "4821", "pprr", "Kx8mQ"]) expect(isWeak(w), w).toBe(true);
    expect(gate("password", { secret: "abc", name: "password" })).toBeUndefined(); // under 4 characters
    for (const w of ["Kx82mQv7Lp", randomToken(16, HEX), "QKBPYMCUSQCMIZKQRSBURX"]) expect(isWeak(w), w).toBe(false);
  });

  it("are reported, never above low", () => {
    // Values joined at run time: written whole after a "password" name, they would be findings of this repository's own scan.
    const pw = (...parts: string[]) => parts.join("");
    for (const w of [pw("qwkz", "jxvb"), pw("48", "21"), pw("yqzi", "hxuo")]) {
      expect(judge("password", w, "password", { path: "test/config.yml", ruleId: "generic-password-assignment" }), w).toBe("low");
    }
  });
});

describe("characters per token", () => {
  it("counts the same with the bundle's counter (dist/tokenizer.js: src/startup/bpe.ts over the packed table) as with gpt-tokenizer", () => {
    const bundled = createRequire(import.meta.url)("../dist/tokenizer.js") as { countTokens: (s: string) => number };
    const samples = ["", "password", "k8Jx2pQr9", "V1ServiceAccountTokenProjection", "naïve café 日本語 🙂", "\u0000\u0001\t\r\n", "\uE000\uF8FF", "ÿþý\u0080\u00ff"];
    // Lone surrogates, combining marks, scripts BPE splits into single bytes, whitespace runs, long words.
    samples.push("\uD800", "a\uDC00b", "x\uD83D", "e\u0301\u0301", "ﷺ𝕏𐍈", "Ωμέγα Привет مرحبا", "  \t  \n\n x", "supercalifragilistic".repeat(5));
    const unicode = "aZ09_-+/=.!@#$%^&*~éßøЖжΩ中文한국🙂\u200d";
    for (let i = 0; i < 300; i++) samples.push(randomToken(8 + (i % 60), i % 3 === 0 ? "0123456789abcdef" : i % 3 === 1 ? unicode : undefined));
    for (const s of samples) expect(bundled.countTokens(s), JSON.stringify(s)).toBe(countTokens(s));
  });

  it("separates words from random values: the feature the model reads", () => {
    const cpt = (s: string) => s.length / countTokens(s);
    for (const w of ["mySecretPassword123", "HelloWorld2024", "V1ServiceAccountTokenProjection"]) expect(cpt(w), w).toBeGreaterThan(3);
    for (const w of ["k8Jx2pQr9", "Qm7vRt2xLp", "w9Gh3kLz"]) expect(cpt(w), w).toBeLessThanOrEqual(2);
  });
});

describe("self-named passwords", () => {
  it("reports a password that spells its own name (IRC_PASS=irc_pass) at low, and drops a secret that does", () => {
    const v = ["irc", "_pass"].join("");
    expect(judge("password", v, "IRC_PASS", { path: "config", ruleId: "generic-password-assignment-unquoted" })).toBe("low");
    expect(judge("secret", ["oauth2", "ClientSecret"].join(""), "OAUTH2_CLIENT_SECRET")).toBeUndefined();
  });
});
