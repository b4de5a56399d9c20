// .gitleaks.toml end to end through the real CLI, in real repositories: a
// realistic config written in gitleaks' format (an extended default, custom
// rules using every regex construct gitleaks' default config uses, path
// rules, a disabled rule, allowlists of every kind), discovery, and errors.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, runCli, write } from "./helpers/gitrepo.js";
import { githubToken, randomToken } from "./helpers/keys.js";

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const acmeKey = (mid = "") => `acme_${mid}${randomToken(32 - mid.length, LOWER)}`;
const globexKey = (mid = "") => `glx-${mid}${randomToken(30 - mid.length)}`;
const hooliUrl = () => `https://hooks.hooli.invalid/${randomToken(24)}`;

/** The realistic config: gitleaks' own syntax, TOML literal strings as gitleaks' default config writes them. */
const CONFIG = String.raw`
title = "Acme Corp secrets policy"
minVersion = "v8.25.0"

[extend]
useDefault = true
disabledRules = ["generic-api-key", "jwt", "gcp-service-account"]

[allowlist]
description = "global allow lists"
paths = [
    '''(?:^|/)vendor/(?:bundle|lib)(?:/.*?)?$''',
    '''(?i)\.(?:bmp|gif|jpe?g|png|svg)$''',
]
regexes = [
    '''^(?i:a+|b+|c+|x+|\*+|\.+)$''',
    '''^\$\{(?:[A-Z_]+|[a-z_]+)\}$''',
]
stopwords = ["notarealkey"]

# Semi-generic, as gitleaks generates them: identifier, operator, quoted value.
[[rules]]
id = "acme-api-key"
description = "Acme API key"
regex = '''(?i)[\w.-]{0,50}?(?:acme)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}((?-i:acme_)[a-z0-9]{32})(?:[\x60'"\s;]|\\[nr]|$)'''
secretGroup = 1
entropy = 3.5
keywords = ["acme"]
tags = ["acme", "api-key"]

[[rules.allowlists]]
description = "the key printed in Acme's docs"
regexTarget = "line"
regexes = ['''#\s*acme-docs-key''']

[[rules.allowlists]]
description = "revoked keys in test fixtures"
condition = "AND"
paths = ['''^test/fixtures/''']
stopwords = ["revoked0"]

[[rules.allowlists]]
description = "BitBake license lines"
condition = "AND"
paths = ['''\.bb$''', '''\.bbappend$''']
regexTarget = "line"
regexes = ['''LICENSE[^=]*=\s*"[^"]+''']

# A command across lines, with a flag group in the middle of the pattern.
[[rules]]
id = "curl-token-header"
description = "Token in a curl header"
regex = '''\bcurl\b(?:.*?|.*?(?:[\r\n]{1,2}.*?){1,5})[ \t\n\r](?:-H|--header)(?:=|[ \t]{0,5})"(?i)Authorization:[ \t]{0,5}Token[ \t]([a-z0-9]{40})"'''
keywords = ["curl"]

# A unique token: word boundary, POSIX class, \x{...}, \z; no keywords, so it runs on every file.
[[rules]]
id = "globex-token"
description = "Globex token"
regex = '''\b(glx\x{2d}[[:alnum:]]{30})(?:[^[:alnum:]-]|\z)'''

[rules.allowlist]
regexes = ['''(?i)^glx-sandbox''']

# A block across lines: (?s:.), a lazy quantifier, a named group, regexTarget = "match".
[[rules]]
id = "initech-secret"
description = "Initech deployment secret"
regex = '''(?i)\binitech_secret:(?s:.){0,60}?\bvalue:[ \t]*["']?(?P<secret>[a-z0-9]{40})'''
keywords = ["initech_secret"]

[[rules.allowlists]]
regexTarget = "match"
regexes = ['''sandbox:[ \t]*true''']

# Content rule limited to some files.
[[rules]]
id = "hooli-webhook"
description = "Hooli webhook URL"
regex = '''https://hooks\.hooli\.invalid/[A-Za-z0-9]{24}'''
path = '''(?i)\.(?:ya?ml|json)$'''
keywords = ["hooks.hooli"]

# A file that must never be committed.
[[rules]]
id = "acme-credentials-file"
description = "Acme CLI credentials file"
path = '''(?:^|/)\.acme/credentials(?:\.ini)?$'''
tags = ["file"]
`;

type Found = { ruleId: string; file: string; line: number };
function scan(dir: string, args: string[] = [], env?: NodeJS.ProcessEnv): { code: number; findings: Found[]; stderr: string } {
  const r = runCli(["--format", "json", ...args], { cwd: dir, env });
  return { code: r.code, findings: r.code === 2 ? [] : (JSON.parse(r.stdout).findings as Found[]), stderr: r.stderr };
}
const where = (fs: Found[]) => fs.map((f) => `${f.file}:${f.line}:${f.ruleId}`).sort();

/** The contexts gitleaks' own rule tests put a key in (identifier "acme"). */
function contexts(k: string): string[] {
  return [
    `acmeToken="${k}"`, `acmeToken = "${k}"`, `acmeToken=${k}`, `acmeToken = ${k}`, // INI
    `{\n    "acme_token": "${k}"\n}`, `{"config.ini": "ACME_TOKEN=${k}\\nBACKUP_ENABLED=true"}`, // JSON
    `<acmeToken>\n    ${k}\n</acmeToken>`, // XML, value on its own line
    `acme_token: ${k}`, `acme_token: '${k}'`, `acme_token: "${k}"`, // YAML
    `string acmeToken = "${k}";`, `var acmeToken string = "${k}"`, `acmeToken := "${k}"`, "acmeToken := `" + k + "`",
    `String acmeToken = "${k}";`, `var acmeToken = "${k}"`, `$acmeToken .= "${k}"`, `acmeToken = '${k}'`, `acmeToken = "${k}"`,
    `System.setProperty("ACME_TOKEN", "${k}")`, `  "acmeToken" => "${k}"`, // Java, logstash
    `ACME_TOKEN = "${k}"`, `ACME_TOKEN := "${k}"`, `ACME_TOKEN ::= "${k}"`, `ACME_TOKEN :::= "${k}"`, `ACME_TOKEN ?= "${k}"`, // make
  ];
}

describe(".gitleaks.toml", () => {
  it("is read at the repository root and named in the report; its rules find keys in every context gitleaks' rule tests use", () => {
    const dir = initRepo();
    write(dir, ".gitleaks.toml", CONFIG);
    const cases = contexts("KEY");
    cases.forEach((c, i) => write(dir, `ctx/${i}.txt`, c.replace("KEY", acmeKey())));
    const r = scan(dir, ["ctx"]);
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.ruleId === "acme-api-key").map((f) => f.file).sort()).toEqual(cases.map((_, i) => `ctx/${i}.txt`).sort());
    const text = runCli(["ctx/0.txt"], { cwd: dir });
    expect(text.stdout).toContain(
      `config: .gitleaks.toml (gitleaks format, "Acme Corp secrets policy"; its rules plus the built-in ones; disabledRules names rules scan-keys does not have, so nothing was disabled for: gcp-service-account)`,
    );
  });

  it("keeps the built-in rules (useDefault), drops disabled ones, and honours entropy, path and path-only rules", () => {
    const dir = initRepo();
    write(dir, ".gitleaks.toml", CONFIG);
    const jwt = ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0", randomToken(43)].join(".");
    write(dir, "app.js", [`const gh = "${githubToken()}";`, `const t = "${jwt}";`, `db_password = "${randomToken(24)}"`, `acme_key = "acme_${"a1b2c3d4".repeat(4)}"`, `hook = "${hooliUrl()}"`, ""].join("\n"));
    write(dir, "deploy.yaml", `webhook: ${hooliUrl()}\n`);
    write(dir, "home/.acme/credentials", "[default]\nregion = eu\n");
    write(dir, "deploy.sh", `#!/bin/sh\ncurl -sS https://api.hooli.invalid/v2/deploy \\\n  --data @payload.json \\\n  -H "authorization: Token ${randomToken(40, LOWER)}"\n`);
    expect(where(scan(dir).findings)).toEqual(["app.js:1:github-personal-access-token", "deploy.sh:4:curl-token-header", "deploy.yaml:1:hooli-webhook", "home/.acme/credentials:1:acme-credentials-file"]);
    // Without the config, the built-in JWT and generic password rules fire on the same file.
    rmSync(join(dir, ".gitleaks.toml"));
    const plain = where(scan(dir, ["app.js"]).findings);
    expect(plain).toEqual(expect.arrayContaining(["app.js:2:jwt", "app.js:3:generic-password-assignment"]));
  });

  it("without [extend] useDefault, only the config's rules run", () => {
    const dir = initRepo();
    write(dir, ".gitleaks.toml", CONFIG.replace("useDefault = true", "useDefault = false"));
    write(dir, "a.txt", `gh = "${githubToken()}"\nACME_TOKEN = "${acmeKey()}"\n`);
    expect(where(scan(dir).findings)).toEqual(["a.txt:2:acme-api-key"]);
  });

  it("applies every allowlist form: global paths, regexes and stopwords, rule line/match/secret regexes, AND conditions, the old [rules.allowlist]", () => {
    const dir = initRepo();
    write(dir, ".gitleaks.toml", `${CONFIG}\n# like this: ACME_TOKEN = "${acmeKey()}"\n`); // gitleaks never scans its config
    const block = (extra: string) => `initech_secret:\n  ${extra}\n  value: "${randomToken(40, LOWER)}"\n`;
    write(dir, "vendor/lib/conf.txt", `ACME_TOKEN = "${acmeKey()}"\n`); // global path
    write(dir, "notes.txt", `ACME_TOKEN = "${acmeKey("notarealkey")}"\n`); // global stopword
    write(dir, "docs.txt", `ACME_TOKEN = "${acmeKey()}"  # acme-docs-key\n`); // rule regex on the line
    write(dir, "test/fixtures/a.txt", `ACME_TOKEN = "${acmeKey("revoked0")}"\n`); // AND: path and stopword
    write(dir, "test/fixtures/b.txt", `ACME_TOKEN = "${acmeKey()}"\n`); // path alone is not enough
    write(dir, "test/other.txt", `ACME_TOKEN = "${acmeKey("revoked0")}"\n`); // stopword alone is not enough
    write(dir, "meta/acme.bb", `LICENSE_ACME_TOKEN = "${acmeKey()}"\n`); // AND: path and a regex on the line
    write(dir, "meta/acme.txt", `LICENSE_ACME_TOKEN = "${acmeKey()}"\n`);
    write(dir, "sandbox.txt", `token = ${globexKey("SANDBOX")}\n`); // old-style [rules.allowlist]
    write(dir, "live.txt", `token = ${globexKey()}\n`);
    write(dir, "k8s/dev.yaml", block("sandbox: true")); // regexTarget = "match", across lines
    write(dir, "k8s/prod.yaml", block("sandbox: false"));
    const r = scan(dir);
    expect(where(r.findings)).toEqual(["k8s/prod.yaml:3:initech-secret", "live.txt:1:globex-token", "meta/acme.txt:1:acme-api-key", "test/fixtures/b.txt:1:acme-api-key", "test/other.txt:1:acme-api-key"]);
    const shown = runCli(["--format", "json", "--show-suppressed"], { cwd: dir });
    const suppressed = (JSON.parse(shown.stdout).suppressed as { file: string; suppressedBy: string }[]).map((s) => `${s.file}:${s.suppressedBy}`).sort();
    expect(suppressed).toEqual([".gitleaks.toml:config", "docs.txt:config", "k8s/dev.yaml:config", "meta/acme.bb:config", "notes.txt:config", "sandbox.txt:config", "test/fixtures/a.txt:config", "vendor/lib/conf.txt:config"]);
  });

  it("extends another config by path, merges a rule over the default one, and applies [[allowlists]] with targetRules and commits", () => {
    const dir = initRepo();
    write(dir, "a.txt", `x = 1\n`);
    const first = commitFiles(dir, { "old.txt": `gh = "${githubToken()}"\nACME_TOKEN = "${acmeKey()}"\n` }, "old keys");
    const second = commitFiles(dir, { "new.txt": `gh = "${githubToken()}"\nACME_TOKEN = "${acmeKey()}"\n` }, "new keys");
    write(dir, "security/gitleaks-base.toml", CONFIG);
    write(
      dir,
      ".gitleaks.toml",
      String.raw`
title = "app repo"
[extend]
path = "security/gitleaks-base.toml"

# Only an allowlist for a rule the extended config has: merged into it.
[[rules]]
id = "acme-api-key"
description = "Acme API key (merged)"
[[rules.allowlists]]
commits = ["${first}"]

# A built-in rule of the same id: merged into it.
[[rules]]
id = "github-personal-access-token"
description = "GitHub token (policy 7)"
entropy = 3.0

[[allowlists]]
description = "keys in this commit were rotated"
targetRules = ["github-personal-access-token"]
condition = "AND"
commits = ["${first}"]
paths = ['''^old\.txt$''']
`,
    );
    const r = scan(dir, ["--history"]);
    expect(where(r.findings)).toEqual(["new.txt:1:github-personal-access-token", "new.txt:2:acme-api-key"]);
    const text = runCli(["--history"], { cwd: dir });
    expect(text.stdout).toContain("Acme API key (merged)");
    expect(text.stdout).toContain("GitHub token (policy 7)");
    expect(text.stdout).toContain(`config: .gitleaks.toml (gitleaks format, "app repo"; its rules plus the built-in ones; extends security/gitleaks-base.toml; disabledRules names rules scan-keys does not have, so nothing was disabled for: gcp-service-account)`);
    // With the .gitleaksignore the team already has.
    write(dir, ".gitleaksignore", `# accepted: test account\n${second}:new.txt:acme-api-key:2\n`);
    expect(where(scan(dir, ["--history"]).findings)).toEqual(["new.txt:1:github-personal-access-token"]);
  });

  it("is found through --config and GITLEAKS_CONFIG, and .scan-keys.toml wins over .gitleaks.toml", () => {
    const dir = initRepo();
    write(dir, "ci/leaks.toml", CONFIG);
    write(dir, "a.txt", `ACME_TOKEN = "${acmeKey()}"\n`);
    // Without the config there is no acme rule (the generic judge may still report the token).
    expect(scan(dir).findings.map((f) => f.ruleId)).not.toContain("acme-api-key");
    expect(where(scan(dir, ["--config", "ci/leaks.toml"]).findings)).toEqual(["a.txt:1:acme-api-key"]);
    expect(where(scan(dir, [], { GITLEAKS_CONFIG: "ci/leaks.toml" }).findings)).toEqual(["a.txt:1:acme-api-key"]);
    expect(where(scan(dir, [], { GITLEAKS_CONFIG_TOML: CONFIG }).findings)).toEqual(["a.txt:1:acme-api-key"]);
    write(dir, ".gitleaks.toml", CONFIG);
    write(dir, ".scan-keys.toml", "extend = true\n");
    expect(scan(dir).findings.map((f) => f.ruleId)).not.toContain("acme-api-key");
    expect(runCli(["a.txt"], { cwd: dir }).stdout).toContain("config: .scan-keys.toml");
  });

  it("is read from the reviewed revision with --config-from, with the config it extends", () => {
    const dir = initRepo();
    write(dir, "security/base.toml", CONFIG);
    commitFiles(dir, { ".gitleaks.toml": `[extend]\npath = "security/base.toml"\n` }, "config");
    rmSync(join(dir, ".gitleaks.toml"));
    rmSync(join(dir, "security/base.toml"));
    write(dir, "a.txt", `ACME_TOKEN = "${acmeKey()}"\n`);
    // Without the config there is no acme rule (the generic judge may still report the token).
    expect(scan(dir).findings.map((f) => f.ruleId)).not.toContain("acme-api-key");
    expect(where(scan(dir, ["--config-from", "HEAD"]).findings)).toEqual(["a.txt:1:acme-api-key"]);
  });

  it("refuses what it cannot honour, and broken files, with one sentence naming file and line (exit 2)", () => {
    const dir = initRepo();
    write(dir, "a.txt", "x\n");
    const cases: [string, RegExp][] = [
      ['title = "x"\n[[rules]]\nid = "a"\nregex = "unclosed\n', /^scan-keys: \.gitleaks\.toml:4: not valid TOML/],
      [`${CONFIG}\n[[rules]]\nid = "composite"\nregex = '''x{3}'''\n[[rules.required]]\nid = "acme-api-key"\n`, /\.gitleaks\.toml:\d+: rule "composite": composite rules \(\[\[rules\.required\]\]\) are not supported/],
      [`[[rules]]\nid = "a"\nregex = '''(?=foo)bar'''\n`, /^scan-keys: \.gitleaks\.toml:3: rule "a": "regex" uses a lookahead/],
      [`[[rules]]\nid = "a"\nregex = "x"\nseverity = "high"\n`, /^scan-keys: \.gitleaks\.toml:4: unknown key "severity" in rule "a"/],
      [`[extend]\nuseDefault = true\npath = "other.toml"\n`, /^scan-keys: \.gitleaks\.toml:3: \[extend\] cannot set both/],
      [`[extend]\nurl = "https://x.invalid/c.toml"\n`, /^scan-keys: \.gitleaks\.toml:2: \[extend\] "url" is not supported/],
      [`[[rules]]\nid = "a"\nregex = "x"\n[[rules.allowlists]]\nregexTarget = "file"\nregexes = ["y"]\n`, /\.gitleaks\.toml:5: rule "a" \[\[rules\.allowlists\]\] "regexTarget" must be/],
      [`[extend]\nuseDefault = true\n[[allowlists]]\ntargetRules = ["no-such-rule"]\nregexes = ["y"]\n`, /\.gitleaks\.toml:4: \[\[allowlists\]\] targetRules names "no-such-rule"/],
    ];
    for (const [text, message] of cases) {
      write(dir, ".gitleaks.toml", text);
      const r = runCli(["a.txt"], { cwd: dir });
      expect(r.code, text).toBe(2);
      expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    git(dir, "status"); // the repository is untouched
  });
});
