// scan-keys' own shipped files stay quiet: a repository that commits
// node_modules or vendors scan-keys must get no finding from the bundle,
// whose embedded rule table reads like credentials to the rules themselves
// ("Server=…;Password=…"). Nothing is skipped to get there: a real key
// pasted into a copy of the bundle is still found.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { githubToken } from "./helpers/keys.js";

const dist = join(import.meta.dirname, "../dist");
const bundles = ["main.js", "cli-yargs.js"];

interface Report {
  findings: { ruleId: string; file: string }[];
  stats: { files: number };
}

function scan(dir: string, ...paths: string[]): Report {
  const r = runCli([...paths, "--format", "json"], { cwd: dir });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Report;
}

describe("scan-keys' own bundle", () => {
  it("raises no finding when scanned as a file of some repository", () => {
    const dir = tempDir();
    for (const b of bundles) copyFileSync(join(dist, b), join(dir, b));
    const report = scan(dir, ".");
    expect(report.stats.files).toBe(bundles.length);
    expect(report.findings).toEqual([]);
  });

  it("still reports a real key placed in it (nothing is skipped)", () => {
    const dir = tempDir();
    for (const b of bundles) {
      writeFileSync(join(dir, b), `${readFileSync(join(dist, b), "utf8")}\nconst token = "${githubToken()}";\n`);
    }
    const report = scan(dir, ".");
    expect(report.findings.map((f) => `${f.file}:${f.ruleId}`).sort()).toEqual(bundles.map((b) => `${b}:github-personal-access-token`).sort());
  });
});
