// The shapes of issue 16 end to end: fixture files written into a real git
// repository at test time (random values, so this repository's own scan
// stays clean), scanned by the real CLI. Each true line is reported at its
// line with the expected rule and severity; the look-alike file is silent;
// --min-severity keeps only what it asks for; the BPE tokenizer is loaded
// only when a generic candidate needs judging.
import { describe, expect, it } from "vitest";
import { commitFiles, initRepo, runCli, scanJson } from "./helpers/gitrepo.js";
import { randomToken } from "./helpers/keys.js";

const HEX = "0123456789abcdef";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const join = (...p: string[]) => p.join("");

interface Expect {
  file: string;
  line: number;
  rule: string | RegExp;
  severity?: "high" | "medium" | "low";
}

function fixtures() {
  const pw = () => join("k8", randomToken(2, "0123456789"), "Jx", randomToken(4));
  const files: Record<string, string> = {};
  const expected: Expect[] = [];
  const add = (file: string, lines: [string, string | RegExp, ("high" | "medium" | "low")?][]) => {
    const start = files[file] ? files[file].split("\n").length - 1 : 0;
    files[file] = (files[file] ?? "") + lines.map(([l]) => l).join("\n") + "\n";
    lines.forEach(([, rule, severity], i) => rule && expected.push({ file, line: start + i + 1, rule, ...(severity ? { severity } : {}) }));
  };
  add("config/settings.yml", [
    [`password: '${pw()}'`, "generic-password-assignment", "medium"],
    [`db_password: ${pw()}x`, "generic-password-assignment-unquoted", "medium"],
    [`token_secret: '${randomToken(12)}'`, /^generic-secret-assignment/],
    // A weak password (one class, short) is reported, at low: --min-severity medium hides it.
    [`smtp_password: '${randomToken(7, "abcdefghijklmnopqrstuvwxyz")}'`, "generic-password-assignment", "low"],
  ]);
  // Ten distinct characters in a random order: random enough to vary, never under the rule's entropy floor
  // (seven random characters after "Qm7" fell under it about once in 300 runs: "Qm7mmC0N0C").
  add(".env.sample.local", [[`INWX_PASSWORD=${[..."Qm7vRt2xLp"].sort(() => Math.random() - 0.5).join("")}`, "generic-password-assignment-unquoted", "medium"]]);
  add("app.properties", [[`mail.password = s3cr3t${randomToken(5)}`, "generic-password-assignment-unquoted"]]);
  add("appsettings.json", [
    [`{ "Password": "Tr0ub4dor&${randomToken(3, "0123456789")}",`, "generic-password-assignment", "medium"],
    [`  "Apitoken": "${randomToken(64, HEX)}",`, /^(?:generic-secret-assignment|curl-header-credential)$/, "medium"],
    [`  "consumerKey": "${randomToken(16)}" }`, "generic-secret-assignment"],
  ]);
  add("client.py", [
    [`conn.login('deploy', 'w9G${randomToken(5)}')`, "generic-login-call"],
    [`KEY = '${randomToken(32, HEX)}'`, "generic-key-assignment"],
  ]);
  add("deploy.ini", [[`api_key=${randomToken(40, HEX)}`, "generic-secret-assignment-unquoted", "medium"]]);
  add("services.env", [
    [`NATS_URL=nats://app:${randomToken(12)}@nats.internal:4222`, "generic-url-password", "medium"],
    [`AMQP=amqp://orders:${randomToken(12)}@rabbit.acme.io:5672/`, /amqp|generic-url-password/],
    [`CACHE=rediss://default:${randomToken(14)}@cache.acme.io:6380`, /redis|generic-url-password/],
    [`FTP=ftp://uploader:${randomToken(10)}@files.acme.io/in`, /url-embedded-credentials|generic-url-password/],
    [`LDAP=ldap://cn=admin:${randomToken(10)}@ldap.acme.io`, /url-embedded-credentials|generic-url-password/],
  ]);
  add("links.md", [
    [
      `https://b.s3.amazonaws.com/r.csv?X-Amz-Credential=${join("AK", "IA", randomToken(16, B32))}%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=600&X-Amz-Signature=${randomToken(64, HEX)}`,
      "aws-presigned-url",
    ],
  ]);
  add("nats.conf", [[`seed: ${join("SU", "A", "K", randomToken(54, B32))}`, "nats-nkey-seed", "high"]]);
  add("transcript.http", [
    [`Authorization: token ${randomToken(40, HEX)}`, "generic-bearer-token"],
    [`X-Auth-Token: ${randomToken(32)}`, /generic-api-key-header|generic-secret-assignment-unquoted/],
  ]);
  // Look-alikes in the same shapes: placeholders, defaults, references, words.
  files["lookalikes.yml"] = [
    "password: password",
    "password: 'changeme'",
    "password: ${DB_PASSWORD}",
    "password: '<password>'",
    "password: your-password-here",
    "password: xxxxxx",
    "password: '********'",
    "password: 'sunshine'",
    "password: 'Password123!'",
    'dsn := fmt.Sprintf("%s://admin:%s@%s", scheme, password, host)',
    "redis: redis://user:password@example.com:6379",
    "broker: amqp://guest:guest@localhost:5672/",
    "conn.login('user', 'password')",
    "api_key: ${API_KEY:-your-api-key}",
    "token_type: bearer",
    "primaryKey: '0123456789abcdef0123456789abcdef'",
  ].join("\n");
  return { files, expected };
}

describe("generic secrets in issue 16's shapes, through the CLI", () => {
  // Temporary directories are removed after each test: each test makes its own repository.
  const setup = () => {
    const { files, expected } = fixtures();
    const repo = initRepo();
    commitFiles(repo, files);
    return { repo, expected };
  };

  it("reports each true line at its line, with the expected rule and severity, and nothing in the look-alikes", () => {
    const { repo, expected } = setup();
    const { code, report } = scanJson(["."], repo);
    expect(code).toBe(1);
    for (const e of expected) {
      const at = report.findings.filter((f) => f.file === e.file && f.line === e.line);
      expect(at.map((f) => f.ruleId), `${e.file}:${e.line}`).toContainEqual(typeof e.rule === "string" ? e.rule : expect.stringMatching(e.rule));
      if (e.severity) expect(at.map((f) => f.severity), `${e.file}:${e.line}`).toContain(e.severity);
    }
    expect(report.findings.filter((f) => f.file === "lookalikes.yml")).toEqual([]);
  });

  it("--min-severity drops what is below it and counts it in the summary", () => {
    const { repo } = setup();
    const all = scanJson(["."], repo).report.findings;
    const medium = scanJson([".", "--min-severity", "medium"], repo).report;
    const high = scanJson([".", "--min-severity", "high"], repo).report;
    expect(all.some((f) => f.severity === "low")).toBe(true);
    expect(medium.findings.every((f) => f.severity !== "low")).toBe(true);
    expect(medium.findings.length).toBe(all.filter((f) => f.severity !== "low").length);
    expect(high.findings.every((f) => f.severity === "high")).toBe(true);
    expect(high.findings.map((f) => f.ruleId)).toContain("nats-nkey-seed");
    expect((high.stats as unknown as { suppressed: Record<string, number> }).suppressed["min-severity"]).toBe(all.length - high.findings.length);
    const bad = runCli([".", "--min-severity", "urgent"], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/min-severity/);
    expect(bad.stderr).toMatch(/urgent/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("loads the tokenizer only when a generic candidate needs judging", () => {
    const { repo } = setup();
    const clean = initRepo();
    commitFiles(clean, { "a.txt": "nothing secret here\nconst n = 1;\n" });
    const loads = (cwd: string) => runCli(["."], { cwd, env: { NODE_DEBUG: "module" } }).stderr.includes("tokenizer");
    expect(loads(clean)).toBe(false);
    expect(loads(repo)).toBe(true);
  });
});
