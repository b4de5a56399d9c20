// The start-up shortcuts, checked for what they must not change: a staged
// scan's git call and a history scan's commit list are started by dist/cli.js
// before the bundle loads (sources/early-git.ts), and the built-in rules'
// specs are read from dist/rule-specs.json only when a rule is used
// (scripts/rule-files.mjs).
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, commitFiles, git, initRepo, keyLine, runCli, tempDir, write } from "./helpers/gitrepo.js";

const realGit = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();

/** A PATH whose `git` logs its arguments to `log`, one call a line, then runs the real git. */
function loggingGit(): { path: string; log: string } {
  const bin = join(tempDir(), "bin");
  mkdirSync(bin);
  const log = join(bin, "calls.log");
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  return { path: `${bin}:${process.env.PATH}`, log };
}

const callsOf = (what: string) => (log: string) => readFileSync(log, "utf8").split("\n").filter((l) => l.includes(what));
const calls = callsOf("diff --cached");

describe("a hook's staged scan", () => {
  it("makes one git call whether dist/cli.js started it (switches alone) or the scan did", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "start\n" });
    write(repo, "b.txt", `${keyLine()}\n`);
    git(repo, "add", "b.txt");
    for (const args of [["--staged"], ["--staged", "--quiet", "--no-color"], ["--staged", "--max-file-size", "1KB"], ["-C", repo, "--staged"]]) {
      const { path, log } = loggingGit();
      const r = runCli(args, { cwd: repo, env: { PATH: path } });
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stdout, args.join(" ")).toContain("b.txt:1:");
      expect(calls(log), args.join(" ")).toHaveLength(1);
    }
    const { path, log } = loggingGit();
    runCli(["--staged", "--max-file-size", "1KB"], { cwd: repo, env: { PATH: path } });
    expect(calls(log)[0]).toContain("core.bigFileThreshold=1024");
  });

  it("from a subdirectory, and on a clean index, gives the same answers", () => {
    const repo = initRepo();
    commitFiles(repo, { "sub/a.txt": "start\n" });
    expect(runCli(["--staged", "--quiet"], { cwd: join(repo, "sub") })).toMatchObject({ code: 0, stdout: "" });
    write(repo, "sub/b.txt", `${keyLine()}\n`);
    git(repo, "add", "sub/b.txt");
    const r = runCli(["--staged"], { cwd: join(repo, "sub") });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("sub/b.txt:1:");
  });

  it("outside a repository still says so in one sentence", () => {
    const r = runCli(["--staged"], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: not inside a git repository: [^\n]*\n$/);
  });
});

describe("a history scan's commit list", () => {
  const revLists = callsOf("rev-list");

  it("is one git call whether dist/cli.js started it or the scan did, with the same findings", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "start\n" });
    commitFiles(repo, { "b.txt": `${keyLine()}\n` });
    commitFiles(repo, { "c.txt": "more\n" });
    const lines = [
      ["--history"],
      ["--history", "--format", "json"],
      ["--history", "--all", "--quiet"],
      ["--history", "--range", "HEAD~2..HEAD"],
      ["-C", repo, "--history"],
      ["--history", `--config-from=HEAD`],
    ];
    for (const args of lines) {
      const { path, log } = loggingGit();
      const r = runCli(args, { cwd: repo, env: { PATH: path } });
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stdout, args.join(" ")).toContain("b.txt");
      expect(revLists(log), args.join(" ")).toHaveLength(1);
    }
    // A range that leaves the key's commit out finds nothing: the early call asked for that range.
    const { path, log } = loggingGit();
    expect(runCli(["--history", "--range", "HEAD~1..HEAD", "--quiet"], { cwd: repo, env: { PATH: path } })).toMatchObject({ code: 0, stdout: "" });
    expect(revLists(log)[0]).toContain("HEAD~1..HEAD");
  });

  it("keeps the scan's one-sentence errors: a bad range, an empty range, no repository, no commits", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "start\n" });
    const bad = runCli(["--history", "--range", "nope..HEAD"], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^scan-keys: [^\n]*\n$/);
    const empty = runCli(["--history", "--range", " "], { cwd: repo });
    expect(empty).toMatchObject({ code: 2, stderr: "scan-keys: --range is empty; give a revision range such as origin/main..HEAD.\n" });
    const outside = runCli(["--history"], { cwd: tempDir() });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^scan-keys: not inside a git repository: [^\n]*\n$/);
    expect(runCli(["--history", "--quiet"], { cwd: initRepo() })).toMatchObject({ code: 0, stdout: "" });
  });
});

describe("re2js", () => {
  it("is loaded only when a rule needs a regex: a clean staged file leaves its code cache unwritten", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "start\n" });
    write(repo, "b.txt", "nothing to see here\n");
    git(repo, "add", "b.txt");
    const cache = tempDir("scan-keys-cache-");
    const env = { XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "" };
    const caches = () => readdirSync(join(cache, "scan-keys")).filter((f) => f.endsWith(".v8")).map((f) => f.split("-")[0]).sort();
    expect(runCli(["--staged"], { cwd: repo, env }).code).toBe(0);
    expect(caches()).toEqual(["main"]);
    write(repo, "b.txt", `${keyLine()}\n`);
    git(repo, "add", "b.txt");
    expect(runCli(["--staged"], { cwd: repo, env }).code).toBe(1);
    // The key line's setting name wakes the generic judge too, and with it the token counter (later-files.ts).
    expect(caches()).toEqual(["main", "re2", "tokenizer"]);
  });
});

describe("the built-in rules' specs", () => {
  it("missing from an installation: one sentence when a rule is needed, and no file passes unscanned", () => {
    const dist = join(tempDir(), "dist");
    cpSync(dirname(CLI), dist, { recursive: true });
    rmSync(join(dist, "rule-specs.json"));
    expect(readdirSync(dist)).toContain("main.js");
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "start\n" });
    write(repo, "b.txt", `${keyLine()}\n`);
    git(repo, "add", "b.txt");
    const r = spawnSync(process.execPath, [join(dist, "cli.js"), "--staged"], { cwd: repo, encoding: "utf8", env: { ...process.env, CI: "" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: the installation is incomplete: .*rule-specs\.json cannot be read \(ENOENT\); install scan-keys again\.\n$/);
    expect(r.stdout).toBe("");
  });
});
