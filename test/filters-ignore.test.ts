// .scan-keys-ignore: reviewed fingerprints, one a line.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIgnoreFile } from "../src/config/lists.js";
import { runCli } from "./helpers/cli.js";
import { initRepo } from "./helpers/git.js";
import { githubToken } from "./helpers/keys.js";

function write(dir: string, path: string, content: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), content);
}
type Json = { findings: { fingerprint: string; line: number }[]; stats: { suppressed: Record<string, number> } };

describe("parseIgnoreFile", () => {
  it("reads fingerprints with comments and blank lines", () => {
    const set = parseIgnoreFile("# reviewed\n\n0123456789abcdef\n  FEDCBA9876543210   # test fixture, 2024\r\n", ".scan-keys-ignore");
    expect([...set]).toEqual(["0123456789abcdef", "fedcba9876543210"]);
  });

  it("rejects junk with the line", () => {
    expect(() => parseIgnoreFile("0123456789abcdef\nsk-something\n", ".scan-keys-ignore")).toThrow(
      /^\.scan-keys-ignore:2: "sk-something" is not a fingerprint; each line holds one 16-character fingerprint from a report, optionally followed by a # comment\.$/,
    );
  });
});

describe(".scan-keys-ignore through the CLI", () => {
  it("suppresses the listed fingerprints at any line, counted by ignore-file", () => {
    const dir = initRepo();
    const a = githubToken();
    const b = githubToken();
    write(dir, "a.txt", `x = "${a}"\ny = "${b}"\n`);
    const before = JSON.parse(runCli(["--format", "json"], { cwd: dir }).stdout) as Json;
    write(dir, ".scan-keys-ignore", `# reviewed: test fixture\n${before.findings[0]!.fingerprint}  # a.txt:1\n`);
    write(dir, "a.txt", `\n\nmoved = "${a}"\ny = "${b}"\n`);
    const r = runCli(["--format", "json"], { cwd: dir });
    const after = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(1);
    expect(after.findings.map((f) => f.line)).toEqual([4]);
    expect(after.stats.suppressed).toEqual({ "ignore-file": 1 });
    expect(runCli([], { cwd: dir }).stdout).toMatch(/suppressed\b.*\b1 by ignore-file\b/);
  });

  it("is read from the repository root when scanning from a subdirectory", () => {
    const dir = initRepo();
    write(dir, "sub/a.txt", `x = "${githubToken()}"\n`);
    const fp = (JSON.parse(runCli(["--format", "json"], { cwd: dir }).stdout) as Json).findings[0]!.fingerprint;
    write(dir, ".scan-keys-ignore", `${fp}\n`);
    expect(runCli(["."], { cwd: join(dir, "sub") }).code).toBe(0);
  });

  it("a junk line stops the scan with exit 2 and one sentence naming the line", () => {
    const dir = initRepo();
    write(dir, ".scan-keys-ignore", "# ok\n\nnot a fingerprint\n");
    const r = runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`scan-keys: .scan-keys-ignore:3: "not a fingerprint" is not a fingerprint; each line holds one 16-character fingerprint from a report, optionally followed by a # comment.\n`);
  });
});
