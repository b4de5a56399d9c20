// Path context: generic-looking findings in documentation examples and the
// test fixtures of vendored packages are suppressed (counted, listable); a
// key in a provider's real format is still reported there, for every rule.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRules } from "../src/engine/index.js";
import { isDocumentationPath, isGenericFinding } from "../src/filters/path-context.js";
import { builtinRuleFiles } from "../src/commands/ruleset.js";
import { runCli, tempDir } from "./helpers/cli.js";

const assemble = (s: string) => s.replaceAll("~~", "");
const rules = compileRules(builtinRuleFiles()).filter((r) => r.target === "content" && !r.paths);
const generic = (r: { id: string; provider: string }) => isGenericFinding({ ruleId: r.id, provider: r.provider } as never);

interface Report {
  findings: { ruleId: string; provider: string; file: string }[];
  stats: { suppressed: Record<string, number> };
}

function scanTree(files: Record<string, string>): Report {
  const dir = tempDir();
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  // A tree scan skips node_modules unless it is named, as a user would: `scan-keys . node_modules`.
  const r = runCli([".", "node_modules", "--format", "json"], { cwd: dir });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Report;
}

describe("path context", () => {
  it("knows documentation and vendored test fixtures from a project's own files", () => {
    for (const p of [
      "aws-sdk/apis/kms-2014-11-01.examples.json",
      "node_modules/aws-sdk/clients/appfabric.d.ts",
      "node_modules/pkg/test/fixtures/config.json",
      "vendor/github.com/x/y/examples/main.go",
      "node_modules/@scope/pkg/docs/README.md",
    ]) expect(isDocumentationPath(p), p).toBe(true);
    for (const p of ["src/config.ts", "docs/setup.md", "test/fixtures/app.json", "node_modules/pkg/lib/index.js", "src/types.d.ts"]) {
      expect(isDocumentationPath(p), p).toBe(false);
    }
  });

  it("still finds a real-format key of every provider rule inside vendored documentation", () => {
    const files: Record<string, string> = {};
    const provider = rules.filter((r) => !generic(r));
    provider.forEach((r, i) => {
      const where = i % 2 ? `node_modules/sdk/apis/${r.id}-2020-01-01.examples.json` : `node_modules/pkg/test/fixtures/${r.id}.txt`;
      files[where] = `${assemble(r.spec.examples.match[0]!)}\n`;
    });
    const report = scanTree(files);
    const byFile = new Map<string, string[]>();
    for (const f of report.findings) if (!generic({ id: f.ruleId, provider: f.provider })) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.ruleId]);
    const lost = Object.keys(files).filter((p) => !byFile.has(p));
    expect(lost).toEqual([]);
    expect(provider.length).toBeGreaterThan(200);
  });

  it("suppresses generic-looking findings there, counted, and keeps them in the project's own files", () => {
    const files: Record<string, string> = {};
    const gen = rules.filter(generic);
    gen.forEach((r) => {
      const text = `${assemble(r.spec.examples.match[0]!)}\n`;
      files[`node_modules/sdk/apis/${r.id}.examples.json`] = text;
      files[`src/${r.id}.txt`] = text;
    });
    const report = scanTree(files);
    expect(report.findings.filter((f) => f.file.startsWith("node_modules/"))).toEqual([]);
    const own = new Set(report.findings.map((f) => f.file));
    expect(gen.map((r) => `src/${r.id}.txt`).filter((p) => !own.has(p))).toEqual([]);
    expect(report.stats.suppressed["doc-example"]).toBeGreaterThanOrEqual(gen.length);
  });
});
