// `scan-keys [paths..]` end to end: the real CLI on real directories.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { git, initRepo } from "./helpers/git.js";
import { githubToken } from "./helpers/keys.js";

function write(dir: string, path: string, content: string | Buffer): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function json(stdout: string) {
  return JSON.parse(stdout) as { version: number; findings: Record<string, unknown>[]; stats: Record<string, unknown> };
}

describe("scan-keys <dir>", () => {
  it("reports a key with location, rule and redacted secret, and exits 1", () => {
    const dir = tempDir();
    const key = githubToken();
    write(dir, "src/app.js", `// setup\nconst token = "${key}";\n`);
    const r = runCli(["."], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("src/app.js:2:16");
    expect(r.stdout).toMatch(/github/i);
    expect(r.stdout).toContain(key.slice(0, 8));
    expect(r.stdout).not.toContain(key);
    expect(r.stdout).toMatch(/What to do now/);
    expect(r.stdout).toMatch(/scanned\s+1 file,/);
  });

  it("exits 0 on a clean tree", () => {
    const dir = tempDir();
    write(dir, "a.txt", "nothing to see\n");
    const r = runCli([], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no secrets found/);
  });

  it("writes the documented JSON schema, redacted unless --no-redact", () => {
    const dir = tempDir();
    const key = githubToken();
    write(dir, "conf/settings.yml", `github:\n  token: ${key}\n`);
    const doc = json(runCli([".", "--format", "json"], { cwd: dir }).stdout);
    expect(doc.version).toBe(1);
    expect(doc.findings).toHaveLength(1);
    const f = doc.findings[0]!;
    expect(Object.keys(f)).toEqual(expect.arrayContaining(["ruleId", "provider", "description", "file", "line", "column", "endLine", "endColumn", "match", "fingerprint", "entropy"]));
    expect(f).toMatchObject({ file: "conf/settings.yml", line: 2, column: 10, endLine: 2, endColumn: 10 + key.length });
    expect(f.match).not.toBe(key);
    expect(doc.stats).toMatchObject({ files: 1 });
    const raw = json(runCli([".", "--format", "json", "--no-redact"], { cwd: dir }).stdout);
    expect(raw.findings[0]!.match).toBe(key);
    expect(raw.findings[0]!.fingerprint).toBe(f.fingerprint);
  });

  it("writes the report to --output and nothing to stdout", () => {
    const dir = tempDir();
    write(dir, "a.env", `GITHUB_TOKEN=${githubToken()}\n`);
    const r = runCli([".", "--format", "json", "--output", "report.json", "--exclude", "report.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(json(readFileSync(join(dir, "report.json"), "utf8")).findings).toHaveLength(1);
  });

  it("names paths relative to the scanned directory when it lies outside the working directory", () => {
    const dir = tempDir();
    write(dir, "deep/x.txt", githubToken());
    const elsewhere = tempDir();
    const doc = json(runCli([dir, "--format", "json"], { cwd: elsewhere }).stdout);
    expect(doc.findings[0]!.file).toBe("deep/x.txt");
  });

  it("skips .git and node_modules outside a repository, but scans node_modules when named", () => {
    const dir = tempDir();
    write(dir, "node_modules/pkg/index.js", `t="${githubToken()}"`);
    write(dir, ".git/config", `t="${githubToken()}"`);
    write(dir, "ok.js", "fine\n");
    expect(runCli(["."], { cwd: dir }).code).toBe(0);
    expect(runCli(["node_modules"], { cwd: dir }).code).toBe(1);
  });

  it("respects .gitignore inside a work tree and scans untracked files", () => {
    const dir = initRepo();
    write(dir, ".gitignore", "secret-dump/\n");
    write(dir, "secret-dump/k.txt", githubToken());
    write(dir, "untracked.txt", githubToken());
    const doc = json(runCli(["--format", "json"], { cwd: dir }).stdout);
    expect(doc.findings.map((f) => f.file)).toEqual(["untracked.txt"]);
  });

  it("filters paths with --include and --exclude globs", () => {
    const dir = tempDir();
    write(dir, "src/a.ts", githubToken());
    write(dir, "test/b.ts", githubToken());
    const only = json(runCli(["--format", "json", "--include", "src/**"], { cwd: dir }).stdout);
    expect(only.findings.map((f) => f.file)).toEqual(["src/a.ts"]);
    const without = json(runCli(["--format", "json", "--exclude", "src/**"], { cwd: dir }).stdout);
    expect(without.findings.map((f) => f.file)).toEqual(["test/b.ts"]);
  });

  it("skips binary and oversized files and says so in the summary; the oversized text file was not scanned, so the scan fails", () => {
    const dir = tempDir();
    write(dir, "image.bin", Buffer.concat([Buffer.from([0x89, 0x50, 0, 0, 1]), Buffer.from(githubToken())]));
    write(dir, "big.txt", `${"a".repeat(3000)}\n${githubToken()}\n`);
    write(dir, "small.txt", "hello\n");
    const r = runCli([".", "--max-file-size", "2KB"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: 1 file is over --max-file-size \(2KB\) and was not scanned \(big\.txt\)/);
    expect(r.stdout).toMatch(/skipped\s+1 binary file/);
    expect(r.stdout).toMatch(/1 file too large: over --max-file-size/);
    const doc = json(runCli([".", "--max-file-size", "2KB", "--format", "json"], { cwd: dir }).stdout);
    expect(doc.stats).toMatchObject({ files: 1, skippedBinary: 1, skippedTooLarge: 1 });
  });

  it("reads a file larger than node can hold in one buffer, and scans the rest", () => {
    const dir = tempDir();
    // A sparse 3 GB file: larger than node can read into one buffer; read in chunks, its zeros are binary.
    execFileSync("truncate", ["-s", "3G", join(dir, "huge.log")]);
    write(dir, "k.txt", githubToken());
    const r = runCli([".", "--max-file-size", "4GB"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 binary file/);
  });

  it("finds keys in CRLF, UTF-8 BOM and UTF-16 files at the right place", () => {
    const dir = tempDir();
    const key = githubToken();
    write(dir, "crlf.txt", `a\r\nb\r\ntoken=${key}\r\n`);
    write(dir, "bom.txt", `\ufefftoken=${key}\n`);
    write(dir, "utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\ntoken=${key}\n`, "utf16le")]));
    const doc = json(runCli(["--format", "json"], { cwd: dir }).stdout);
    const at = Object.fromEntries(doc.findings.map((f) => [f.file, [f.line, f.column]]));
    expect(at).toEqual({ "crlf.txt": [3, 7], "bom.txt": [1, 7], "utf16.txt": [2, 7] });
  });

  it("never writes control characters from scanned files to the terminal raw", () => {
    const dir = tempDir();
    write(dir, "evil\u001b[2Jname.txt", `\u001b]0;owned\u0007 token=${githubToken()} \u202e\n`);
    const r = runCli(["."], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(r.stdout).toContain("\\x1b");
  });

  it("handles file names with spaces, newlines and unicode", () => {
    const dir = initRepo();
    write(dir, "with space.txt", githubToken());
    write(dir, "new\nline.txt", githubToken());
    write(dir, "ünïcödé-日本.txt", githubToken());
    git(dir, "add", "-A");
    const doc = json(runCli(["--format", "json"], { cwd: dir }).stdout);
    expect(doc.findings.map((f) => f.file).sort()).toEqual(["new\nline.txt", "with space.txt", "ünïcödé-日本.txt"]);
  });

  it("walks a directory outside git in the order of its names' bytes, names beyond U+FFFF and non-UTF-8 names included", () => {
    const dir = tempDir();
    // UTF-16 order would put the emoji (a surrogate pair) before U+E000; their bytes put it after.
    for (const name of ["\u{1F600}.txt", "\uE000.txt", "é.txt", "a.txt", "Z.txt"]) write(dir, `mixed/${name}`, `t="${githubToken()}"\n`);
    mkdirSync(join(dir, "raw"));
    writeFileSync(Buffer.from(`${join(dir, "raw")}/\xe9.txt`, "latin1"), `t="${githubToken()}"\n`); // not valid UTF-8
    for (const name of ["\u{1F600}.txt", "a.txt"]) write(dir, `raw/${name}`, `t="${githubToken()}"\n`);
    const doc = json(runCli([".", "--format", "json"], { cwd: dir }).stdout);
    expect(doc.findings.map((f) => f.file)).toEqual([
      "mixed/Z.txt",
      "mixed/a.txt",
      "mixed/é.txt",
      "mixed/\uE000.txt",
      "mixed/\u{1F600}.txt",
      "raw/a.txt",
      "raw/\\xe9.txt",
      "raw/\u{1F600}.txt",
    ]);
  });

  it("colours only when asked or on a terminal, and never with NO_COLOR", () => {
    const dir = tempDir();
    write(dir, "k.txt", githubToken());
    expect(runCli(["."], { cwd: dir }).stdout).not.toContain("\u001b[");
    expect(runCli([".", "--color"], { cwd: dir, env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).toContain("\u001b[");
  });
});

describe("errors", () => {
  it("explains a missing path in one line with exit 2", () => {
    const r = runCli(["no-such-dir"], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^scan-keys: no-such-dir: no such file or directory/);
  });

  it("explains an unknown option or format in one line, without a stack trace", () => {
    for (const args of [["--frobnicate"], ["--format", "xml"], ["--max-file-size", "huge"]]) {
      const r = runCli(args, { cwd: tempDir() });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^scan-keys: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("prints help and version", () => {
    const dir = tempDir();
    expect(runCli(["--help"], { cwd: dir }).stdout).toMatch(/--staged/);
    expect(runCli(["--version"], { cwd: dir }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("this repository", () => {
  it("scans itself clean", () => {
    const root = join(import.meta.dirname, "..");
    const r = runCli([".", "--format", "json"], { cwd: root });
    expect(json(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});
