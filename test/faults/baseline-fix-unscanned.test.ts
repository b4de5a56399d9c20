// `baseline` and `fix` follow the scan's rule: what could not be read or
// scanned fails the run. A baseline from an incomplete scan is written (it
// holds only what was found, so it allows nothing unseen) but says so and
// exits 2; fix never says "nothing to fix" over a file it could not read.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, expectOneSentence, fakeKey, git, initRepo, keyLine, runFault, write } from "./helpers.js";

const FILLER = "filler text with nothing to find\n";

/** A git-lfs pointer at `path` whose object is not on this machine (the staged content cannot be read). */
function missingLfsObject(repo: string, path: string): void {
  write(repo, ".gitattributes", "*.dat filter=lfs diff=lfs merge=lfs -text\n");
  const content = `${keyLine()}\n`;
  const oid = createHash("sha256").update(content).digest("hex");
  write(repo, path, `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`);
}

describe("baseline over an incomplete scan", () => {
  it("a text file over --max-file-size: the baseline is written with what was found, and the run exits 2 in one sentence", () => {
    const repo = initRepo();
    commitFiles(repo, { "old.txt": `token = "${fakeKey()}"\n` });
    write(repo, "big.txt", FILLER.repeat(100));
    const r = runFault("baseline, file over the limit", ["baseline", "--max-file-size", "1KB"], { cwd: repo });
    expect(r.stdout).toMatch(/^wrote \.scan-keys-baseline\.json with 1 finding;/);
    expectOneSentence(r, /^scan-keys: 1 file is over --max-file-size \(1KB\) and was not scanned \(big\.txt\), so this baseline may be incomplete; raise the limit .* --exclude 'big\.txt'/);
    const written = JSON.parse(readFileSync(join(repo, ".scan-keys-baseline.json"), "utf8")) as { findings: { file: string }[] };
    expect(written.findings.map((f) => f.file)).toEqual(["old.txt"]);
  });

  it("a staged file that cannot be read (git-lfs object missing): exit 2, named", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    missingLfsObject(repo, "model.dat");
    git(repo, "add", "-A");
    const r = runFault("baseline --staged, unreadable", ["baseline", "--staged"], { cwd: repo });
    expectOneSentence(r, /^scan-keys: 1 path could not be read or scanned \(model\.dat: its git-lfs content.*so this baseline may be incomplete/);
    expect(existsSync(join(repo, ".scan-keys-baseline.json"))).toBe(true);
  });

  it("a complete scan still writes and exits 0", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    const r = runFault("baseline, complete", ["baseline"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("fix over an incomplete scan", () => {
  it("nothing found but a staged file unreadable: no 'nothing to fix', exit 2 naming it, nothing changed", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    missingLfsObject(repo, "model.dat");
    git(repo, "add", "-A");
    const r = runFault("fix, unreadable staged file", ["fix", "--yes"], { cwd: repo });
    expectOneSentence(r, /^scan-keys: 1 path could not be read or scanned \(model\.dat: .*\), so fix could not look for keys in it;/);
    expect(r.stdout).not.toMatch(/Nothing to fix/);
    expect(existsSync(join(repo, ".env"))).toBe(false);
  });

  it("--dry-run with a key found and a file unreadable: the plan is shown, exit 2 (not 0)", () => {
    const repo = initRepo();
    commitFiles(repo, { "app.js": "console.log(1);\n" });
    write(repo, "app.js", `${keyLine()}\nconsole.log(token);\n`);
    missingLfsObject(repo, "model.dat");
    git(repo, "add", "-A");
    const r = runFault("fix --dry-run, unreadable staged file", ["fix", "--dry-run"], { cwd: repo });
    expect(r.stdout).toMatch(/Dry run/);
    expectOneSentence(r, /model\.dat/);
  });

  it("fixing every key found while a file was unreadable: the fix is applied, exit 2 names the file", () => {
    const repo = initRepo();
    commitFiles(repo, { "app.js": "console.log(1);\n" });
    write(repo, "app.js", `${keyLine()}\nconsole.log(token);\n`);
    missingLfsObject(repo, "model.dat");
    git(repo, "add", "-A");
    const r = runFault("fix --yes, unreadable staged file", ["fix", "--yes"], { cwd: repo });
    expect(r.stdout).toMatch(/Done:/);
    expect(readFileSync(join(repo, "app.js"), "utf8")).not.toMatch(/ghp_/);
    expectOneSentence(r, /model\.dat/);
  });
});
