// The config file (.scan-keys.toml) end to end through the real CLI: custom
// rules, disable, entropy, extend, allowlists, --config, --config-from, and
// every error as one sentence with exit 2.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { git, initRepo } from "./helpers/git.js";
import { githubToken, randomToken } from "./helpers/keys.js";

function write(dir: string, path: string, content: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), content);
}

type Json = { findings: { ruleId: string; file: string; line: number; fingerprint: string }[]; suppressed?: { suppressedBy: string; file: string }[]; stats: { suppressed: Record<string, number> } };
const json = (s: string) => JSON.parse(s) as Json;

/** A custom rule for a made-up provider; its example is split with ~~ so this test file stays clean. */
const ACME_RULE = `
[[rules]]
id = "acme-key"
provider = "Acme"
description = "Acme API key"
regex = '\\b(acme_[a-z0-9]{20})\\b'
keywords = ["acme_"]
revoke = "https://acme.invalid/keys"
examples.match = ['key = acme_~~k3j9x0qpz7m2v5b8n1c4']
examples.nomatch = ['key = acme_short']
`;
const acmeKey = () => `acme_${randomToken(20, "abcdefghijklmnopqrstuvwxyz0123456789")}`;

/** One line, exit 2, names the file. */
function expectConfigError(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^scan-keys: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("config file", () => {
  it("adds a custom rule whose examples pass, found alongside built-in rules", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", ACME_RULE);
    write(dir, "a.txt", `x = ${acmeKey()}\ny = "${githubToken()}"\n`);
    const r = runCli(["--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.ruleId).sort()).toEqual(["acme-key", "github-personal-access-token"]);
  });

  it("finds .scan-keys.toml at the repository root when run from a subdirectory", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", ACME_RULE);
    write(dir, "sub/a.txt", `x = ${acmeKey()}\n`);
    const r = runCli(["--format", "json", "."], { cwd: join(dir, "sub") });
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toEqual(["acme-key"]);
  });

  it("uses the scan's directory outside git", () => {
    const dir = tempDir();
    write(dir, ".scan-keys.toml", ACME_RULE);
    write(dir, "a.txt", `x = ${acmeKey()}\n`);
    expect(json(runCli(["--format", "json"], { cwd: dir }).stdout).findings).toHaveLength(1);
  });

  it("extend = false replaces the built-in rules", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", `extend = false\n${ACME_RULE}`);
    write(dir, "a.txt", `x = ${acmeKey()}\ny = "${githubToken()}"\n`);
    const r = runCli(["--format", "json"], { cwd: dir });
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toEqual(["acme-key"]);
  });

  it("disable turns a built-in rule off", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", `disable = ["github-personal-access-token"]\n`);
    write(dir, "a.txt", `y = "${githubToken()}"\n`);
    const r = runCli([], { cwd: dir });
    expect(r.code).toBe(0);
  });

  it("a custom rule may take a disabled built-in rule's id", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", `disable = ["github-personal-access-token"]\n${ACME_RULE.replace('"acme-key"', '"github-personal-access-token"')}`);
    write(dir, "a.txt", `x = ${acmeKey()}\ny = "${githubToken()}"\n`);
    const r = runCli(["--format", "json"], { cwd: dir });
    expect(json(r.stdout).findings.map((f) => f.line)).toEqual([1]);
  });

  it("[entropy] changes a rule's threshold", () => {
    const dir = initRepo();
    write(dir, "a.txt", `y = "${githubToken()}"\n`);
    expect(runCli([], { cwd: dir }).code).toBe(1);
    write(dir, ".scan-keys.toml", `[entropy]\n"github-personal-access-token" = 7.9\n`);
    expect(runCli([], { cwd: dir }).code).toBe(0);
  });

  it("--config FILE is used instead of the root config", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", `disable = ["github-personal-access-token"]\n`);
    write(dir, "other.toml", ACME_RULE);
    write(dir, "a.txt", `x = ${acmeKey()}\ny = "${githubToken()}"\n`);
    const r = runCli(["--config", "other.toml", "--format", "json"], { cwd: dir });
    expect(json(r.stdout).findings.map((f) => f.ruleId).sort()).toEqual(["acme-key", "github-personal-access-token"]);
  });

  describe("[allowlist]", () => {
    const cases: [string, (key: string) => string][] = [
      ["paths", () => `[allowlist]\npaths = ["fixtures/**"]\n`],
      ["regexes", (key) => `[allowlist]\nregexes = ["^${key.slice(0, 10)}"]\n`],
      ["lines", () => `[allowlist]\nlines = ["FAKE-FOR-TESTS"]\n`],
      ["stopwords", (key) => `[allowlist]\nstopwords = ["${key.slice(6, 14).toUpperCase()}"]\n`],
    ];
    for (const [name, config] of cases) {
      it(`${name} suppresses, counted as by config and listed with --show-suppressed`, () => {
        const dir = initRepo();
        const key = githubToken();
        write(dir, "fixtures/a.txt", `y = "${key}" # FAKE-FOR-TESTS\n`);
        write(dir, ".scan-keys.toml", config(key));
        const r = runCli(["--format", "json", "--show-suppressed"], { cwd: dir });
        expect(r.code).toBe(0);
        const doc = json(r.stdout);
        expect(doc.findings).toEqual([]);
        expect(doc.stats.suppressed).toEqual({ config: 1 });
        expect(doc.suppressed).toMatchObject([{ suppressedBy: "config", file: "fixtures/a.txt" }]);
        const text = runCli([], { cwd: dir });
        expect(text.stdout).toMatch(/suppressed\b.*\b1 by config\b/);
      });
    }

    it("paths are relative to the repository root, from any directory", () => {
      const dir = initRepo();
      write(dir, ".scan-keys.toml", `[allowlist]\npaths = ["pkg/fixtures/**"]\n`);
      write(dir, "pkg/fixtures/a.txt", `y = "${githubToken()}"\n`);
      write(dir, "pkg/src/b.txt", `y = "${githubToken()}"\n`);
      const r = runCli(["--format", "json", "."], { cwd: join(dir, "pkg") });
      expect(json(r.stdout).findings.map((f) => f.file)).toEqual(["src/b.txt"]);
    });
  });

  describe("errors: exit 2, one sentence naming the file and line", () => {
    const cases: [string, string, RegExp][] = [
      ["bad TOML syntax", `[allowlist]\npaths = ["a"\n`, /^scan-keys: \.scan-keys\.toml:\d+: not valid TOML \(/],
      ["an unknown top-level key", `extend = true\nallowlsit = 1\n`, /^scan-keys: \.scan-keys\.toml:2: unknown key "allowlsit"; a config file may set extend, disable, entropy, allowlist, baseline and rules\.$/m],
      ["an unknown [allowlist] key", `[allowlist]\npaths = []\nregex = ["x"]\n`, /^scan-keys: \.scan-keys\.toml:3: unknown key "regex" in \[allowlist\]/],
      ["an unknown key in a rule", `${ACME_RULE}colour = "red"\n`, /^scan-keys: \.scan-keys\.toml:11: rule "acme-key": unknown key "colour"\.$/m],
      ["an invalid allowlist regex", `[allowlist]\nregexes = [\n  "ok",\n  "(unclosed",\n]\n`, /^scan-keys: \.scan-keys\.toml:4: \[allowlist\] regexes entry 2 is not valid RE2 syntax \(missing closing \): `\(unclosed`\)\.$/m],
      ["a rule regex with a lookahead", ACME_RULE.replace(`'\\b(acme_[a-z0-9]{20})\\b'`, `'(acme_(?=[a-z]*[0-9])[a-z0-9]{20})'`), /^scan-keys: \.scan-keys\.toml:6: rule "acme-key": "regex" uses a lookahead "\(\?=" at character 7, which RE2 syntax does not have \(.*"require", "reject", "allow" or "stopwords"\)\.$/m],
      ["a rule regex with a lookbehind", ACME_RULE.replace(`'\\b(acme_[a-z0-9]{20})\\b'`, `'(?<![a-z])(acme_[a-z0-9]{20})'`), /^scan-keys: \.scan-keys\.toml:6: rule "acme-key": "regex" uses a negative lookbehind "\(\?<!" at character 1, which RE2 syntax does not have/m],
      ["a rule regex with a backreference", ACME_RULE.replace(`'\\b(acme_[a-z0-9]{20})\\b'`, `'(["x])(acme_[a-z0-9]{20})\\1'`), /^scan-keys: \.scan-keys\.toml:6: rule "acme-key": "regex" uses a backreference "\\1" at character \d+, which RE2 syntax does not have/m],
      ["an allow pattern with a lookahead", ACME_RULE.replace("examples.match", `allow = ['^(?!acme_)']\nexamples.match`), /^scan-keys: \.scan-keys\.toml:\d+: rule "acme-key": "allow" entry 1 uses a negative lookahead "\(\?!"/m],
      ["an allowlist line pattern with a lookbehind", `[allowlist]\nlines = ["(?<=test)x"]\n`, /^scan-keys: \.scan-keys\.toml:2: \[allowlist\] lines entry 1 uses a lookbehind "\(\?<="/m],
      ["an invalid rule regex", ACME_RULE.replace(`'\\b(acme_[a-z0-9]{20})\\b'`, `'(acme_['`), /^scan-keys: \.scan-keys\.toml:6: rule "acme-key": "regex" is not valid RE2 syntax/],
      ["an unknown rule id in disable", `disable = [\n  "no-such-rule",\n]\n`, /^scan-keys: \.scan-keys\.toml:2: "disable" names "no-such-rule", which is not a built-in rule id/],
      ["an unknown rule id in [entropy]", `[entropy]\n"no-such-rule" = 4\n`, /^scan-keys: \.scan-keys\.toml:2: \[entropy\] sets a threshold for "no-such-rule", which is not a rule id/],
      ["a custom rule whose match example fails", ACME_RULE.replace("k3j9x0qpz7m2v5b8n1c4", "k3j9x0"), /^scan-keys: \.scan-keys\.toml:9: rule "acme-key" does not find its own match example "key = acme_~~k3j9x0"/],
      ["a custom rule whose nomatch example matches", ACME_RULE.replace("acme_short", "acme_q8w3e5r7t9y1u2i4o6p0"), /^scan-keys: \.scan-keys\.toml:10: rule "acme-key" finds its own nomatch example/],
      ["a custom rule with a built-in rule's id", ACME_RULE.replace('"acme-key"', '"github-personal-access-token"'), /^scan-keys: \.scan-keys\.toml:2: rule "github-personal-access-token" has the id of a built-in rule \(rules\/source-hosting\.toml\); choose another id, or add "github-personal-access-token" to "disable" to replace it\.$/m],
      ["an unknown checksum scheme", ACME_RULE.replace("examples.match", `checksum = "luhn"\nexamples.match`), /^scan-keys: \.scan-keys\.toml:\d+: rule "acme-key": "checksum" must be one of github-crc32\.$/m],
      ["a rule without required keys", `[[rules]]\nid = "x-key"\n`, /^scan-keys: \.scan-keys\.toml:1: rule "x-key": "provider" must be a non-empty string\.$/m],
      ["a wrong type", `extend = "yes"\n`, /^scan-keys: \.scan-keys\.toml:1: "extend" must be true/],
      ["extend = false with no rules", `extend = false\n`, /^scan-keys: \.scan-keys\.toml: "extend = false" with no \[\[rules\]\] leaves nothing to scan for/],
    ];
    for (const [what, config, message] of cases) {
      it(what, () => {
        const dir = initRepo();
        write(dir, ".scan-keys.toml", config);
        write(dir, "a.txt", "clean\n");
        expectConfigError(runCli([], { cwd: dir }), message);
      });
    }

    it("runs a catastrophic user pattern in linear time: (x+)+$ in a rule, its examples and an allowlist", () => {
      // On a backtracking engine each of these takes 2^n steps on "zqaaa…a!".
      const dir = initRepo();
      const run = "a".repeat(50_000);
      write(dir, ".scan-keys.toml", `
[allowlist]
regexes = ['^(x+x+)+y$']

[[rules]]
id = "evil-rule"
provider = "Test"
description = "A classic catastrophic pattern"
regex = '(zq(?:[a-z0-9]+)+)$'
keywords = ["zq"]
revoke = "n/a"
examples.match = ['zq~~k3j9x0qpz7m2v5b8n1c4']
examples.nomatch = ['zq${"a".repeat(40)}!']
`);
      write(dir, "hostile.txt", `zq${run}!\n${"x".repeat(50_000)}\n`);
      const clean = runCli(["--format", "json", "--", "hostile.txt"], { cwd: dir });
      expect(clean.stderr, clean.stderr).toBe(""); // whole, should it ever fail: the reason comes after the count
      expect(clean.code).toBe(0);
      const key = `zq${randomToken(30, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
      write(dir, "hostile.txt", `zq${run}!\n${key}`);
      const found = runCli(["--format", "json", "--", "hostile.txt"], { cwd: dir });
      expect(json(found.stdout).findings.map((f) => [f.ruleId, f.line])).toEqual([["evil-rule", 2]]);
    });

    it("a --config file that does not exist", () => {
      const dir = initRepo();
      expectConfigError(runCli(["--config", "nope.toml"], { cwd: dir }), /^scan-keys: nope\.toml: no such config file\.$/m);
    });

    it("names the file as given with --config", () => {
      const dir = initRepo();
      write(dir, "cfg/scan.toml", `bogus = 1\n`);
      expectConfigError(runCli(["--config", "cfg/scan.toml"], { cwd: dir }), /^scan-keys: cfg\/scan\.toml:1: unknown key "bogus"/);
    });
  });
});

describe("--config-from REV (trust the reviewed config)", () => {
  function repoWithReviewedConfig(): { dir: string; key: string } {
    const dir = initRepo();
    const key = githubToken();
    write(dir, "a.txt", `y = "${key}"\n`);
    write(dir, ".scan-keys.toml", `[allowlist]\npaths = ["docs/**"]\n`);
    git(dir, "add", ".scan-keys.toml");
    git(dir, "commit", "-qm", "reviewed config");
    git(dir, "branch", "reviewed");
    // The change under review widens the allowlist and ignores the key.
    write(dir, ".scan-keys.toml", `[allowlist]\npaths = ["**"]\n`);
    const fp = json(runCli(["--format", "json", "--config", "/dev/null"], { cwd: dir }).stdout).findings[0]!.fingerprint;
    write(dir, ".scan-keys-ignore", `${fp}\n`);
    return { dir, key };
  }

  it("reads .scan-keys.toml and .scan-keys-ignore from the revision, not the work tree", () => {
    const { dir } = repoWithReviewedConfig();
    expect(runCli([], { cwd: dir }).code).toBe(0);
    const r = runCli(["--config-from", "reviewed", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).stats.suppressed).toEqual({});
  });

  it("a revision without the files means no config", () => {
    const { dir } = repoWithReviewedConfig();
    const emptyTree = git(dir, "hash-object", "-t", "tree", "-w", "/dev/null").trim();
    const empty = git(dir, "commit-tree", emptyTree, "-m", "empty").trim();
    expect(runCli(["--config-from", empty, "a.txt"], { cwd: dir }).code).toBe(1);
  });

  it("reads the config's custom rules from the revision", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", ACME_RULE);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "config");
    write(dir, ".scan-keys.toml", "extend = true\n");
    write(dir, "a.txt", `x = ${acmeKey()}\n`);
    expect(runCli([], { cwd: dir }).code).toBe(0);
    expect(runCli(["--config-from", "HEAD"], { cwd: dir }).code).toBe(1);
  });

  it("a bad revision is an error", () => {
    const dir = initRepo();
    git(dir, "commit", "-q", "--allow-empty", "-m", "x");
    expectConfigError(runCli(["--config-from", "no-such-branch"], { cwd: dir }), /^scan-keys: "no-such-branch" is not a commit in this repository/);
  });

  it("outside git is an error", () => {
    const dir = tempDir();
    expectConfigError(runCli(["--config-from", "HEAD"], { cwd: dir }), /--config-from HEAD reads the config from git, but .* is not inside a git repository/);
  });

  it("errors in a config read from a revision name REV:path", () => {
    const dir = initRepo();
    write(dir, ".scan-keys.toml", `bogus = 1\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "config");
    expectConfigError(runCli(["--config-from", "HEAD"], { cwd: dir }), /^scan-keys: HEAD:\.scan-keys\.toml:1: unknown key "bogus"/);
  });
});

describe("a custom rule in a pre-commit run", () => {
  it("blocks a real commit through the installed hook, and --staged reports it", async () => {
    const { commitCount, installHook, tryGit } = await import("./helpers/gitrepo.js");
    const dir = initRepo();
    write(dir, ".scan-keys.toml", ACME_RULE);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "config");
    installHook(dir);
    write(dir, "app.env", `ACME=${acmeKey()}\n`);
    git(dir, "add", "app.env");
    const staged = runCli(["--staged", "--format", "json"], { cwd: dir });
    expect(staged.code).toBe(1);
    expect(json(staged.stdout).findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual(["app.env:1:acme-key"]);
    const before = commitCount(dir);
    const r = tryGit(dir, ["commit", "-m", "with acme key"]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/acme-key/);
    expect(commitCount(dir)).toBe(before);
  });
});
