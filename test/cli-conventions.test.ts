// What users of hooks and CLIs expect: a clean pre-commit run is silent
// (--verbose / --log-level bring the summary back, findings and errors are
// unchanged), `scan-keys version`, shell completion, and an HTML audit that
// names the repository, commit and date it describes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, runCli, write } from "./helpers/gitrepo.js";
import { githubToken } from "./helpers/keys.js";

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as { version: string }).version;

function stagedClean(): string {
  const repo = initRepo();
  commitFiles(repo, { "README.md": "demo\n" });
  write(repo, "app.js", "export const answer = 42;\n");
  git(repo, "add", "app.js");
  return repo;
}

describe("a clean --staged run", () => {
  it("prints nothing and exits 0; --verbose and --log-level=debug print the summary", () => {
    const repo = stagedClean();
    expect(runCli(["--staged"], { cwd: repo })).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(runCli(["--staged", "--no-color"], { cwd: repo })).toMatchObject({ code: 0, stdout: "", stderr: "" });
    for (const loud of [["--verbose"], ["--log-level=debug"], ["--log-level", "debug"]]) {
      const r = runCli(["--staged", ...loud], { cwd: repo });
      expect(r.code, loud.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/no secrets found[\s\S]*scanned\s+1 file/);
    }
    expect(runCli(["--staged", "--log-level=info"], { cwd: repo }).stdout).toBe("");
    // A report asked for by format is a document, printed clean or not.
    expect(JSON.parse(runCli(["--staged", "--format", "json"], { cwd: repo }).stdout).findings).toEqual([]);
  });

  it("still names what it could not scan, and reports findings and errors as before", () => {
    const repo = stagedClean();
    write(repo, "big.txt", `${"x".repeat(3000)}\n`);
    git(repo, "add", "big.txt");
    const skipped = runCli(["--staged", "--max-file-size", "2KB"], { cwd: repo });
    expect(skipped.stdout).toMatch(/1 file too large: over --max-file-size/);
    const key = githubToken();
    write(repo, "app.js", `const token = "${key}";\n`);
    git(repo, "add", "app.js");
    for (const level of [[], ["--verbose"], ["--quiet"], ["--log-level=error"]]) {
      const r = runCli(["--staged", ...level], { cwd: repo });
      expect(r.code, level.join(" ")).toBe(1);
      expect(r.stdout).toMatch(/app\.js:1:\d+\s+github-personal-access-token/);
      expect(r.stdout).not.toContain(key);
    }
    for (const bad of [["--quiet", "--verbose"], ["--log-level=debug", "-q"], ["--log-level=trace"]]) {
      const r = runCli(["--staged", ...bad], { cwd: repo });
      expect(r.code, bad.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^scan-keys: [^\n]*(contradict each other|log-level)[^\n]*\n$/);
    }
  });
});

describe("conventions", () => {
  it("scan-keys version and --version print the package's version", () => {
    const dir = initRepo();
    expect(runCli(["version"], { cwd: dir })).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(runCli(["--version"], { cwd: dir })).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it("prints a completion script that completes commands and scan options", () => {
    const dir = initRepo();
    const script = runCli(["completion"], { cwd: dir });
    expect(script.code).toBe(0);
    expect(script.stdout).toContain("complete -o bashdefault -o default -F _scan-keys_yargs_completions scan-keys");
    expect(script.stdout).toContain("scan-keys --get-yargs-completions");
    const commands = runCli(["--get-yargs-completions", "scan-keys", ""], { cwd: dir });
    expect(commands.stdout.split("\n")).toEqual(expect.arrayContaining(["install-hook", "baseline", "version"]));
    const options = runCli(["--get-yargs-completions", "scan-keys", "scan", "--st"], { cwd: dir });
    expect(options.stdout.split("\n")).toEqual(expect.arrayContaining(["--staged", "--redact", "--max-file-size"]));
  });

  it("the HTML audit names the repository (no credentials), HEAD's commit and the scan date", () => {
    const repo = initRepo();
    const token = `tok${githubToken().slice(4, 20)}`;
    git(repo, "remote", "add", "origin", `https://ci-bot:${token}@git.example.com/acme/payments.git`);
    const head = commitFiles(repo, { "app.js": `const token = "${githubToken()}";\n` });
    // Times around the run, not a date taken before it: a run across midnight UTC would show the next day.
    const before = Date.now();
    const r = runCli([".", "--format", "html"], { cwd: repo });
    const after = Date.now();
    expect(r.code).toBe(1);
    const place = /<p id="place">(.*?)<\/p>/.exec(r.stdout)?.[1] ?? "";
    expect(place).toContain("<code>https://git.example.com/acme/payments</code>");
    expect(place).toContain(`commit <code>${git(repo, "rev-parse", head).trim()}</code>`);
    const time = /<time datetime="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z)">(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC<\/time>/.exec(place);
    expect(time, place).not.toBeNull();
    const [, stamp, shown] = time!;
    expect(shown).toBe(stamp!.slice(0, 19).replace("T", " "));
    expect(Date.parse(stamp!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamp!)).toBeLessThanOrEqual(after);
    expect(r.stdout).not.toContain(token);
    expect(r.stdout).not.toContain("ci-bot");
    // Without a remote: the repository's directory name; before the first commit: says so.
    const bare = initRepo();
    write(bare, "x.txt", "nothing\n");
    const page = runCli([".", "--format", "html"], { cwd: bare }).stdout;
    expect(page).toMatch(new RegExp(`Repository <code>${bare.split("/").pop()}</code>, no commit yet`));
  });
});
