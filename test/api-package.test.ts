// `import { scan } from "scan-keys"` as a tool author gets it: the packed
// tarball installed in a fresh project, loaded with ESM import and CommonJS
// require, type-checked with its own .d.ts, and giving the findings the CLI
// reports for the same input, config and redaction.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { freshProject, ROOT } from "./helpers/packed.js";
import { commitFiles, git, runCli, write } from "./helpers/gitrepo.js";
import { githubToken, stripeLiveKey } from "./helpers/keys.js";

// Temporary directories are removed after each test (helpers/cli.ts): each test installs its own project.
let project: string;
beforeEach(() => {
  project = freshProject();
}, 180_000);

/** Runs `code` as a module file of the project (.mjs or .cjs) and returns its JSON output. */
function runIn(file: string, code: string): any {
  writeFileSync(join(project, file), code);
  const r = spawnSync(process.execPath, [file], { cwd: project, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${file} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe("the library, installed from the tarball", () => {
  it("finds the same findings as the CLI, by ESM import and CommonJS require, with the same redaction", () => {
    const key = githubToken();
    write(project, "src/app.js", `const token = "${key}";\n`);
    const cli = JSON.parse(runCli(["src", "--format", "json"], { cwd: project }).stdout);
    const esm = runIn("scan.mjs", `import { scan } from "scan-keys";\nconst r = await scan({ paths: ["src"] });\nconsole.log(JSON.stringify(r));\n`);
    const cjs = runIn("scan.cjs", `const { scan } = require("scan-keys");\nscan({ paths: ["src"] }).then((r) => console.log(JSON.stringify(r)));\n`);
    for (const r of [esm, cjs]) {
      expect(r.findings).toEqual(cli.findings);
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0].match).not.toBe(key);
      expect(r.stats.files).toBe(1);
    }
    expect(JSON.stringify(esm)).not.toContain(key);
    // The installed CLI with a glob of the user's (micromatch is dist/micromatch.js: the package has no dependencies).
    const globbed = spawnSync("npx", ["--no-install", "scan-keys", ".", "--include", "src/**", "--format", "json"], { cwd: project, encoding: "utf8" });
    expect(globbed.stderr).toBe("");
    expect(JSON.parse(globbed.stdout).findings).toEqual(cli.findings);
    // A string, placed at a path; redaction as --redact=N and --no-redact.
    const text = runIn(
      "text.mjs",
      `import { scan } from "scan-keys";
const source = ${JSON.stringify(`const token = "${key}";\n`)};
const out = [];
for (const redact of [true, 100, false]) out.push((await scan({ text: source, path: "buffer.js" }, { redact })).findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.match]));
console.log(JSON.stringify(out));
`,
    );
    expect(text).toEqual([
      [["buffer.js", 1, 16, "github-personal-access-token", `${key.slice(0, 8)}…`]],
      [["buffer.js", 1, 16, "github-personal-access-token", "REDACTED"]],
      [["buffer.js", 1, 16, "github-personal-access-token", key]],
    ]);
  });

  it("scans the staged change and a history range with the project's config, filters and severities", () => {
    const old = stripeLiveKey();
    commitFiles(project, { "old.js": `const stripe = "${old}";\n`, ".scan-keys.toml": `[allowlist]\npaths = ["fixtures/**"]\n` }, "old key");
    const base = git(project, "rev-parse", "HEAD").trim();
    const added = githubToken();
    commitFiles(project, { "new.js": `const gh = "${added}";\n`, "fixtures/sample.js": `const gh = "${githubToken()}";\n` }, "new key");
    write(project, "staged.js", `const gh = "${githubToken()}";\n`);
    git(project, "add", "staged.js");
    const cliHistory = JSON.parse(runCli(["--history", "--range", `${base}..HEAD`, "--format", "json"], { cwd: project }).stdout);
    const cliStaged = JSON.parse(runCli(["--staged", "--format", "json"], { cwd: project }).stdout);
    const r = runIn(
      "git.mjs",
      `import { scan } from "scan-keys";
const history = await scan({ history: true, range: ${JSON.stringify(`${base}..HEAD`)} });
const staged = await scan({ staged: true });
const high = await scan({ staged: true }, { minSeverity: "high", exclude: ["staged.js"] });
console.log(JSON.stringify({ history, staged, high }));
`,
    );
    expect(r.history.findings).toEqual(cliHistory.findings);
    expect(r.history.findings.map((f: any) => f.file)).toEqual(["new.js"]); // fixtures/ allowed by the config, old.js outside the range
    expect(r.history.findings[0].commit.message).toBe("new key");
    expect(r.staged.findings).toEqual(cliStaged.findings);
    expect(r.staged.findings.map((f: any) => f.file)).toEqual(["staged.js"]);
    expect(r.high.findings).toEqual([]);
  });

  it("throws the CLI's one sentence for bad input, and types check under NodeNext for import and require", () => {
    const errors = runIn(
      "errors.mjs",
      `import { scan } from "scan-keys";
const out = [];
for (const [target, options] of [[{ paths: ["."] }, { maxFileSize: "10" }], [{ text: "x" }, { redact: 50.5 }], [{}, {}], [{ paths: ["no-such-dir"] }, {}]]) {
  try { await scan(target, options); out.push("no error"); } catch (e) { out.push(e.name + ": " + e.message); }
}
console.log(JSON.stringify(out));
`,
    );
    expect(errors[0]).toMatch(/^UsageError: --max-file-size "10" has no unit/);
    expect(errors[1]).toMatch(/^UsageError: redact must be true, false or a whole percentage/);
    expect(errors[2]).toMatch(/^UsageError: scan\(\) takes \{ text \}/);
    expect(errors[3]).toMatch(/no-such-dir/);

    writeFileSync(join(project, "use.mts"), `import { scan, type Finding, type ScanOptions } from "scan-keys";\nconst options: ScanOptions = { redact: 50, minSeverity: "high" };\nconst r = await scan({ text: "x", path: "a.js" }, options);\nconst first: Finding | undefined = r.findings[0];\nexport const line: number | undefined = first?.line;\n`);
    writeFileSync(join(project, "use.cts"), `import { scan } from "scan-keys";\nexport const p: Promise<number> = scan({ staged: true }).then((r) => r.findings.length + r.stats.files);\n`);
    writeFileSync(join(project, "bad.mts"), `import { scan } from "scan-keys";\nawait scan({ text: "x" }, { minSeverity: "critical" });\n`);
    const tsc = (files: string[]) =>
      spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--ignoreConfig", "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "", ...files], { cwd: project, encoding: "utf8" });
    const good = tsc(["use.mts", "use.cts"]);
    expect(good.status, good.stdout).toBe(0);
    const bad = tsc(["bad.mts"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/critical/);
  });

  it("is never part of the CLI's bundle: a hook's start-up does not load it", () => {
    const main = readFileSync(join(ROOT, "dist/main.js"), "utf8");
    const yargs = readFileSync(join(ROOT, "dist/cli-yargs.js"), "utf8");
    const marker = "takes { text }, { texts }, { paths }";
    expect(readFileSync(join(ROOT, "dist/api.js"), "utf8")).toContain(marker);
    expect(main).not.toContain(marker);
    expect(yargs).not.toContain(marker);
  });
});
