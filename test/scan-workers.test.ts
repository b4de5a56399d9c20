// Large tree scans run on worker threads; the report must not depend on it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { awsAccessKeyId, githubToken, openaiProjectKey } from "./helpers/keys.js";

function tree(): string {
  const dir = tempDir();
  for (let i = 0; i < 300; i++) {
    const sub = join(dir, `pkg${i % 7}`);
    mkdirSync(sub, { recursive: true });
    const planted = i % 37 === 0 ? `\nconst token = "${githubToken()}";\nOPENAI_API_KEY=${openaiProjectKey()}\naws_access_key_id = ${awsAccessKeyId()}\n` : "";
    writeFileSync(join(sub, `f${i}.js`), `// file ${i}\nexport const v${i} = compute(${i});${planted}\n// scan-keys:allow\n`);
  }
  writeFileSync(join(dir, "allowed.js"), `const t = "${githubToken()}"; // scan-keys:allow\n`);
  writeFileSync(join(dir, "blob.bin"), Buffer.from([0, 1, 2, 3]));
  return dir;
}

describe("tree scan on worker threads", () => {
  it("reports exactly what a one-thread scan reports, in the same order", () => {
    const dir = tree();
    const run = (workers: string) => {
      const r = runCli([".", "--format", "json"], { cwd: dir, env: { SCAN_KEYS_WORKERS: workers } });
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout) as { findings: unknown[]; stats: Record<string, unknown> };
      const { durationMs: _d, ...stats } = doc.stats;
      return { findings: doc.findings, stats };
    };
    const single = run("0");
    expect(single.findings.length).toBe(27);
    expect(single.stats).toMatchObject({ files: 301, skippedBinary: 1, suppressed: { inline: 1 } });
    expect(run("3")).toEqual(single);
  });

  it("carries the config's allowlist patterns and a .gitleaks.toml's allowlists to the workers", () => {
    const dir = tree();
    writeFileSync(join(dir, ".scan-keys.toml"), `[allowlist]\nregexes = ['^AKIA']\nlines = ['OPENAI_API_KEY=']\n`);
    const run = (workers: string) => {
      const r = runCli([".", "--format", "json"], { cwd: dir, env: { SCAN_KEYS_WORKERS: workers } });
      expect(r.code, r.stderr).toBe(1);
      return (JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings;
    };
    const single = run("0");
    expect(single.length).toBe(9);
    expect(run("2")).toEqual(single);
    writeFileSync(join(dir, ".scan-keys.toml"), "");
    writeFileSync(join(dir, "gl.toml"), `[extend]\nuseDefault = true\n[[allowlists]]\nregexes = ['''^AKIA''']\n[[allowlists]]\nregexTarget = "line"\nregexes = ['''OPENAI_API_KEY=''']\n`);
    const gl = (workers: string) => {
      const r = runCli([".", "--format", "json", "--config", "gl.toml"], { cwd: dir, env: { SCAN_KEYS_WORKERS: workers } });
      expect(r.code, r.stderr).toBe(1);
      return (JSON.parse(r.stdout) as { findings: unknown[] }).findings;
    };
    expect(gl("2")).toEqual(single);
  });
});
