// The WASM engine's memory image (commands/wasm-snapshot.ts), through the
// real CLI and a real per-user cache directory: a large scan writes it once,
// the next one starts from it and writes nothing, workers start from it too,
// a damaged, cut short or foreign image changes no finding (and is replaced),
// and there is none on CI, with NODE_DISABLE_COMPILE_CACHE, or for a small scan.
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACME_PATH_KEY_RULE } from "./helpers/user-rules.js";
import { commitFiles, fakeKey, initRepo, keyLine, runCli, tempDir, write, type JsonReport } from "./helpers/gitrepo.js";

// A config rule (a user pattern: compiled by re2js first, then on the engine) and one anchored at the end,
// on which Rust's regex 1.7's is_match_at panics past offset 0 (wasm/lib.rs does not call it there).
const CONFIG = `${ACME_PATH_KEY_RULE}
[[rules]]
id = "zq-tail"
provider = "Zq"
description = "zq token at the end of a line"
regex = '(zq(?:[a-z0-9]+)+)$'
keywords = ["zq"]
revoke = "https://zq.example/keys"
examples.match = ['id zqa1b2c3']
examples.nomatch = ['id zq!']
`;

/** A tree of 400 files and more (a scan that size starts from the image), with keys of several kinds. */
function largeTree(): string {
  const dir = tempDir();
  write(dir, ".scan-keys.toml", CONFIG);
  for (let i = 0; i < 400; i++) write(dir, `src/f${i}.js`, `export const value${i} = ${i}; // token parsing, password checks\n`);
  write(dir, "a.js", `// café 😀\n${keyLine()}\n`);
  write(dir, "urls.txt", `voilà GET /acme/k${"a".repeat(30)}123456 ok\nid zq${"a1".repeat(20)}\n`);
  write(dir, "env.sh", `export DB_PASSWORD="Zx9${fakeKey().slice(8, 30)}"\n`);
  return dir;
}

const CLEAN_ENV = { NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", SCAN_KEYS_WORKERS: "0" };

function scan(dir: string, cache: string, env: NodeJS.ProcessEnv = {}, args = ["."]): string[][] {
  const r = runCli([...args, "--format", "json"], { cwd: dir, env: { XDG_CACHE_HOME: cache, ...CLEAN_ENV, ...env } });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as JsonReport).findings.map((f) => [f.ruleId, f.file, String(f.line), String(f.column), f.fingerprint, f.commit?.sha ?? ""]);
}

/** The image files in the cache directory. */
function images(cache: string): string[] {
  try {
    return readdirSync(join(cache, "scan-keys"))
      .filter((n) => n.startsWith("wasm-image-"))
      .map((n) => join(cache, "scan-keys", n));
  } catch {
    return [];
  }
}

/** The one image, its bytes and when it was written. */
function theImage(cache: string): { file: string; bytes: Buffer; mtimeMs: number } {
  const files = images(cache);
  expect(files).toHaveLength(1);
  return { file: files[0]!, bytes: readFileSync(files[0]!), mtimeMs: statSync(files[0]!).mtimeMs };
}

describe("the WASM engine's memory image", () => {
  it("is written by the first large tree scan, then read by the next, which writes nothing and finds the same", () => {
    const dir = largeTree();
    const cache = tempDir();
    const reference = scan(dir, cache, { SCAN_KEYS_REGEX: "re2js" });
    expect(new Set(reference.map((f) => f[0]))).toEqual(new Set(["acme-path-key", "generic-password-assignment", "github-personal-access-token", "zq-tail"]));
    expect(images(cache)).toEqual([]); // re2js alone: no image
    expect(scan(dir, cache)).toEqual(reference);
    const first = theImage(cache);
    expect(scan(dir, cache)).toEqual(reference);
    const second = theImage(cache);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.mtimeMs).toBe(first.mtimeMs);
  });

  it("is read by worker threads, and holds what they compiled", () => {
    const dir = largeTree();
    const cache = tempDir();
    const reference = scan(dir, cache, { SCAN_KEYS_REGEX: "re2js" });
    // From nothing, on the main thread and a worker: the image written at exit holds what both used…
    expect(scan(dir, cache, { SCAN_KEYS_WORKERS: "1" })).toEqual(reference);
    const first = theImage(cache);
    // …so a run on the main thread alone finds it complete, and workers given it find the same.
    expect(scan(dir, cache)).toEqual(reference);
    expect(scan(dir, cache, { SCAN_KEYS_WORKERS: "1" })).toEqual(reference);
    expect(scan(dir, cache, { SCAN_KEYS_WORKERS: "2" })).toEqual(reference);
    expect(theImage(cache).mtimeMs).toBe(first.mtimeMs);
  });

  it("changes no finding when damaged, cut short or writable by others, and is replaced by a good one", () => {
    const dir = largeTree();
    const cache = tempDir();
    const reference = scan(dir, cache);
    const good = theImage(cache);
    const damages: [string, (file: string) => void][] = [
      ["a flipped byte in the memory", (f) => writeFileSync(f, flip(good.bytes, good.bytes.length - 100))],
      ["a flipped byte in the header", (f) => writeFileSync(f, flip(good.bytes, 40))],
      ["a file cut short", (f) => writeFileSync(f, good.bytes.subarray(0, good.bytes.length >> 1))],
      ["a file others can write", (f) => chmodSync(f, 0o646)],
    ];
    for (const [what, damage] of damages) {
      damage(good.file);
      const damaged = readFileSync(good.file);
      for (const workers of ["0", "1"]) expect(scan(dir, cache, { SCAN_KEYS_WORKERS: workers }), `${what}, ${workers} workers`).toEqual(reference);
      const replaced = theImage(cache);
      expect(replaced.bytes.equals(damaged) && statSync(replaced.file).mode & 0o022, what).toBeFalsy();
      // The replacement is whole: the next run reads it and writes nothing.
      expect(scan(dir, cache)).toEqual(reference);
      expect(theImage(cache).mtimeMs).toBe(replaced.mtimeMs);
    }
  });

  it("is neither read nor written on CI, with NODE_DISABLE_COMPILE_CACHE=1, or by a small scan", () => {
    const dir = largeTree();
    const cache = tempDir();
    const reference = scan(dir, cache, { SCAN_KEYS_REGEX: "re2js" });
    expect(scan(dir, cache, { CI: "true" })).toEqual(reference);
    expect(scan(dir, cache, { NODE_DISABLE_COMPILE_CACHE: "1" })).toEqual(reference);
    expect(images(cache)).toEqual([]);
    expect(scan(dir, cache, {}, ["a.js", "urls.txt"]).length).toBe(3);
    expect(images(cache)).toEqual([]);
  });

  it("serves a history scan with workers, with the findings of re2js", () => {
    const repo = initRepo();
    commitFiles(repo, { ".scan-keys.toml": CONFIG, "a.js": "const x = 1;\n" }, "first");
    commitFiles(repo, { "a.js": `// café 😀\n${keyLine()}\n` }, "a key");
    commitFiles(repo, { "b.txt": `voilà GET /acme/k${"a".repeat(30)}123456 ok\n` }, "an acme key");
    const cache = tempDir();
    const reference = scan(repo, cache, { SCAN_KEYS_REGEX: "re2js" }, ["--history"]);
    expect(scan(repo, cache, { SCAN_KEYS_WORKERS: "1" }, ["--history"])).toEqual(reference);
    const first = theImage(cache);
    expect(scan(repo, cache, { SCAN_KEYS_WORKERS: "1" }, ["--history"])).toEqual(reference);
    expect(theImage(cache).mtimeMs).toBe(first.mtimeMs);
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x10;
  return copy;
}
