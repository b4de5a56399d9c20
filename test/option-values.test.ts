// Mistyped values that used to weaken a safety default without a word: each
// is now refused with one sentence and exit 2 (--redact has a file of its
// own, test/redact-option.test.ts). Every case runs the real CLI on a real
// repository holding a staged and a committed key, so a value that still
// slipped through would show as exit 0.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoWithKey, runCli } from "./helpers/gitrepo.js";

/** Exit 2, one line on stderr matching `message`, nothing on stdout. */
function expectRefused(repo: string, args: string[], message: RegExp): void {
  const r = runCli(args, { cwd: repo });
  expect(r.code, `${args.join(" ")}: ${r.stdout}${r.stderr}`).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^scan-keys: [^\n]*\n$/);
  expect(r.stderr).toMatch(message);
}

describe("mistyped option values are refused, never read as a weaker scan", () => {
  it("--max-file-size without a unit or of zero bytes (gitleaks' megabytes habit skipped every file, exit 0)", () => {
    const { repo } = repoWithKey();
    for (const lead of [["--staged"], ["app.js"], ["scan", "app.js"], ["--history"]]) {
      expectRefused(repo, [...lead, "--max-file-size", "10"], /--max-file-size "10" has no unit; write 10MB, 10KB or 10B/);
      expectRefused(repo, [...lead, "--max-file-size=0KB"], /would skip every file/);
      expectRefused(repo, [...lead, "--max-file-size=0.5B"], /would skip every file/);
      expectRefused(repo, [...lead, "--no-max-file-size"], /--no-max-file-size is not an option|is not a size/);
    }
    // With a unit, a small limit is still a limit the summary names.
    const r = runCli(["--staged", "--max-file-size", "1KB"], { cwd: repo });
    expect(r.code).toBe(1);
  });

  it("--no-<option that takes a value> (--no-include on --staged matched nothing and passed every commit)", () => {
    const { repo } = repoWithKey();
    for (const name of ["include", "exclude", "config", "baseline", "config-from", "output", "range", "directory", "stdin-name"]) {
      expectRefused(repo, ["--staged", `--no-${name}`], new RegExp(`--no-${name} is not an option: --${name} takes `));
    }
  });

  it("--format, --min-severity and gitleaks' --exit-code take no value outside their lists", () => {
    const { repo } = repoWithKey();
    expectRefused(repo, ["--staged", "--format", "JSON"], /format/);
    expectRefused(repo, ["--staged", "--min-severity=critical"], /min-severity/);
    expectRefused(repo, ["--staged", "--exit-code=0"], /--exit-code is a gitleaks option: scan-keys' exit codes are fixed/);
    expectRefused(repo, ["--staged", "--exit-code", "0"], /--exit-code is a gitleaks option/);
  });

  it("an allowlist pattern that matches every text (an empty or all-optional regex allowed every secret)", () => {
    const { repo } = repoWithKey();
    const configs: [string, string, RegExp][] = [
      [".scan-keys.toml", `[allowlist]\nregexes = [""]\n`, /\.scan-keys\.toml:2: \[allowlist\] regexes entry 1 matches every text/],
      [".scan-keys.toml", `[allowlist]\nregexes = ["^ok$", "ghp_|"]\n`, /\[allowlist\] regexes entry 2 matches every text/],
      [".scan-keys.toml", `[allowlist]\nlines = ["x*"]\n`, /\[allowlist\] lines entry 1 matches every text/],
      [".scan-keys.toml", `[allowlist]\npaths = [""]\n`, /\[allowlist\] paths entry 1 is empty/],
      [".gitleaks.toml", `[extend]\nuseDefault = true\n[[allowlists]]\nregexes = ['']\n`, /\.gitleaks\.toml:4: \[\[allowlists\]\] regexes entry 1 matches every text/],
      [".gitleaks.toml", `[extend]\nuseDefault = true\n[allowlist]\npaths = ['''(?i).*''']\n`, /paths entry 1 matches every text/],
    ];
    for (const [file, text, message] of configs) {
      writeFileSync(join(repo, file), text);
      for (const lead of [["--staged"], ["app.js"]]) expectRefused(repo, lead, message);
      rmSync(join(repo, file));
    }
  });

  it("keeps patterns that match only some texts, an anchored empty one and a deliberate AND condition", () => {
    const { repo } = repoWithKey();
    writeFileSync(join(repo, ".scan-keys.toml"), `[allowlist]\nregexes = ["^$", "^nothing-like-it"]\nlines = ["NOT-A-SECRET"]\n`);
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(1);
    rmSync(join(repo, ".scan-keys.toml"));
    writeFileSync(join(repo, ".gitleaks.toml"), `[extend]\nuseDefault = true\n[[allowlists]]\ncondition = "AND"\npaths = ['''^fixtures/''']\nregexes = ['''.*''']\n`);
    const r = runCli(["--staged"], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
  });
});
