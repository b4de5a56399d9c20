// scan-keys fix in the states a real repository is in: unstaged edits in the
// same file, a .env that already uses the name, CRLF files, a staged .env,
// data files with no safe rewrite, --dry-run, --name, and keys already in
// history.
import { createHash } from "node:crypto";
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, runCli, tryGit, write } from "./helpers/gitrepo.js";
import { dotenv, expectFixed, fix, run, stagedRepo } from "./helpers/fixrepo.js";
import { githubToken, openaiProjectKey } from "./helpers/keys.js";

const read = (repo: string, p: string) => readFileSync(join(repo, p), "utf8");
const staged = (repo: string, p: string) => git(repo, "show", `:${p}`);

/** Hash of every file in the work tree and of the index: any change shows. */
function snapshot(repo: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      if (rel === "" && name === ".git") continue;
      const abs = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(abs).isDirectory()) walk(abs, r);
      else out[r] = createHash("sha256").update(readFileSync(abs)).digest("hex");
    }
  };
  walk(repo, "");
  out["<index>"] = createHash("sha256").update(readFileSync(join(repo, ".git/index"))).digest("hex");
  return out;
}

describe("scan-keys fix", () => {
  it("fixes the index and the work tree apart when the file has unstaged edits: the edits stay unstaged", () => {
    const key = openaiProjectKey();
    const repo = stagedRepo({ "app.js": `const apiKey = "${key}";\nmodule.exports = apiKey;\n` });
    write(repo, "app.js", `// work in progress\nconst apiKey = "${key}";\nmodule.exports = apiKey;\nconsole.log("unstaged");\n`);
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expectFixed(repo, key, "OPENAI_API_KEY");
    expect(staged(repo, "app.js")).toBe(`const apiKey = process.env.OPENAI_API_KEY;\nmodule.exports = apiKey;\n`);
    expect(read(repo, "app.js")).toBe(`// work in progress\nconst apiKey = process.env.OPENAI_API_KEY;\nmodule.exports = apiKey;\nconsole.log("unstaged");\n`);
  });

  it("refuses, in one sentence and changing nothing in that file, when the unstaged copy cannot be rewritten", () => {
    const key = openaiProjectKey();
    const repo = stagedRepo({ "app.js": `const apiKey = "${key}";\n` });
    const work = `const header = "Bearer ${key}";\n`;
    write(repo, "app.js", work);
    const r = fix(repo, "--yes");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/app\.js:1: not rewritten, in the work tree copy \(it has unstaged edits\), the key sits inside a longer string/);
    expect(read(repo, "app.js")).toBe(work);
    expect(staged(repo, "app.js")).toBe(`const apiKey = "${key}";\n`);
    expect(r.stdout).not.toContain(key);
  });

  it("never overwrites a different value in .env: picks another name and says so; an identical entry is not duplicated", () => {
    const key = openaiProjectKey();
    const other = openaiProjectKey();
    const repo = initRepo();
    commitFiles(repo, { ".gitignore": ".env\n" });
    writeFileSync(join(repo, ".env"), `OPENAI_API_KEY=${other}\n`, { mode: 0o640 });
    write(repo, "a.js", `const k = "${key}";\n`);
    git(repo, "add", "a.js");
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("OPENAI_API_KEY is taken by a different value in .env, so this key is OPENAI_API_KEY_2");
    expect(read(repo, ".env")).toBe(`OPENAI_API_KEY=${other}\nOPENAI_API_KEY_2=${key}\n`);
    expect(statSync(join(repo, ".env")).mode & 0o777).toBe(0o640); // an existing .env keeps its mode
    expect(read(repo, "a.js")).toBe(`const k = process.env.OPENAI_API_KEY_2;\n`);
    expect(read(repo, ".gitignore")).toBe(".env\n"); // already ignored: untouched

    // The same key staged again elsewhere: .env already holds it, under the name it has there.
    write(repo, "b.js", `const k = "${key}";\n`);
    git(repo, "add", "b.js");
    const again = fix(repo, "--yes");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(read(repo, ".env")).toBe(`OPENAI_API_KEY=${other}\nOPENAI_API_KEY_2=${key}\n`);
    expect(read(repo, "b.js")).toBe(`const k = process.env.OPENAI_API_KEY_2;\n`);
  });

  it("keeps CRLF line endings, in the code, the added import, and the files it appends to", () => {
    const key = openaiProjectKey();
    const repo = initRepo();
    commitFiles(repo, { ".gitignore": "node_modules\r\n" });
    write(repo, "main.py", `import sys\r\n\r\nclient_key = "${key}"\r\nprint(len(client_key))\r\n`);
    git(repo, "add", "main.py");
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expectFixed(repo, key, "OPENAI_API_KEY");
    expect(read(repo, "main.py")).toBe(`import os\r\nimport sys\r\n\r\nclient_key = os.environ["OPENAI_API_KEY"]\r\nprint(len(client_key))\r\n`);
    expect(read(repo, ".gitignore")).toBe("node_modules\r\n.env\r\n");
    expect(staged(repo, ".gitignore")).toBe("node_modules\r\n.env\r\n");
  });

  it("keeps each file's mode and encoding: an executable UTF-16 file with a BOM, a latin1 file", () => {
    const key = openaiProjectKey();
    const key2 = githubToken();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`// héllo\r\nconst k = "${key}";\r\n`, "utf16le")]);
    const latin1 = Buffer.from(`# caf\u00e9\nTOKEN="${key2}"\n`, "latin1");
    const repo = initRepo();
    commitFiles(repo, { "README.md": "x\n" });
    write(repo, "run.js", utf16);
    write(repo, "env.sh", latin1);
    git(repo, "update-index", "--add", "--chmod=+x", "run.js");
    git(repo, "add", "env.sh");
    chmodSync(join(repo, "run.js"), 0o755);
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = readFileSync(join(repo, "run.js"));
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(out.subarray(2).toString("utf16le")).toBe(`// héllo\r\nconst k = process.env.OPENAI_API_KEY;\r\n`);
    expect(statSync(join(repo, "run.js")).mode & 0o777).toBe(0o755);
    expect(git(repo, "ls-files", "-s", "run.js")).toMatch(/^100755 /);
    expect(readFileSync(join(repo, "env.sh")).equals(Buffer.from(`# caf\u00e9\nTOKEN="$GITHUB_TOKEN"\n`, "latin1"))).toBe(true);
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(0);
  });

  it("rewrites two keys in one file, with one import", () => {
    const a = openaiProjectKey();
    const b = githubToken();
    const repo = stagedRepo({ "keys.py": `OPENAI = "${a}"\nGH = "${b}"\n` });
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(read(repo, "keys.py")).toBe(`import os\n\nOPENAI = os.environ["OPENAI_API_KEY"]\nGH = os.environ["GITHUB_TOKEN"]\n`);
    expect(dotenv(repo)).toEqual({ OPENAI_API_KEY: a, GITHUB_TOKEN: b });
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(0);
  });

  it("--dry-run prints a unified diff, masks the key, and changes nothing (file and index hashes)", () => {
    const key = githubToken();
    const repo = stagedRepo({ "deploy.sh": `#!/bin/sh\nTOKEN="${key}"\n` });
    write(repo, "deploy.sh", `#!/bin/sh\nTOKEN="${key}"\necho unstaged\n`);
    const before = snapshot(repo);
    const r = fix(repo, "--dry-run");
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(repo)).toEqual(before);
    expect(r.stdout).toContain("--- a/deploy.sh\n+++ b/deploy.sh\n");
    expect(r.stdout).toContain(`+TOKEN="$GITHUB_TOKEN"`);
    expect(r.stdout).toContain("--- a/deploy.sh (staged copy, in the index)");
    expect(r.stdout).toContain("+++ b/.env\n");
    expect(r.stdout).toMatch(/^\+GITHUB_TOKEN=ghp_\w{1,8}…$/m);
    expect(r.stdout).not.toContain(key);
  });

  it("--name names the variable; a bad or ambiguous --name is one sentence and exit 2", () => {
    const key = openaiProjectKey();
    const repo = stagedRepo({ "a.js": `const k = "${key}";\n` });
    expect(fix(repo, "--yes", "--name", "2BAD").stderr).toMatch(/^scan-keys: --name "2BAD" is not a variable name[^\n]*\n$/);
    const r = fix(repo, "--yes", "--name", "LLM_KEY");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expectFixed(repo, key, "LLM_KEY");
    expect(read(repo, "a.js")).toBe(`const k = process.env.LLM_KEY;\n`);

    const two = stagedRepo({ "a.js": `const a = "${openaiProjectKey()}";\nconst b = "${githubToken()}";\n` });
    const amb = fix(two, "--yes", "--name", "X");
    expect(amb.code).toBe(2);
    expect(amb.stderr).toMatch(/--name names one secret, but there are 2/);
  });

  it("leaves JSON data alone with precise manual steps, and exits 1", () => {
    const key = openaiProjectKey();
    const json = `{\n  "openai": { "key": "${key}" }\n}\n`;
    const repo = stagedRepo({ "config.json": json });
    const r = fix(repo, "--yes");
    expect(r.code).toBe(1);
    expect(read(repo, "config.json")).toBe(json);
    expect(r.stdout).toContain("config.json:2 (OPENAI_API_KEY): JSON is data and cannot read an environment variable.");
    expect(r.stdout).toContain("Add the key to .env as OPENAI_API_KEY=<the key>");
    expect(r.stdout).not.toContain(key);
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(1);
  });

  it("unstages a staged .env (never deletes it) and makes it ignored", () => {
    const key = openaiProjectKey();
    const repo = stagedRepo({ ".env": `OPENAI_API_KEY=${key}\n`, "a.js": "console.log(process.env.OPENAI_API_KEY);\n" });
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(read(repo, ".env")).toBe(`OPENAI_API_KEY=${key}\n`);
    expect(tryGit(repo, ["ls-files", "--error-unmatch", ".env"]).code).not.toBe(0);
    expect(tryGit(repo, ["check-ignore", "-q", ".env"]).code).toBe(0);
    expect(git(repo, "diff", "--cached", "--name-only")).toBe(".gitignore\na.js\n");
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(0);
  });

  it("on [paths], fixes a committed key and says it must be rotated, with the revoke address", () => {
    const key = githubToken();
    const repo = initRepo();
    commitFiles(repo, { "src/gh.js": `export const token = "${key}";\n` });
    const r = runCli(["fix", "--yes", "gh.js"], { cwd: join(repo, "src") });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(read(repo, "src/gh.js")).toBe(`export const token = process.env.GITHUB_TOKEN;\n`);
    expect(dotenv(repo).GITHUB_TOKEN).toBe(key);
    expect(r.stdout).toMatch(/GITHUB_TOKEN \(GitHub, ghp_\w+…\): committed before \(in [0-9a-f]{12}\).*Rotate it now: https:\/\/github\.com\/settings\/tokens/);
    expect(r.stdout).toContain("git filter-repo");
    // Not staged before: the fix is not staged either.
    expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
  });

  it("says a staged key was never committed when no branch holds it", () => {
    const repo = stagedRepo({ "a.js": `const k = "${githubToken()}";\n` });
    const r = fix(repo, "--yes");
    expect(r.stdout).toMatch(/GITHUB_TOKEN \(GitHub, ghp_\w+…\): never committed/);
  });

  it("asks on a terminal only: without one it needs --yes or --dry-run (one sentence, exit 2)", () => {
    const repo = stagedRepo({ "a.js": `const k = "${githubToken()}";\n` });
    const before = readFileSync(join(repo, "a.js"));
    const r = fix(repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: scan-keys fix asks before it changes files, and this is not a terminal: [^\n]+\n$/);
    expect(readFileSync(join(repo, "a.js")).equals(before)).toBe(true);
  });

  it("has nothing to do on a clean change, and needs a repository", () => {
    const repo = stagedRepo({ "a.js": "console.log(1);\n" });
    const r = fix(repo, "--yes");
    expect(r).toMatchObject({ code: 0, stdout: "Nothing to fix: no secrets in what is staged.\n" });
    const notRepo = run("mktemp", ["-d"], repo).trim();
    const out = runCli(["fix"], { cwd: notRepo });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe("scan-keys: scan-keys fix works inside a git work tree: run it from your repository.\n");
  });

  it("a blocked commit's report ends with the one command to run", () => {
    const repo = stagedRepo({ "a.js": `const k = "${githubToken()}";\n` });
    const r = runCli(["--staged"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/npx scan-keys fix/);
  });
});
