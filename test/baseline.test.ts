// scan-keys baseline, and scans with --baseline.
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { git, initRepo } from "./helpers/git.js";
import { githubToken } from "./helpers/keys.js";

function write(dir: string, path: string, content: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), content);
}
type Json = { findings: { fingerprint: string; line: number; file: string; commit?: { sha: string } }[]; stats: { suppressed: Record<string, number> } };
const json = (s: string) => JSON.parse(s) as Json;
const BASELINE = ".scan-keys-baseline.json";

describe("scan-keys baseline", () => {
  it("writes fingerprint, rule, file and line of each finding, never the secret", () => {
    const dir = initRepo();
    const key = githubToken();
    write(dir, "src/a.txt", `\nx = "${key}"\n`);
    const r = runCli(["baseline"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \.scan-keys-baseline\.json with 1 finding; scans with --baseline \.scan-keys-baseline\.json now report only findings not in it\.\n$/);
    const text = readFileSync(join(dir, BASELINE), "utf8");
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(0, 8));
    const doc = JSON.parse(text) as { version: number; findings: Record<string, unknown>[] };
    expect(doc.version).toBe(1);
    expect(doc.findings).toEqual([{ fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), ruleId: "github-personal-access-token", file: "src/a.txt", line: 2 }]);
  });

  it("refuses to overwrite without --force, and --output writes elsewhere", () => {
    const dir = initRepo();
    write(dir, "a.txt", `x = "${githubToken()}"\n`);
    expect(runCli(["baseline"], { cwd: dir }).code).toBe(0);
    const again = runCli(["baseline"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe("scan-keys: .scan-keys-baseline.json already exists; pass --force to replace it, or --output to write the baseline elsewhere.\n");
    expect(runCli(["baseline", "--force"], { cwd: dir }).code).toBe(0);
    expect(runCli(["baseline", "--output", "b.json"], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, "b.json"))).toBe(true);
  });

  it("--force replaces the file a symlinked baseline points to, not the link", () => {
    const dir = initRepo();
    write(dir, "a.txt", `x = "${githubToken()}"\n`);
    write(dir, "shared/baseline.json", "{}\n");
    symlinkSync("shared/baseline.json", join(dir, BASELINE));
    expect(runCli(["baseline", "--force"], { cwd: dir }).code).toBe(0);
    expect(lstatSync(join(dir, BASELINE)).isSymbolicLink()).toBe(true);
    expect(json(readFileSync(join(dir, "shared/baseline.json"), "utf8")).findings).toHaveLength(1);
  });

  it("a later scan reports only new findings: a moved key stays baselined, a new key on the old line does not", () => {
    const dir = initRepo();
    const old = githubToken();
    write(dir, "a.txt", `x = "${old}"\n`);
    expect(runCli(["baseline"], { cwd: dir }).code).toBe(0);
    expect(runCli(["--baseline", BASELINE], { cwd: dir }).code).toBe(0);
    const fresh = githubToken();
    write(dir, "a.txt", `x = "${fresh}"\n\n\ny = "${old}"\n`);
    const r = runCli(["--baseline", BASELINE, "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = json(r.stdout);
    expect(doc.findings.map((f) => f.line)).toEqual([1]);
    expect(doc.stats.suppressed).toEqual({ baseline: 1 });
    expect(runCli(["--baseline", BASELINE], { cwd: dir }).stdout).toMatch(/suppressed\b.*\b1 by baseline\b/);
  });

  it("a baselined finding in a history scan: old commits are quiet, a new key in a new commit is reported", () => {
    const dir = initRepo();
    const old = githubToken();
    write(dir, "a.txt", `x = "${old}"\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "old key");
    const b = runCli(["baseline", "--history"], { cwd: dir });
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/with 1 finding/);
    // The next commit moves the old key down and puts a new key on its line.
    const fresh = githubToken();
    write(dir, "a.txt", `x = "${fresh}"\n# moved\ny = "${old}"\n`);
    git(dir, "add", "a.txt");
    git(dir, "commit", "-qm", "new key");
    const head = git(dir, "rev-parse", "HEAD").trim();
    const r = runCli(["--history", "--baseline", BASELINE, "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = json(r.stdout);
    expect(doc.findings.map((f) => [f.commit?.sha, f.line])).toEqual([[head, 1]]);
    expect(doc.stats.suppressed).toEqual({ baseline: 2 });
  });

  it("--config-from reads the --baseline file from the revision too", () => {
    const dir = initRepo();
    write(dir, "a.txt", `x = "${githubToken()}"\n`);
    write(dir, BASELINE, `{"version": 1, "findings": []}\n`);
    git(dir, "add", BASELINE);
    git(dir, "commit", "-qm", "empty baseline");
    // The change under review baselines its own key.
    expect(runCli(["baseline", "--force"], { cwd: dir }).code).toBe(0);
    expect(runCli(["--baseline", BASELINE], { cwd: dir }).code).toBe(0);
    expect(runCli(["--baseline", BASELINE, "--config-from", "HEAD"], { cwd: dir }).code).toBe(1);
    const missing = runCli(["--baseline", "nope.json", "--config-from", "HEAD"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("scan-keys: --baseline nope.json: no such file at HEAD (with --config-from, the baseline is read from that revision too).\n");
  });

  it('the config\'s baseline = "path" is used without --baseline, and is where scan-keys baseline writes', () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", `baseline = "ci/baseline.json"\n`);
    write(dir, "sub/a.txt", `x = "${githubToken()}"\n`);
    const missing = runCli([], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`scan-keys: .scan-keys.toml:1: "baseline" names ci/baseline.json, which does not exist; write it with scan-keys baseline, or remove the setting.\n`);
    mkdirSync(join(dir, "ci"));
    const b = runCli(["baseline"], { cwd: join(dir, "sub") });
    expect(b.stdout).toMatch(/^wrote \.\.\/ci\/baseline\.json with 1 finding/);
    const r = runCli([], { cwd: join(dir, "sub") });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/suppressed\b.*\b1 by baseline\b/);
    // --baseline FILE wins over the config's.
    write(dir, "empty.json", `{"version": 1, "findings": []}`);
    expect(runCli(["--baseline", "empty.json"], { cwd: dir }).code).toBe(1);
  });

  describe("a bad baseline file: exit 2, one sentence", () => {
    const cases: [string, string, string][] = [
      ["not JSON", `{"version": 1,\n  oops}`, "b.json:2: the baseline is not valid JSON ("],
      ["not a baseline", `"findings"`, `b.json: not a scan-keys baseline (expected {"version": 1, "findings": [...]}) nor a gitleaks JSON report (an array of findings); write one with scan-keys baseline.`],
      ["an array that is no gitleaks report", `[1, 2]`, `b.json: finding 1 of the gitleaks report has no File, RuleID or StartLine; give --baseline a report written by gitleaks --report-format json or scan-keys --format gitleaks.`],
      ["another version", `{"version": 9, "findings": []}`, "b.json: baseline version 9 is not supported (this scan-keys reads version 1); write a new one with scan-keys baseline."],
      ["a bad fingerprint", `{"version": 1, "findings": [{"fingerprint": "nope"}]}`, `b.json: finding 1 of the baseline has no valid "fingerprint" (16 lower-case hex characters); write a new one with scan-keys baseline.`],
    ];
    for (const [what, content, message] of cases) {
      it(what, () => {
        const dir = initRepo();
        write(dir, "b.json", content);
        const r = runCli(["--baseline", "b.json"], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr.split("\n")).toHaveLength(2);
        expect(r.stderr).toContain(`scan-keys: ${message}`);
      });
    }

    it("a missing file", () => {
      const dir = initRepo();
      const r = runCli(["--baseline", "nope.json"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("scan-keys: nope.json: no such baseline file.\n");
    });
  });
});
