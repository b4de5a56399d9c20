// Files that store credentials by design are reported at the line that holds
// the credential (and, for stores, by path), scanned by the real CLI.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { credentialTree } from "./fixtures/credential-files.js";

describe("credential files", () => {
  it("reports every file of a realistic tree at the right line, and nothing else", () => {
    const dir = tempDir();
    const tree = credentialTree();
    for (const f of tree) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    const r = runCli([".", "--format", "json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; severity: string }[] }).findings;
    const got = findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();
    const want = tree.flatMap((f) => f.expect.map(([rule, line]) => `${f.path}:${line} ${rule}`)).sort();
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(50);
    // Hashes are crackable, not plain passwords: medium.
    for (const f of findings.filter((x) => x.ruleId.endsWith("password-hash") || x.ruleId === "password-hash-file")) expect(f.severity).toBe("medium");
  });
});
