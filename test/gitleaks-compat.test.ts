// What else a gitleaks user brings along, through the real CLI in real
// repositories: .gitleaksignore (history and directory fingerprints),
// gitleaks:allow in every comment syntax, the gitleaks JSON report
// (--format gitleaks) and gitleaks reports as --baseline.
import { describe, expect, it } from "vitest";
import { commitFiles, initRepo, runCli, write } from "./helpers/gitrepo.js";
import { githubToken, randomToken } from "./helpers/keys.js";

type Found = { ruleId: string; file: string; line: number; commit?: { sha: string } };
function scan(dir: string, args: string[] = []): { code: number; findings: Found[]; stderr: string } {
  const r = runCli(["--format", "json", ...args], { cwd: dir });
  return { code: r.code, findings: r.code === 2 ? [] : (JSON.parse(r.stdout).findings as Found[]), stderr: r.stderr };
}
const where = (fs: Found[]) => fs.map((f) => `${f.file}:${f.line}`).sort();

describe(".gitleaksignore", () => {
  it("drops directory fingerprints (file:rule-id:line), skips # comments, and works next to .scan-keys-ignore", () => {
    const dir = initRepo();
    write(dir, "src/a.js", `const a = "${githubToken()}";\nconst b = "${githubToken()}";\n`);
    write(dir, "src/c.js", `const c = "${githubToken()}";\n`);
    write(dir, "d.js", `\nconst d = "${githubToken()}";\n`);
    expect(where(scan(dir).findings)).toEqual(["d.js:2", "src/a.js:1", "src/a.js:2", "src/c.js:1"]);
    write(
      dir,
      ".gitleaksignore",
      [
        "# accepted after review",
        "src/a.js:github-personal-access-token:1",
        "src/c.js:github-pat:1", // gitleaks' id for the same kind of key
        "# src/a.js:github-personal-access-token:2",
        "d.js:github-personal-access-token:1", // the wrong line: no effect
        "",
      ].join("\n"),
    );
    const r = scan(dir, ["--show-suppressed"]);
    expect(where(r.findings)).toEqual(["d.js:2", "src/a.js:2"]);
    // From a subdirectory, paths still name files from the repository root.
    expect(where(scan(`${dir}/src`).findings)).toEqual(["a.js:2"]);
  });

  it("drops history fingerprints (commit:file:rule-id:line) only in that commit", () => {
    const dir = initRepo();
    const key = githubToken();
    const first = commitFiles(dir, { "cfg.txt": `token = ${key}\n` }, "add token");
    commitFiles(dir, { "cfg.txt": `token = ${key}\nother = ${githubToken()}\n` }, "add another");
    write(dir, ".gitleaksignore", `${first}:cfg.txt:github-personal-access-token:1\n`);
    const r = scan(dir, ["--history"]);
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.commit?.sha === first ? "first" : "second"}`)).toEqual(["cfg.txt:2:second"]);
  });

  it("is read from the reviewed revision with --config-from", () => {
    const dir = initRepo();
    commitFiles(dir, { ".gitleaksignore": "a.txt:github-personal-access-token:1\n" }, "accept");
    write(dir, ".gitleaksignore", "# emptied by a pull request\n");
    write(dir, "a.txt", `token = ${githubToken()}\n`);
    expect(where(scan(dir, ["a.txt"]).findings)).toEqual(["a.txt:1"]);
    expect(scan(dir, ["a.txt", "--config-from", "HEAD"]).findings).toEqual([]);
  });

  it("refuses a line that is no gitleaks fingerprint, naming file and line (exit 2)", () => {
    const dir = initRepo();
    write(dir, "a.txt", "x\n");
    write(dir, ".gitleaksignore", "# ok\nsrc/a.js:github-pat:1\nnot-a-fingerprint\n");
    const r = runCli(["a.txt"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: \.gitleaksignore:3: "not-a-fingerprint" is not a gitleaks fingerprint/);
  });
});

describe("gitleaks:allow", () => {
  const syntaxes = [
    (l: string) => `${l} // gitleaks:allow`,
    (l: string) => `${l} # gitleaks:allow`,
    (l: string) => `${l} /* gitleaks:allow */`,
    (l: string) => `${l} <!-- gitleaks:allow -->`,
    (l: string) => `${l} -- gitleaks:allow`,
    (l: string) => `${l} ; gitleaks:allow`,
    (l: string) => `${l} % gitleaks:allow`,
    (l: string) => `${l} ' gitleaks:allow`,
    (l: string) => `${l} {- gitleaks:allow -}`,
    (l: string) => `${l} (* gitleaks:allow *)`,
    (l: string) => `${l} {# gitleaks:allow #}`,
    (l: string) => `${l} <%-- gitleaks:allow --%>`,
    (l: string) => `${l} ! gitleaks:allow`,
    (l: string) => `${l} """gitleaks:allow"""`,
    (l: string) => `${l} REM gitleaks:allow`,
  ];

  it("silences the line in every comment syntax, and only that line", () => {
    const dir = initRepo();
    syntaxes.forEach((s, i) => write(dir, `f${i}.txt`, `${s(`token = "${githubToken()}"`)}\ntoken = "${githubToken()}"\n`));
    const r = scan(dir);
    expect(where(r.findings)).toEqual(syntaxes.map((_, i) => `f${i}.txt:2`).sort());
  });
});

type GlFinding = Record<string, unknown>;
const FIELDS = ["RuleID", "Description", "StartLine", "EndLine", "StartColumn", "EndColumn", "Match", "Secret", "File", "SymlinkFile", "Commit", "Entropy", "Author", "Email", "Date", "Message", "Tags", "Fingerprint"];

describe("--format gitleaks", () => {
  it("writes gitleaks' report shape, redacted unless --no-redact, with rule tags", () => {
    const dir = initRepo();
    write(dir, ".gitleaks.toml", `[extend]\nuseDefault = true\n[[rules]]\nid = "acme-key"\nregex = '''acme_key\\s*=\\s*"(acme_[a-z0-9]{24})"'''\nkeywords = ["acme_"]\ntags = ["acme", "vendor"]\n`);
    const acme = `acme_${randomToken(24, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    const gh = githubToken();
    write(dir, "app.py", `import os\nacme_key = "${acme}"\nGH = "${gh}"\n`);
    const r = runCli(["--format", "gitleaks"], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as GlFinding[];
    expect(out).toHaveLength(2);
    for (const f of out) expect(Object.keys(f)).toEqual(FIELDS);
    const byRule = Object.fromEntries(out.map((f) => [f.RuleID, f]));
    expect(byRule["acme-key"]).toMatchObject({
      StartLine: 2, EndLine: 2, StartColumn: 13, EndColumn: 12 + acme.length,
      Match: `acme_key = "REDACTED"`, Secret: "REDACTED", File: "app.py", SymlinkFile: "", Commit: "",
      Author: "", Email: "", Date: "", Message: "", Tags: ["acme", "vendor"], Fingerprint: "app.py:acme-key:2",
    });
    expect(byRule["github-personal-access-token"]).toMatchObject({ Secret: "REDACTED", Tags: [], Fingerprint: "app.py:github-personal-access-token:3" });
    expect(r.stdout).not.toContain(gh);
    const plain = JSON.parse(runCli(["--format", "gitleaks", "--no-redact"], { cwd: dir }).stdout) as GlFinding[];
    expect(plain.find((f) => f.RuleID === "acme-key")).toMatchObject({ Secret: acme, Match: `acme_key = "${acme}"` });
  });

  it("fills Commit, Author, Email, Date and a commit fingerprint for history scans", () => {
    const dir = initRepo();
    const sha = commitFiles(dir, { "k.txt": `token = ${githubToken()}\n` }, "add the key");
    const out = JSON.parse(runCli(["--history", "--format", "gitleaks"], { cwd: dir }).stdout) as GlFinding[];
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ Commit: sha, Author: "Test User", Email: "test@example.invalid", File: "k.txt", Fingerprint: `${sha}:k.txt:github-personal-access-token:1` });
    expect(typeof out[0]!.Date).toBe("string");
    expect(out[0]!.Date).not.toBe("");
    expect(typeof out[0]!.Message).toBe("string");
  });
});

describe("--baseline with a gitleaks report", () => {
  it("reports only findings the report does not hold; an unredacted report follows a key that moved", () => {
    const dir = initRepo();
    const old1 = githubToken();
    const old2 = githubToken();
    write(dir, "a.txt", `one = ${old1}\ntwo = ${old2}\n`);
    expect(runCli(["--format", "gitleaks", "--output", "report.json"], { cwd: dir }).code).toBe(1);
    expect(runCli(["--format", "gitleaks", "--no-redact", "--output", "secrets.json"], { cwd: dir }).code).toBe(1);
    // Redacted: entries are places (file, line, rule).
    write(dir, "a.txt", `one = ${old1}\ntwo = ${old2}\nthree = ${githubToken()}\n`);
    expect(where(scan(dir, ["a.txt", "--baseline", "report.json"]).findings)).toEqual(["a.txt:3"]);
    // Unredacted: the secret identifies a finding anywhere in its file, so keys that moved stay baselined.
    write(dir, "a.txt", `new = ${githubToken()}\n\none = ${old1}\ntwo = ${old2}\n`);
    expect(where(scan(dir, ["a.txt", "--baseline", "secrets.json"]).findings)).toEqual(["a.txt:1"]);
  });

  it("reads a report gitleaks wrote, whose rule ids are gitleaks' own", () => {
    const dir = initRepo();
    write(dir, "a.txt", `x = 1\ntoken = ${githubToken()}\nother = ${githubToken()}\n`);
    const report = [{ RuleID: "github-pat", Description: "GitHub PAT", StartLine: 2, EndLine: 2, StartColumn: 9, EndColumn: 48, Match: "REDACTED", Secret: "REDACTED", File: "a.txt", SymlinkFile: "", Commit: "", Entropy: 4.5, Author: "", Email: "", Date: "", Message: "", Tags: [], Fingerprint: "a.txt:github-pat:2" }];
    write(dir, "gitleaks-report.json", JSON.stringify(report));
    expect(where(scan(dir, ["a.txt", "--baseline", "gitleaks-report.json"]).findings)).toEqual(["a.txt:3"]);
    write(dir, "bad.json", JSON.stringify([{ File: "a.txt" }]));
    const r = runCli(["a.txt", "--baseline", "bad.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: bad\.json: finding 1 of the gitleaks report has no File, RuleID or StartLine/);
  });
});

describe("gitleaks command lines", () => {
  it("get one sentence naming the scan-keys equivalent (exit 2), unless the word is a real path", () => {
    const dir = initRepo();
    const cases: [string[], RegExp][] = [
      [["git"], /"git" is a gitleaks command, not a path: scan-keys --history/],
      [["dir", "."], /"dir" is a gitleaks command, not a path: scan-keys PATH/],
      [["protect", "--staged"], /"protect" is a gitleaks command, not a path: scan-keys --staged/],
      [[".", "--report-format", "json"], /--report-format is a gitleaks option: use --format \(json in gitleaks' shape is --format gitleaks\)/],
      [[".", "--report-path=out.json"], /--report-path is a gitleaks option: use --output FILE/],
      [[".", "--exit-code", "3"], /--exit-code is a gitleaks option: scan-keys' exit codes are fixed/],
      [["--history", "--log-opts=main..HEAD"], /--log-opts is a gitleaks option: use --history --range A\.\.B/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    write(dir, "git/a.txt", `token = ${githubToken()}\n`); // a directory named like the command is scanned
    expect(where(scan(dir, ["git"]).findings)).toEqual(["git/a.txt:1"]);
  });
});
