// scan-keys init: a commented starter config, never over an existing one.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { initRepo } from "./helpers/git.js";
import { githubToken } from "./helpers/keys.js";

describe("scan-keys init", () => {
  it("writes a commented .scan-keys.toml at the repository root that changes nothing as written", () => {
    const dir = initRepo();
    mkdirSync(join(dir, "sub"));
    const r = runCli(["init"], { cwd: join(dir, "sub") });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \.\.\/\.scan-keys\.toml: /);
    const text = readFileSync(join(dir, ".scan-keys.toml"), "utf8");
    for (const key of ["extend", "baseline", "disable", "[entropy]", "paths", "regexes", "lines", "stopwords", "[[rules]]", "examples.match", "examples.nomatch"]) {
      expect(text).toContain(`# ${key}`);
    }
    // Loads cleanly, scans itself clean, and leaves findings alone.
    writeFileSync(join(dir, "a.txt"), `x = "${githubToken()}"\n`);
    const scan = runCli(["--format", "json"], { cwd: dir });
    expect(scan.stderr).toBe("");
    expect((JSON.parse(scan.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(["a.txt"]);
  });

  it("uncommented, every option is valid (with a rule id that exists)", () => {
    const dir = initRepo();
    expect(runCli(["init"], { cwd: dir }).code).toBe(0);
    const path = join(dir, ".scan-keys.toml");
    const uncommented = readFileSync(path, "utf8")
      .split("\n")
      .map((l) => (/^# (\[|[a-z"])/.test(l) && !/^# (scan-keys|Reference|Keep|Turn|Minimum|Files|Regular|Words|A rule|Its examples|secrets with)/.test(l) ? l.slice(2) : l))
      .join("\n");
    writeFileSync(path, uncommented);
    writeFileSync(join(dir, ".scan-keys-baseline.json"), `{"version": 1, "findings": []}\n`);
    const acme = `acme_live_${"Zq3Xv8LmN2pR7tK4wY9bC1dF"}`;
    writeFileSync(join(dir, "a.txt"), `ACME_KEY=${acme}\n`);
    const r = runCli(["--format", "json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect((JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(["acme-api-key"]);
  });

  it("refuses to overwrite an existing config: exit 2, one sentence", () => {
    const dir = initRepo();
    writeFileSync(join(dir, ".scan-keys.toml"), "extend = true\n");
    const r = runCli(["init"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("scan-keys: .scan-keys.toml already exists, so init left it alone; edit it, or delete it first to start again from the template.\n");
    expect(readFileSync(join(dir, ".scan-keys.toml"), "utf8")).toBe("extend = true\n");
  });
});
