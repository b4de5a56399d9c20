// Issue 25, item 7: a damaged cache broke every later run for up to 7 days.
// One flipped byte in a V8 code cache gave SIGSEGV, a V8 fatal error or a
// stack trace; flipped bits in `programs-*.bin` gave "could not be scanned"
// (exit 0) or, rarely, a finding silently missing. Every cache file now
// carries a SHA-256 of its content (cache-dir.ts); one that does not verify
// is discarded and rewritten. Here each cache file is damaged at random
// (bytes flipped, or cut short) and the scan must find exactly what it finds
// without a cache, with nothing on standard error.
import { randomInt } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { anthropicKey, awsAccessKeyId, githubToken, randomToken } from "../helpers/keys.js";
import { runFault, tempDir, type Report } from "./helpers.js";
import { stagedRepo } from "../helpers/fixrepo.js";

/** Provider rules and generic ones, so re2js, the token counter and several programs are cached. */
function repoWithKeys(): string {
  return stagedRepo({
    "app.js": [
      `const token = "${githubToken()}";`,
      `const dbPassword = "${randomToken(12)}x9Q";`,
      `const aws = "${awsAccessKeyId()}";`,
      `const claude = "${anthropicKey()}";`,
      `fetch("https://api.example.com", { headers: { "X-Api-Key": apiKey } });`,
      "",
    ].join("\n"),
  });
}

const ENV = { NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "" };

function scan(name: string, repo: string, env: NodeJS.ProcessEnv) {
  const r = runFault(name, ["--staged", "--format", "json"], { cwd: repo, env: { ...ENV, ...env } });
  expect(r.stderr, name).toBe("");
  expect(r.code, name).toBe(1);
  return (JSON.parse(r.stdout) as Report).findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`).sort();
}

/** `data` with 1 to 8 random bytes changed (each XORed with a non-zero value). */
function flipped(data: Buffer): Buffer {
  const out = Buffer.from(data);
  for (let n = randomInt(1, 9); n > 0; n--) {
    const i = randomInt(out.length);
    out[i] = out[i]! ^ randomInt(1, 256);
  }
  return out;
}

describe("a damaged start-up cache", () => {
  it("random byte flips and truncation in every cache file: every key is still found, nothing crashes", () => {
    const repo = repoWithKeys();
    const expected = scan("no cache", repo, { NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(expected).toHaveLength(4);
    const cache = tempDir("scan-keys-cache-");
    const dir = join(cache, "scan-keys");
    expect(scan("cache written", repo, { XDG_CACHE_HOME: cache })).toEqual(expected);
    const pristine = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
    expect([...pristine.keys()].sort()).toEqual([
      expect.stringMatching(/^main-.*-staged\.v8$/),
      expect.stringMatching(/^programs-.*\.bin$/),
      expect.stringMatching(/^re2-.*\.v8$/),
      expect.stringMatching(/^tokenizer-.*\.v8$/),
    ]);
    const restore = () => {
      for (const f of readdirSync(dir)) if (!pristine.has(f)) throw new Error(`unexpected cache file ${f}`);
      for (const [f, data] of pristine) writeFileSync(join(dir, f), data, { mode: 0o600 });
    };
    for (const [file, data] of pristine) {
      const damages: [string, Buffer][] = [
        ...Array.from({ length: 4 }, (_, i): [string, Buffer] => [`flip ${i + 1}`, flipped(data)]),
        ["cut short", data.subarray(0, randomInt(1, data.length))],
        ["empty", Buffer.alloc(0)],
      ];
      for (const [how, damaged] of damages) {
        restore();
        writeFileSync(join(dir, file), damaged);
        expect(scan(`${file}: ${how}`, repo, { XDG_CACHE_HOME: cache })).toEqual(expected);
        // The damaged file was discarded and written again: it is whole the next time.
        expect(existsSync(join(dir, file))).toBe(true);
      }
    }
    // And the cache still works afterwards.
    expect(scan("after", repo, { XDG_CACHE_HOME: cache })).toEqual(expected);
  }, 600_000);

  it("a relative XDG_CACHE_HOME is ignored (the XDG spec): nothing is written into the work tree", () => {
    const repo = repoWithKeys();
    const home = tempDir("scan-keys-home-");
    const expected = scan("relative XDG_CACHE_HOME", repo, { XDG_CACHE_HOME: "cache-here", HOME: home });
    expect(expected).toHaveLength(4);
    expect(existsSync(join(repo, "cache-here"))).toBe(false);
    expect(readdirSync(join(home, ".cache", "scan-keys")).some((f) => f.startsWith("programs-"))).toBe(true);
  });
});
