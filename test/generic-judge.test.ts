// The generic judge (src/engine/generic.ts) on plain strings, with the real
// BPE tokenizer: each signal can drop a value or change its severity.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { charClasses, isCommonWord, isStrongName, judgeGeneric, THRESHOLDS } from "../src/engine/generic.js";
import { countTokens } from "../src/startup/tokenizer.js";
import { randomToken } from "./helpers/keys.js";

const judge = (kind: "password" | "secret" | "url", secret: string, name?: string, host?: string) =>
  judgeGeneric(kind, { secret, ...(name ? { name } : {}), ...(host ? { host } : {}) }, countTokens);
const HEX = "0123456789abcdef";

describe("dictionary and placeholder signal", () => {
  it("knows common passwords, also in leetspeak, with digits appended, or two run together", () => {
    for (const w of ["password", "P@ssw0rd1", "admin123", "Admin_123", "changeme!", "s3cr3t", "adminpass", "rootpassword", "hunter22", "Secret123!"]) {
      expect(isCommonWord(w), w).toBe(true);
    }
    for (const w of ["Tr0ub4dor&3", "k8Jx2pQr9", "db-57xsl", "slurmCl4ssic"]) expect(isCommonWord(w), w).toBe(false);
  });

  it("drops them whatever the name", () => {
    for (const w of ["password", "changeme", "Pass@word1", "admin123", "postgres", "guest"]) {
      expect(judge("password", w, "DB_PASSWORD"), w).toBeUndefined();
      expect(judge("secret", w, "api_key"), w).toBeUndefined();
    }
  });
});

describe("characters per token", () => {
  it("drops words and identifiers, keeps random values", () => {
    for (const w of ["mySecretPassword123", "HelloWorld2024", "V1ServiceAccountTokenProjection", "correcthorsebattery9"]) {
      expect(w.length / countTokens(w), w).toBeGreaterThan(THRESHOLDS.wordyCpt);
      expect(judge("password", w, "password"), w).toBeUndefined();
    }
    for (const w of ["k8Jx2pQr9", "Qm7vRt2xLp", "Tr0ub4dor&3", "w9Gh3kLz"]) {
      expect(w.length / countTokens(w), w).toBeLessThanOrEqual(THRESHOLDS.randomCpt);
      expect(judge("password", w, "password"), w).toBe("medium");
    }
  });

  it("counts the same with the bundle's counter (dist/tokenizer.js: src/startup/bpe.ts over the packed table) as with gpt-tokenizer", () => {
    const bundled = createRequire(import.meta.url)("../dist/tokenizer.js") as { countTokens: (s: string) => number };
    const samples = ["", "password", "k8Jx2pQr9", "V1ServiceAccountTokenProjection", "naïve café 日本語 🙂", "\u0000\u0001\t\r\n", "\uE000\uF8FF", "ÿþý\u0080\u00ff"];
    // Lone surrogates, combining marks, scripts BPE splits into single bytes, whitespace runs, long words.
    samples.push("\uD800", "a\uDC00b", "x\uD83D", "e\u0301\u0301", "ﷺ𝕏𐍈", "Ωμέγα Привет مرحبا", "  \t  \n\n x", "supercalifragilistic".repeat(5));
    const unicode = "aZ09_-+/=.!@#$%^&*~éßøЖжΩ中文한국🙂\u200d";
    for (let i = 0; i < 300; i++) samples.push(randomToken(8 + (i % 60), i % 3 === 0 ? "0123456789abcdef" : i % 3 === 1 ? unicode : undefined));
    for (const s of samples) expect(bundled.countTokens(s), JSON.stringify(s)).toBe(countTokens(s));
  });

  it("leaves the signal out when no tokenizer is given", () => {
    expect(judge("password", "BlueRiverStone77", "password")).toBeUndefined();
    expect(judgeGeneric("password", { secret: "BlueRiverStone77", name: "password" })).toBe("medium");
  });
});

describe("character classes and entropy", () => {
  it("counts lower, upper, digit and symbol", () => {
    expect(charClasses("abc")).toBe(1);
    expect(charClasses("aB3!")).toBe(4);
  });

  it("needs two classes for passwords and three for short ones", () => {
    // Values joined at run time: written whole after a "password" argument, they would be findings of this repository's own scan.
    const pw = (...parts: string[]) => parts.join("");
    expect(judge("password", pw("qwkzjx", "vbnmtr"), "password")).toBeUndefined(); // one class
    expect(judge("password", pw("x7kq", "2mzv"), "password")).toBe("low"); // 8 characters, two classes
    expect(judge("password", pw("x7K!", "2mzv"), "password")).toBe("medium");
  });

  it("makes a long random secret medium and a short one low", () => {
    expect(judge("secret", randomToken(32), "api_token")).toBe("medium");
    expect(judge("secret", randomToken(12), "api_token")).toBe("low");
    expect(judge("secret", randomToken(64, HEX), "client_secret")).toBe("medium");
  });
});

describe("name strength", () => {
  it("tells strong names from weak ones", () => {
    for (const n of ["password", "DB_PASSWORD", "client_secret", "apiKey", "ACCESS_TOKEN", "consumerKey"]) expect(isStrongName(n), n).toBe(true);
    for (const n of ["KEY", "auth", "token", "credentials"]) expect(isStrongName(n), n).toBe(false);
  });

  it("lowers a weak name's verdict one step and drops slot names", () => {
    expect(judge("secret", randomToken(32, HEX), "KEY")).toBe("low");
    expect(judge("secret", randomToken(12), "token")).toBeUndefined();
    expect(judge("secret", randomToken(32, HEX), "primaryKey")).toBeUndefined();
    expect(judge("secret", randomToken(32, HEX), "public_key")).toBeUndefined();
  });

  it("judges a password name's value as a password", () => {
    expect(judge("secret", "x7K!2mzv", "dbPassword")).toBe("medium");
  });
});

describe("hashes, references, published values, URLs", () => {
  it("drops crypt hashes, hash-named values, unsigned JWTs, references and regexes", () => {
    expect(judge("password", "$2a$10$8Zo/1e8KM8QzqOKqbDlYlONBOzukWXrM.IiyzqHRYDXqwB3gzDsba", "password")).toBeUndefined();
    expect(judge("secret", randomToken(64, HEX), "GRAYLOG_SHA256_PASSWORD")).toBeUndefined();
    expect(judge("secret", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0In0.", "token")).toBeUndefined();
    expect(judge("password", "$DB_PASSWORD_2", "password")).toBeUndefined();
    expect(judge("url", "%s", undefined, "db.acme.io")).toBeUndefined();
    expect(judge("url", "([A-Za-z0-9_-]{20,40})", undefined, "db.acme.io")).toBeUndefined();
  });

  it("drops MinIO's published playground keys by exact value", () => {
    expect(judge("secret", ["zuf+tfteSlswRu7BJ86wek", "itnifILbZam1KYY3TG"].join(""), "secret_key")).toBeUndefined();
  });

  it("keeps short URL passwords at documentation hosts silent, and decodes percent escapes", () => {
    expect(judge("url", "s3cr3tXy9", undefined, "localhost:4222")).toBeUndefined();
    expect(judge("url", "s3cr3tXy9", undefined, "api.example.com")).toBeUndefined();
    expect(judge("url", "Kx82mQv7Lp", undefined, "nats.internal:4222")).toBe("medium");
    expect(judge("url", "%2F%40", undefined, "db.acme.io")).toBeUndefined();
  });
});
