// An ignore file that is a named pipe: git blocks opening it while it lists
// untracked files, so a tree scan waited forever. The listing is watched and
// the pipe named in one sentence (exit 2); --staged reads no ignore file.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, expectOneSentence, fakeKey, faultJson, git, initRepo, keyLine, runFault, tempDir, write } from "./helpers.js";

const mkfifo = (path: string) => execFileSync("mkfifo", [path]);

/** A repository with a committed file and a key in an untracked one. */
function repoWithKey(): string {
  const repo = initRepo();
  commitFiles(repo, { "sub/a.txt": "nothing here\n" });
  write(repo, "sub/new.env", `${keyLine(fakeKey())}\n`);
  return repo;
}

describe("ignore files git would block on", () => {
  it("a FIFO named .gitignore in a subdirectory: one sentence naming it, no hang", () => {
    const repo = repoWithKey();
    mkfifo(join(repo, "sub", ".gitignore"));
    const r = runFault("FIFO .gitignore, tree", ["."], { cwd: repo, timeoutMs: 20_000 });
    expectOneSentence(r, /^scan-keys: sub\/\.gitignore is a FIFO \(named pipe\), not a file, and git waits forever .*remove it/);
  });

  it("the FIFO is named relative to the scanned directory's display base, also when scanning a subdirectory", () => {
    const repo = repoWithKey();
    write(repo, "sub/deeper/b.txt", "x\n");
    mkfifo(join(repo, "sub", "deeper", ".gitignore"));
    const r = runFault("FIFO .gitignore, subdirectory scan", ["sub"], { cwd: repo, timeoutMs: 20_000 });
    expectOneSentence(r, /^scan-keys: sub\/deeper\/\.gitignore is a FIFO/);
  });

  it("a FIFO .gitignore above the scanned directory (git reads those too): named", () => {
    const repo = repoWithKey();
    write(repo, "sub/deeper/b.txt", "x\n");
    mkfifo(join(repo, "sub", ".gitignore"));
    const r = runFault("FIFO .gitignore above the scanned directory", ["sub/deeper"], { cwd: repo, timeoutMs: 20_000 });
    expectOneSentence(r, /^scan-keys: sub\/\.gitignore is a FIFO/);
  });

  it("a FIFO as .git/info/exclude or as core.excludesFile: named too", () => {
    const repo = repoWithKey();
    mkfifo(join(repo, ".git", "info", "exclude-pipe"));
    execFileSync("mv", ["-f", join(repo, ".git", "info", "exclude-pipe"), join(repo, ".git", "info", "exclude")]);
    expectOneSentence(runFault("FIFO info/exclude", ["."], { cwd: repo, timeoutMs: 20_000 }), /\.git\/info\/exclude is a FIFO/);

    const other = repoWithKey();
    const pipe = join(tempDir(), "ignore");
    mkfifo(pipe);
    git(other, "config", "core.excludesFile", pipe);
    expectOneSentence(runFault("FIFO core.excludesFile", ["."], { cwd: other, timeoutMs: 20_000 }), /ignore is a FIFO/);
  });

  it("fix (which asks git whether .env is ignored) with a FIFO .gitignore: one sentence, no hang, nothing changed", () => {
    const repo = initRepo();
    commitFiles(repo, { "app.js": "console.log(1);\n" });
    write(repo, "app.js", `${keyLine(fakeKey())}\nconsole.log(token);\n`);
    git(repo, "add", "app.js");
    mkfifo(join(repo, ".gitignore"));
    const r = runFault("FIFO .gitignore, fix", ["fix", "--dry-run"], { cwd: repo, timeoutMs: 30_000 });
    expectOneSentence(r, /^scan-keys: \.gitignore is a FIFO \(named pipe\), not a file, and git waits forever/);
    expect(existsSync(join(repo, ".env"))).toBe(false);
  });

  it("--staged reads no ignore file: the staged key is found with the FIFO present", () => {
    const repo = repoWithKey();
    git(repo, "add", "sub/new.env");
    mkfifo(join(repo, "sub", ".gitignore"));
    const r = faultJson("FIFO .gitignore, staged", ["--staged"], { cwd: repo, timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["sub/new.env"]);
  });

  it("a .gitignore that is a symbolic link to a FIFO does not block git (it does not follow it): the scan completes", () => {
    const repo = repoWithKey();
    const pipe = join(tempDir(), "pipe");
    mkfifo(pipe);
    execFileSync("ln", ["-s", pipe, join(repo, "sub", ".gitignore")]);
    const r = faultJson("linked FIFO .gitignore", ["."], { cwd: repo, timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["sub/new.env"]);
  });
});
