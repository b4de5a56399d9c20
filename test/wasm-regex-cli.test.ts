// A tree scan runs its patterns on the WASM engine (commands/wasm-engine.ts;
// the default): the same findings as re2js (SCAN_KEYS_REGEX=re2js), as an
// installation whose dist/regex.wasm is missing, and as scan workers sharing
// the main thread's module, with keys among non-ASCII text and a config's own
// rule, whose pattern uses RE2's \/ escape and a nested repetition that must
// stay harmless.
import { cpSync, readdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACME_PATH_KEY_RULE } from "./helpers/user-rules.js";
import { CLI, commitFiles, fakeKey, initRepo, keyLine, scanJson, tempDir, write, type JsonReport } from "./helpers/gitrepo.js";

const CONFIG = ACME_PATH_KEY_RULE;

function scan(cli: string, dir: string, env: NodeJS.ProcessEnv = {}): JsonReport {
  const r = spawnSync(process.execPath, [cli, ".", "--format", "json"], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "1", ...env } });
  expect(r.status, r.stderr).toBe(1);
  return JSON.parse(r.stdout) as JsonReport;
}

describe("a tree scan on the WASM engine", () => {
  it("reports what re2js reports, and so does an installation without the .wasm", () => {
    const dir = tempDir();
    write(dir, ".scan-keys.toml", CONFIG);
    write(dir, "ascii.js", `${keyLine()}\n`);
    write(dir, "accents.js", `// café 😀 naïve\nconst é = "😀"; ${keyLine()} // ü\n`);
    write(dir, "urls.txt", `voilà GET /acme/k${"a".repeat(30)}123456 ok\nGET /acme/k${"a".repeat(5000)}!\n`);
    write(dir, "env.sh", `export DB_PASSWORD="Zx9${fakeKey().slice(8, 30)}" # mot de passe: ü\n`);
    const dist = join(tempDir(), "dist");
    cpSync(dirname(CLI), dist, { recursive: true });
    rmSync(join(dist, "regex.wasm"));
    expect(readdirSync(dirname(CLI))).toContain("regex.wasm");
    const onWasm = scan(CLI, dir);
    // The key after "voilà GET /acme/" starts at column 17 (à is one character); the config's own example is found too.
    expect(onWasm.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`).sort()).toEqual([
      "acme-path-key .scan-keys.toml:9:30",
      "acme-path-key urls.txt:1:17",
      "generic-password-assignment env.sh:1:21",
      "github-personal-access-token accents.js:2:32",
      "github-personal-access-token ascii.js:1:16",
    ]);
    const strip = (r: JsonReport) => r.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.fingerprint]);
    expect(strip(scan(CLI, dir, { SCAN_KEYS_REGEX: "re2js" }))).toEqual(strip(onWasm));
    expect(strip(scan(join(dist, "cli.js"), dir))).toEqual(strip(onWasm));
    expect(strip(scan(CLI, dir, { SCAN_KEYS_WORKERS: "2" }))).toEqual(strip(onWasm));
  });

  it("scans history on it too, in the main thread and in workers given its module, as re2js does", () => {
    const repo = initRepo();
    commitFiles(repo, { ".scan-keys.toml": CONFIG, "a.js": "const x = 1;\n" }, "first");
    commitFiles(repo, { "a.js": `// café 😀\n${keyLine()}\n` }, "a key");
    commitFiles(repo, { "b.txt": `voilà GET /acme/k${"a".repeat(30)}123456 ok\n` }, "an acme key");
    commitFiles(repo, { "a.js": "const x = 2;\n" }, "key removed");
    const history = (env: NodeJS.ProcessEnv) => {
      const r = scanJson(["--history"], repo, { env });
      expect(r.code, r.stderr).toBe(1);
      return r.report.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.fingerprint, f.commit]);
    };
    const onWasm = history({});
    expect(onWasm.map((f) => f[0]).sort()).toEqual(["acme-path-key", "acme-path-key", "github-personal-access-token"]);
    expect(history({ SCAN_KEYS_REGEX: "re2js" })).toEqual(onWasm);
    expect(history({ SCAN_KEYS_WORKERS: "2" })).toEqual(onWasm);
  });
});
