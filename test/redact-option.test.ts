// --redact's spellings, end to end: gitleaks' --redact=N (a percentage) used
// to turn redaction off. Every accepted spelling is checked in every report
// format, through both parsers (the fast path and yargs, which `scan` takes)
// and a --staged hook line; every other spelling is refused before anything
// is written.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../src/report/formats.js";
import { redactSecret, REDACTED } from "../src/engine/redact.js";
import { takeRedaction } from "../src/report/redact-option.js";
import { repoWithKey, runCli } from "./helpers/gitrepo.js";
import { randomToken } from "./helpers/keys.js";

/** One run writing every format to a file of its own; returns the exit code, stderr and each report (undefined when not written). */
function everyFormat(repo: string, lead: string[], redact: string[]) {
  const outputs = FORMATS.flatMap((f) => ["--format", f, "--output", `report.${f}`]);
  const r = runCli([...lead, ...outputs, ...redact], { cwd: repo });
  const reports = Object.fromEntries(FORMATS.map((f) => [f, existsSync(join(repo, `report.${f}`)) ? readFileSync(join(repo, `report.${f}`), "utf8") : undefined]));
  return { ...r, reports };
}

// How each command line reaches the scan: util.parseArgs, yargs (the `scan` command), a hook line.
const PATHS: Record<string, string[]> = { "fast path": ["app.js"], yargs: ["scan", "app.js"], staged: ["--staged"] };

/** Accepted spellings and the most of the key's 40 characters any report may show. */
const HIDE: [string[], number][] = [
  [[], 8], // the prefix rule: ghp_ and 4 characters
  [["--redact=0"], 8],
  [["--redact=1"], 8],
  [["--redact=50"], 8],
  [["--redact=90"], 4],
  [["--redact=99"], 0],
  [["--redact=100"], 0],
  [["--redact"], 0],
  [["--redact=true"], 0],
  [["--redact", "--redact=50"], 0], // repeats keep the strongest
];
const SHOW = [["--no-redact"], ["--redact=false"]];
const REFUSED = [
  ["--redact=yes"], ["--redact=no"], ["--redact=on"], ["--redact=off"], ["--redact="], ["--redact=-1"], ["--redact=101"],
  ["--redact=50%"], ["--redact=1.5"], ["--redact=0x10"], ["--redact= 50"], ["--no-redact=1"], ["--no-redact=false"],
  ["--redact=50", "--no-redact"], ["--no-redact", "--redact"], ["--redact=false", "--redact=true"],
];

describe("--redact spellings", () => {
  for (const [path, lead] of Object.entries(PATHS)) {
    // One test per spelling: ten runs of every format in one test took 37 s of the 60 s budget on a loaded machine.
    it.each(HIDE.map(([spelling, shown]) => [spelling.join(" ") || "(none)", spelling, shown] as const))(
      `hides at least what %s asks, in every format (${path})`,
      (_, spelling, shown) => {
        const { repo, key } = repoWithKey();
        const r = everyFormat(repo, lead, spelling);
        expect(r.code, `${spelling.join(" ")}: ${r.stderr}`).toBe(1);
        for (const f of FORMATS) {
          const report = r.reports[f]!;
          expect(report, `${f} ${spelling.join(" ")}`).toBeDefined();
          // Never more of the key than allowed (4 characters: "ghp_", which rule names hold anyway).
          expect(report, `${f} ${spelling.join(" ")}`).not.toContain(key.slice(0, Math.max(shown, 4) + 1));
        }
        if (shown === 0) expect(r.reports.text).toContain(`secret:      ${REDACTED}`);
        else expect(r.reports.text).toContain(`secret:      ${key.slice(0, shown)}…`);
      },
    );

    it(`prints the key in full for --no-redact and --redact=false only, in every format (${path})`, () => {
      const { repo, key } = repoWithKey();
      for (const spelling of SHOW) {
        const r = everyFormat(repo, lead, spelling);
        expect(r.code, r.stderr).toBe(1);
        for (const f of FORMATS) expect(r.reports[f], `${f} ${spelling.join(" ")}`).toContain(key);
      }
    });
  }

  for (const path of ["fast path", "yargs"]) {
    it(`refuses every other spelling with one sentence and exit 2, writing no report (${path})`, () => {
      const { repo, key } = repoWithKey();
      for (const spelling of REFUSED) {
        const r = everyFormat(repo, PATHS[path]!, spelling);
        expect(r.code, spelling.join(" ")).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).not.toContain(key);
        expect(r.stderr.trim().split("\n"), spelling.join(" ")).toHaveLength(1);
        expect(r.stderr).toMatch(/^scan-keys: .*(not a redaction level|takes no value|contradict each other).*\.\n$/);
        for (const f of FORMATS) expect(r.reports[f], `${f} ${spelling.join(" ")}`).toBeUndefined();
      }
    });
  }

  it("leaves a --redact after -- to the paths, and a separate value is a path, not a level", () => {
    const { repo } = repoWithKey();
    const r = runCli(["app.js", "--redact", "50"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/50: no such file/);
    const after = runCli(["--", "--redact=50"], { cwd: repo });
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/--redact=50: no such file/);
  });

  it("is refused by the sub-commands that print no secrets", () => {
    const { repo } = repoWithKey();
    for (const line of [["baseline", "--redact=50"], ["rules", "--redact"], ["init", "--no-redact"]]) {
      const r = runCli(line, { cwd: repo });
      expect(r.code, line.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/Unknown argument: redact/);
    }
  });
});

describe("takeRedaction and redactSecret", () => {
  it("reads the spellings, keeps paths after --, and defaults to the prefix rule", () => {
    expect(takeRedaction(["--staged"])).toEqual({ argv: ["--staged"], redact: 0 });
    expect(takeRedaction(["a", "--redact=30", "b"])).toEqual({ argv: ["a", "b"], redact: 30 });
    expect(takeRedaction(["--redact", "--", "--no-redact"])).toEqual({ argv: ["--", "--no-redact"], redact: 100 });
    expect(takeRedaction(["--redact=false"]).redact).toBe(false);
  });

  it("never shows more than the prefix rule, and at most (100 - N)% of the secret", () => {
    const key = `ghp_${randomToken(36)}`;
    expect(redactSecret(key)).toBe(`${key.slice(0, 8)}…`);
    expect(redactSecret(key, 50)).toBe(redactSecret(key));
    expect(redactSecret(key, 95)).toBe(`${key.slice(0, 2)}…`);
    expect(redactSecret(key, 100)).toBe(REDACTED);
    const pem = ["-----BEGIN RSA PRIVATE KEY-----", randomToken(64), randomToken(64), "-----END RSA PRIVATE KEY-----"].join("\n");
    expect(redactSecret(pem)).toBe("-----BEGIN RSA PRIVATE KEY----- …");
    expect(redactSecret(pem, 90)).toBe(`${pem.slice(0, Math.floor(pem.length / 10))}…`);
    expect(redactSecret(pem, 100)).toBe(REDACTED);
  });
});
