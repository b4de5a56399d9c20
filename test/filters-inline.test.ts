// Inline allow comments: scan-keys:allow [RULE-ID…], gitleaks:allow,
// pragma: allowlist secret.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding, Fragment } from "../src/engine/types.js";
import { filterFindings } from "../src/filters/index.js";
import { allowMarkers } from "../src/filters/inline.js";
import { runCli } from "./helpers/cli.js";
import { git, initRepo } from "./helpers/git.js";
import { awsAccessKeyId, githubToken } from "./helpers/keys.js";

const IDS = new Set(["github-personal-access-token", "aws-access-key-id", "acme-key"]);

/** The rules the allow comments on `line` cover together: "all", a set of rule ids, or undefined without a marker in a comment. */
function allowedOnLine(line: string, knownIds: ReadonlySet<string>): "all" | Set<string> | undefined {
  const markers = allowMarkers(line, knownIds);
  if (markers.length === 0) return undefined;
  if (markers.some((m) => m.rules === "all")) return "all";
  return new Set(markers.flatMap((m) => [...(m.rules as Set<string>)]));
}

describe("allowedOnLine", () => {
  it("recognises the three markers, any case", () => {
    expect(allowedOnLine(`x = 1 // scan-keys:allow`, IDS)).toBe("all");
    expect(allowedOnLine(`x = 1 # gitleaks:allow`, IDS)).toBe("all");
    expect(allowedOnLine(`x = 1 # pragma: allowlist secret`, IDS)).toBe("all");
    expect(allowedOnLine(`x = 1 # PRAGMA: ALLOWLIST SECRET`, IDS)).toBe("all");
    expect(allowedOnLine(`x = 1 /* Scan-Keys:Allow */`, IDS)).toBe("all");
    expect(allowedOnLine(`x = 1 // allowed`, IDS)).toBeUndefined();
    expect(allowedOnLine(`x = 1`, IDS)).toBeUndefined();
  });

  it("scopes to rule ids, comma- or space-separated", () => {
    expect(allowedOnLine(`x // scan-keys:allow acme-key`, IDS)).toEqual(new Set(["acme-key"]));
    expect(allowedOnLine(`x // scan-keys:allow acme-key, aws-access-key-id`, IDS)).toEqual(new Set(["acme-key", "aws-access-key-id"]));
    expect(allowedOnLine(`x // scan-keys:allow acme-key aws-access-key-id -->`, IDS)).toEqual(new Set(["acme-key", "aws-access-key-id"]));
    expect(allowedOnLine(`x // scan-keys:allow=acme-key`, IDS)).toEqual(new Set(["acme-key"]));
  });

  it("prose after the marker is not a rule id: it allows every rule", () => {
    expect(allowedOnLine(`x // scan-keys:allow test fixture, not a real key`, IDS)).toBe("all");
    expect(allowedOnLine(`x // scan-keys:allow acme-key because it is fake`, IDS)).toEqual(new Set(["acme-key"]));
  });
});

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: "acme-key", provider: "Acme", description: "", severity: "high", path: "a.txt", line: 1, column: 1, endLine: 1, endColumn: 2,
    secret: "s", redacted: "s…", fingerprint: "0123456789abcdef", lineText: "", lineTextColumn: 1, revoke: "", source: "tree", ...over,
  };
}

describe("filterFindings", () => {
  it("reads the full line, not the capped lineText, so a comment far to the right counts", () => {
    const text = `first\nkey = "K"${" ".repeat(500)}// scan-keys:allow\n`;
    const fragment: Fragment = { path: "a.txt", text, source: "tree" };
    const r = filterFindings(fragment, [finding({ line: 2, lineText: 'key = "K"' })], { ruleIds: IDS });
    expect(r.kept).toEqual([]);
    expect(r.suppressed.map((s) => s.by)).toEqual(["inline"]);
  });

  it("maps diff line numbers to the fragment's added lines", () => {
    const fragment: Fragment = { path: "a.txt", text: "a = K1\nb = K2 # scan-keys:allow\n", lineNumbers: [10, 42], source: "staged" };
    const r = filterFindings(fragment, [finding({ line: 10 }), finding({ line: 42, fingerprint: "fedcba9876543210" })], { ruleIds: IDS });
    expect(r.kept.map((f) => f.line)).toEqual([10]);
    expect(r.suppressed.map((s) => s.finding.line)).toEqual([42]);
  });

  it("a multi-line secret is allowed by a comment on its first line", () => {
    const fragment: Fragment = { path: "k.pem", text: "# scan-keys:allow\n-----BEGIN\nabc\n-----END\n", source: "tree" };
    const pem = finding({ line: 2, endLine: 4 });
    expect(filterFindings(fragment, [pem], { ruleIds: IDS }).kept).toEqual([pem]);
    const allowed: Fragment = { ...fragment, text: "x\n-----BEGIN PRIVATE KEY----- # scan-keys:allow\nabc\n-----END\n" };
    expect(filterFindings(allowed, [pem], { ruleIds: IDS }).kept).toEqual([]);
    // Outside a comment the marker is text, not an allow (issue 15: allow scope).
    const bare: Fragment = { ...fragment, text: "x\n-----BEGIN PRIVATE KEY-----scan-keys:allow\nabc\n-----END\n" };
    expect(filterFindings(bare, [pem], { ruleIds: IDS }).kept).toEqual([pem]);
  });

  it("attributes a finding to the first mechanism in order: inline, ignore file, baseline, config", () => {
    const fragment: Fragment = { path: "a.txt", text: "x # scan-keys:allow\ny\nz\nw\n", source: "tree" };
    const fps = ["1111111111111111", "2222222222222222", "3333333333333333", "4444444444444444"];
    const found = fps.map((fingerprint, i) => finding({ line: i + 1, fingerprint }));
    const r = filterFindings(fragment, found, {
      ruleIds: IDS,
      ignore: new Set(fps.slice(0, 2)),
      baseline: new Set(fps.slice(0, 3)),
      allowlist: { regexes: [], lines: [/^w$/], stopwords: [] },
    });
    expect(r.suppressed.map((s) => s.by)).toEqual(["inline", "ignore-file", "baseline", "config"]);
    expect(r.kept).toEqual([]);
  });
});

describe("inline allow through the CLI", () => {
  function write(dir: string, path: string, content: string): void {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }

  it("suppresses the allowed lines, counts them, and lists them with --show-suppressed", () => {
    const dir = initRepo();
    const gh = githubToken();
    const aws = awsAccessKeyId();
    write(
      dir,
      "a.py",
      [
        `a = "${gh}"  # scan-keys:allow`,
        `b = "${gh}"  # gitleaks:allow`,
        `c = "${gh}"  # pragma: allowlist secret`,
        `d = "${gh}"  # scan-keys:allow github-personal-access-token`,
        `e = "${gh}"  # scan-keys:allow aws-access-key-id`,
        `f = ["${aws}", "${gh}"]  # scan-keys:allow aws-access-key-id`,
        `g = "${gh}"`,
        "",
      ].join("\n"),
    );
    const r = runCli(["--format", "json", "--show-suppressed"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { line: number; ruleId: string }[]; suppressed: { line: number; suppressedBy: string }[]; stats: { suppressed: Record<string, number> } };
    expect(doc.findings.map((f) => `${f.line}:${f.ruleId}`)).toEqual(["5:github-personal-access-token", "6:github-personal-access-token", "7:github-personal-access-token"]);
    expect(doc.stats.suppressed).toEqual({ inline: 5 });
    expect(doc.suppressed.map((s) => s.line)).toEqual([1, 2, 3, 4, 6]);
    const text = runCli(["--show-suppressed"], { cwd: dir }).stdout;
    expect(text).toMatch(/suppressed\b.*\b5 by inline\b/);
    expect(text).toMatch(/a\.py:1:\d+.*github-personal-access-token.*by inline/);
  });

  it("in a staged diff: an allowed line does not block the commit, a new unallowed key does", () => {
    const dir = initRepo();
    write(dir, "README.md", "hello\n");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "init");
    write(dir, "README.md", `hello\nexample = "${githubToken()}" <!-- scan-keys:allow -->\n`);
    git(dir, "add", ".");
    // A clean --staged run is silent (hooks stay quiet on success); --verbose brings the summary back.
    const quiet = runCli(["--staged"], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe("");
    const allowed = runCli(["--staged", "--verbose"], { cwd: dir });
    expect(allowed.stdout).toMatch(/suppressed\b.*\b1 by inline\b/);
    expect(allowed.code).toBe(0);
    write(dir, "README.md", `hello\nexample = "${githubToken()}" <!-- scan-keys:allow -->\nreal = "${githubToken()}"\n`);
    git(dir, "add", ".");
    const blocked = runCli(["--staged", "--format", "json"], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect((JSON.parse(blocked.stdout) as { findings: { line: number }[] }).findings.map((f) => f.line)).toEqual([3]);
  });
});
