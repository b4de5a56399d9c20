// The caches that make start-up fast (src/startup/loader.ts: V8 code cache on Node
// 20; commands/program-cache.ts: compiled RE2 programs) change nothing a
// scan reports, and a missing, broken, foreign or unwritable cache is never
// a failure.
import { createHash } from "node:crypto";
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { Serializer } from "node:v8";
import { re2js } from "../src/engine/re2js.js";
import { snapshotRe2 } from "../src/engine/re2-snapshot.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubToken, randomToken } from "./helpers/keys.js";
import { stagedRepo } from "./helpers/fixrepo.js";
import { runCli, tempDir } from "./helpers/cli.js";

/** A staged change that wakes a provider rule and several generic ones (their programs go to the cache). */
function repoWithKeys(): string {
  return stagedRepo({
    "app.js": [
      `const token = "${githubToken()}";`,
      `const dbPassword = "${randomToken(12)}x9Q";`,
      `fetch("https://api.example.com", { headers: { "X-Api-Key": apiKey } });`,
      "",
    ].join("\n"),
  });
}

function scan(repo: string, cache: string, env: NodeJS.ProcessEnv = {}) {
  const r = runCli(["--staged", "--format", "json"], { cwd: repo, env: { XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", ...env } });
  expect(r.stderr).toBe("");
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; column: number }[] }).findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`).sort() };
}

describe("start-up caches", () => {
  it("are written by the first run, read by the next, and change no finding", () => {
    const repo = repoWithKeys();
    const cache = tempDir("scan-keys-cache-");
    const off = scan(repo, cache, { NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(existsSync(join(cache, "scan-keys"))).toBe(false);
    expect(off.code).toBe(1);
    expect(off.findings.some((f) => f.startsWith("github-"))).toBe(true);

    expect(scan(repo, cache)).toEqual(off);
    const dir = join(cache, "scan-keys");
    const files = readdirSync(dir);
    const programs = files.find((f) => f.startsWith("programs-"));
    expect(programs).toBeDefined();
    // The bundle's cache for hook scans, and re2js' and the token counter's own (loaded for the rules these keys wake).
    expect(files.filter((f) => f.endsWith(".v8")).sort()).toEqual([
      expect.stringMatching(/^main-.*-staged\.v8$/),
      expect.stringMatching(/^re2-.*\.v8$/),
      expect.stringMatching(/^tokenizer-.*\.v8$/),
    ]);
    if (process.getuid) expect(statSync(dir).mode & 0o077).toBe(0);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // The second run restores every program it needs: it compiles none, so it rewrites nothing.
    const before = statSync(join(dir, programs!)).mtimeMs;
    expect(scan(repo, cache)).toEqual(off);
    expect(statSync(join(dir, programs!)).mtimeMs).toBe(before);
  });

  it("are kept apart for hook scans and tree scans, whose V8 flags differ (loader.ts), so neither rejects the other's", () => {
    const repo = repoWithKeys();
    const cache = tempDir("scan-keys-cache-");
    const staged = scan(repo, cache);
    const tree = runCli([".", "--format", "json"], { cwd: repo, env: { XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "" } });
    expect(tree.stderr).toBe("");
    const dir = join(cache, "scan-keys");
    const v8Files = () => readdirSync(dir).filter((f) => f.endsWith(".v8")).sort();
    expect(v8Files()).toEqual([
      expect.stringMatching(/^main-.*-scan\.v8$/),
      expect.stringMatching(/^main-.*-staged\.v8$/),
      expect.stringMatching(/^re2-[0-9a-f].*\.v8$/), // the hook's; a tree scan runs its regexes on WASM and never loads re2js
      expect.stringMatching(/^tokenizer-[0-9a-f].*\.v8$/),
      expect.stringMatching(/^tokenizer-jit-.*\.v8$/),
    ]);
    // A cache V8 rejected would be written again: the next hook run finds its own and rewrites nothing.
    const mtimes = () => v8Files().map((f) => statSync(join(dir, f)).mtimeMs);
    const before = mtimes();
    expect(scan(repo, cache)).toEqual(staged);
    expect(mtimes()).toEqual(before);
    // Nor does the next tree scan, which sets V8 flags for the WASM engine (loader.ts: before any code runs).
    const again = runCli([".", "--format", "json"], { cwd: repo, env: { XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "" } });
    const findingsOf = (out: string) => (JSON.parse(out) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint);
    expect(again.stderr).toBe("");
    expect(findingsOf(again.stdout)).toEqual(findingsOf(tree.stdout));
    expect(mtimes()).toEqual(before);
  });

  it("are ignored when broken, and rewritten", () => {
    const repo = repoWithKeys();
    const cache = tempDir("scan-keys-cache-");
    const expected = scan(repo, cache);
    const dir = join(cache, "scan-keys");
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), f.startsWith("programs-") ? Buffer.from([9, 0, 0, 0, ...Buffer.from('[["x",0,5]]')]) : "garbage");
    expect(scan(repo, cache)).toEqual(expected);
    expect(scan(repo, cache)).toEqual(expected);
  });

  it.skipIf(!process.getuid)("are never read from a directory others can write (planted programs would hide keys)", () => {
    const repo = repoWithKeys();
    const cache = tempDir("scan-keys-cache-");
    const expected = scan(repo, cache);
    const dir = join(cache, "scan-keys");
    const name = readdirSync(dir).find((f) => f.startsWith("programs-"))!;
    // Every stored program replaced by one that never matches, under the same pattern.
    const file = readFileSync(join(dir, name));
    const headerLength = file.readUInt32LE(0);
    // The 4-byte length, the header's SHA-256, the header.
    const sources = (JSON.parse(file.toString("utf8", 36, 36 + headerLength)) as [string][]).map(([s]) => s);
    const planted = sources.map((source) => {
      const snap = snapshotRe2(re2js().compile("neverZZ[0-9]{99}")) as { root: { patternInput: string } };
      snap.root.patternInput = source;
      const ser = new Serializer();
      ser.writeHeader();
      ser.writeValue(snap);
      return ser.releaseBuffer();
    });
    let offset = 0;
    // Checksums guard against damage, not against a writer: one who can write the file can compute them.
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest();
    const header = Buffer.from(JSON.stringify(sources.map((s, i) => [s, (offset += planted[i]!.length) - planted[i]!.length, planted[i]!.length, sha(planted[i]!).toString("hex")])));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    writeFileSync(join(dir, name), Buffer.concat([len, sha(header), header, ...planted]));
    chmodSync(join(dir, name), 0o600);

    // Where only this user can write, the cache is trusted: the planted programs hide the keys (so this test can fail).
    expect(scan(repo, cache).findings).not.toEqual(expected.findings);
    chmodSync(dir, 0o777);
    expect(scan(repo, cache)).toEqual(expected);
    chmodSync(dir, 0o700);
    chmodSync(join(dir, name), 0o666);
    expect(scan(repo, cache)).toEqual(expected);
  });

  it("are not used on CI", () => {
    const repo = repoWithKeys();
    const cache = tempDir("scan-keys-cache-");
    const expected = scan(repo, cache, { NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(scan(repo, cache, { CI: "true" })).toEqual(expected);
    expect(existsSync(join(cache, "scan-keys"))).toBe(false);
  });

  it("do not stop a scan when the cache directory cannot be made", () => {
    const repo = repoWithKeys();
    const notADir = join(tempDir("scan-keys-cache-"), "file");
    writeFileSync(notADir, "");
    const expected = scan(repo, tempDir("scan-keys-cache-"), { NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(scan(repo, notADir)).toEqual(expected);
    expect(scan(repo, notADir)).toEqual(expected);
  });
});
