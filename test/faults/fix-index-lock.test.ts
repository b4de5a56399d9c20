// scan-keys fix while .git/index.lock exists (issue 25): it used to rewrite
// the work tree and .env, then stop at the index with a message showing a
// literal \x0a. The lock is checked first: nothing changes, one sentence.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneSentence, git, initRepo, keyLine, runFault, write } from "./helpers.js";

describe("fix with the index locked", () => {
  it("changes nothing and says why in one sentence", () => {
    const repo = initRepo();
    write(repo, "app.js", "console.log(1);\n");
    git(repo, "add", "app.js");
    git(repo, "commit", "-qm", "base");
    const source = `${keyLine()}\nconsole.log(token);\n`;
    write(repo, "app.js", source);
    git(repo, "add", "app.js");
    const indexBefore = readFileSync(join(repo, ".git/index"));
    writeFileSync(join(repo, ".git/index.lock"), "");

    const r = runFault("fix, index.lock present", ["fix", "--yes"], { cwd: repo });
    expectOneSentence(r, /\.git\/index\.lock exists \(another git command is running, or one stopped\), so fix changed nothing/);
    expect(r.stderr).not.toMatch(/\\x0a/);
    expect(readFileSync(join(repo, "app.js"), "utf8")).toBe(source);
    expect(existsSync(join(repo, ".env"))).toBe(false);
    expect(existsSync(join(repo, ".gitignore"))).toBe(false);
    expect(readFileSync(join(repo, ".git/index")).equals(indexBefore)).toBe(true);
  });
});
