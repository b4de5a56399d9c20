// scan-keys fix on a real terminal (a pseudo-terminal driven by python3's pty
// module, which waits for each question before it answers), and what a
// failure midway leaves behind.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, git, runCli, tempDir, write } from "./helpers/gitrepo.js";
import { dotenv, fix, has, stagedRepo } from "./helpers/fixrepo.js";
import { githubToken, openaiProjectKey } from "./helpers/keys.js";

/** Runs `scan-keys fix` in a pty; answers[i] is typed once the output shows prompts[i]. */
const DRIVER = `
import os, pty, sys, json
cwd, cli, script = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cwd)
    os.environ["NO_COLOR"] = "1"
    os.execv(os.environ["NODE_BIN"], ["node", cli, "fix"])
out = b""
step = 0
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    while step < len(script) and script[step][0].encode() in out.split(b"@@ANSWERED@@")[-1]:
        os.write(fd, script[step][1].encode())
        out += b"@@ANSWERED@@"
        step += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf8", "replace").replace("@@ANSWERED@@", ""))
sys.exit(os.waitstatus_to_exitcode(status))
`;

function inTerminal(repo: string, script: [string, string][]): { code: number; out: string } {
  const r = spawnSync("python3", ["-c", DRIVER, repo, CLI, JSON.stringify(script)], { encoding: "utf8", env: { ...process.env, NODE_BIN: process.execPath }, timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

describe("scan-keys fix on a terminal", () => {
  it.skipIf(!has("python3"))("asks yes / no / all / quit per secret and applies only the yes answers", () => {
    const a = githubToken();
    const b = openaiProjectKey();
    const repo = stagedRepo({ "a.js": `const token = "${a}";\n`, "b.js": `const apiKey = "${b}";\n` });
    const r = inTerminal(repo, [
      ["Fix secret 1 of 2", "y\r"],
      ["Fix secret 2 of 2", "n\r"],
    ]);
    expect(r.out).toContain("(Ynaqh)");
    expect(r.code, r.out).toBe(1); // one secret is left
    expect(readFileSync(join(repo, "a.js"), "utf8")).toBe("const token = process.env.GITHUB_TOKEN;\n");
    expect(readFileSync(join(repo, "b.js"), "utf8")).toBe(`const apiKey = "${b}";\n`);
    expect(dotenv(repo)).toEqual({ GITHUB_TOKEN: a });
    expect(r.out).toContain("OPENAI_API_KEY: left as it is (not accepted)");
    expect(r.out).not.toContain(a);
  });

  it.skipIf(!has("python3"))("all applies the rest without asking again", () => {
    const repo = stagedRepo({ "a.js": `const token = "${githubToken()}";\n`, "b.js": `const apiKey = "${openaiProjectKey()}";\n` });
    const r = inTerminal(repo, [["Fix secret 1 of 2", "a\r"]]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain("Fix secret 2 of 2");
    expect(Object.keys(dotenv(repo)).sort()).toEqual(["GITHUB_TOKEN", "OPENAI_API_KEY"]);
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(0);
  });
  it.skipIf(!has("python3"))("quit stops asking and changes nothing that was not accepted", () => {
    const a = githubToken();
    const repo = stagedRepo({ "a.js": `const token = "${a}";\n`, "b.js": `const apiKey = "${openaiProjectKey()}";\n` });
    const before = git(repo, "ls-files", "-s");
    const r = inTerminal(repo, [["Fix secret 1 of 2", "q\r"]]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).not.toContain("Fix secret 2 of 2");
    expect(readFileSync(join(repo, "a.js"), "utf8")).toBe(`const token = "${a}";\n`);
    expect(existsSync(join(repo, ".env"))).toBe(false);
    expect(git(repo, "ls-files", "-s")).toBe(before);
  });
});

describe("scan-keys fix never loses anything", () => {
  it("stops on a failure midway, says what was done, and leaves each file fully old or fully new", () => {
    const key = openaiProjectKey();
    const repo = stagedRepo({ "app.js": `const apiKey = "${key}";\n` });
    // The real git, except that staging the rewrite fails (as a full disk or a crash would make it):
    // fix checks the index lock before writing anything, so a lock no longer reaches this point.
    const bin = tempDir();
    const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(join(bin, "git"), `#!/bin/sh\nfor a in "$@"; do [ "$a" = update-index ] && { echo "fatal: cannot write the index" >&2; exit 128; }; done\nexec ${real} "$@"\n`, { mode: 0o755 });
    const r = runCli(["fix", "--yes"], { cwd: repo, env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/✖ fix stopped: git update-index failed/);
    expect(r.stdout).toContain("✔ .env: created (mode 0600) with OPENAI_API_KEY");
    expect(r.stdout).toContain("✔ app.js: rewritten in the work tree");
    // The key is safe in .env; the work tree copy is fully new; the index copy fully old.
    expect(dotenv(repo).OPENAI_API_KEY).toBe(key);
    expect(readFileSync(join(repo, "app.js"), "utf8")).toBe("const apiKey = process.env.OPENAI_API_KEY;\n");
    expect(git(repo, "show", ":app.js")).toBe(`const apiKey = "${key}";\n`);
    expect(git(repo, "status", "--porcelain", "--untracked-files=all").split("\n").filter((l) => l.includes(".tmp"))).toEqual([]);
  });

  it("a git that exits without reading what fix writes to it (EPIPE) is a clear exit 2, never a crash", () => {
    const key = openaiProjectKey();
    // Far more than a pipe holds, so the write is still under way when git exits: deterministic EPIPE.
    const filler = "// filler line to make the file larger than any pipe buffer\n".repeat(8000);
    const repo = stagedRepo({ "app.js": `${filler}const apiKey = "${key}";\n` });
    const bin = tempDir();
    const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(join(bin, "git"), `#!/bin/sh\nfor a in "$@"; do [ "$a" = hash-object ] && { echo "fatal: out of space" >&2; exit 128; }; done\nexec ${real} "$@"\n`, { mode: 0o755 });
    const r = runCli(["fix", "--yes"], { cwd: repo, env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/hash-object failed: fatal: out of space/);
    expect(git(repo, "show", ":app.js")).toContain(key); // the index copy is untouched
  });

  it("never edits a binary key file: it names it and says what to do", () => {
    const p12 = Buffer.from([0x30, 0x82, 0x01, 0x00, 0x00, 0xff, 0x10, 0x00]);
    const repo = stagedRepo({ "certs/server.p12": p12 });
    const r = fix(repo, "--yes");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/certs\/server\.p12: .*git rm --cached -- certs\/server\.p12/);
    expect(readFileSync(join(repo, "certs/server.p12")).equals(p12)).toBe(true);
    expect(git(repo, "ls-files", "certs/server.p12")).toBe("certs/server.p12\n");
  });

  it("never follows a symlink out of the repository: not a linked file, not a linked .env", () => {
    const key = githubToken();
    const outside = tempDir();
    const target = join(outside, "secret.js");
    writeFileSync(target, `const token = "${key}";\n`);
    const repo = stagedRepo({ "README.txt": "x\n" });
    symlinkSync(target, join(repo, "linked.js"));
    write(repo, "real.js", `const token = "${key}";\n`);
    const r = fix(repo, "--yes", "linked.js", "real.js");
    // The named link is scanned (its key is reported), but fix leaves it alone and says so: exit 1, something left.
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/linked\.js:1 \(GITHUB_TOKEN\): fix leaves it alone: it is a symbolic link/);
    expect(readFileSync(target, "utf8")).toBe(`const token = "${key}";\n`);
    expect(readFileSync(join(repo, "real.js"), "utf8")).toBe("const token = process.env.GITHUB_TOKEN;\n");

    const envTarget = join(outside, "shared.env");
    writeFileSync(envTarget, "OTHER=1\n");
    const second = stagedRepo({ "a.js": `const token = "${githubToken()}";\n` });
    symlinkSync(envTarget, join(second, ".env"));
    const before = readFileSync(join(second, "a.js"), "utf8");
    const refused = fix(second, "--yes");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("scan-keys: .env is a symbolic link or not a regular file; fix never writes through one. Replace it with a plain file and run scan-keys fix again.\n");
    expect(readFileSync(envTarget, "utf8")).toBe("OTHER=1\n");
    expect(readFileSync(join(second, "a.js"), "utf8")).toBe(before);
  });
});
