// Clear sentences: each of these gets one plain sentence (exit 2), or a
// warning that reaches the text, JSON and SARIF reports.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, commitFiles, expectOneSentence, fakeKey, faultJson, git, initRepo, keyLine, runFault, tempDir, write } from "./helpers.js";

describe("clear sentences", () => {
  it("--output naming a directory: one sentence naming it", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "out"));
    expectOneSentence(runFault("--output a directory", [".", "--output", "out"], { cwd: dir }), /^scan-keys: cannot write the report to out: it is a directory; give a file name\.$/m);
  });

  it("--output on a full disk (/dev/full): one sentence naming it", () => {
    const dir = tempDir();
    write(dir, "a.txt", "x\n");
    expectOneSentence(runFault("--output /dev/full", [".", "--output", "/dev/full"], { cwd: dir }), /cannot write the report to \/dev\/full: no space left on the device\./);
  });

  it("--output into a missing directory: one sentence, and no temporary file left", () => {
    const dir = tempDir();
    expectOneSentence(runFault("--output missing dir", [".", "--output", "nope/r.json", "--format", "json"], { cwd: dir }), /cannot write the report to nope\/r\.json: its directory does not exist/);
  });

  it("--staged in a bare repository: exit 2 saying why", () => {
    const dir = tempDir();
    git(dir, "init", "-q", "--bare");
    expectOneSentence(runFault("--staged in a bare repo", ["--staged"], { cwd: dir }), /this is a bare repository, which has no staged changes/);
  });

  it("--config-from --help: an error naming the missing revision, not help and exit 0", () => {
    const repo = initRepo();
    expectOneSentence(runFault("--config-from --help", ["--config-from", "--help"], { cwd: repo }), /--config-from needs a revision \(for example origin\/main\), but is followed by the option --help/);
    expectOneSentence(runFault("--range --all", ["--history", "--range", "--all"], { cwd: repo }), /--range needs a revision range/);
  });

  it("an --include that matches nothing: say so, exit 2 (also for an invalid glob like '[')", () => {
    const dir = tempDir();
    write(dir, "a.txt", `${keyLine()}\n`);
    expectOneSentence(runFault("--include [", [".", "--include", "["], { cwd: dir }), /no file matched --include "\["/);
    expectOneSentence(runFault("--include *.nothing", [".", "--include", "**/*.nothing"], { cwd: dir }), /no file matched --include/);
    expect(runFault("--include matching", [".", "--include", "*.txt"], { cwd: dir }).code).toBe(1);
  });

  it("--history in a shallow clone warns in text, JSON and SARIF that history is cut", () => {
    const origin = initRepo();
    for (let i = 0; i < 3; i++) commitFiles(origin, { [`f${i}.txt`]: `${i}\n` }, `c${i}`);
    const clone = join(tempDir(), "shallow");
    git(origin, "clone", "-q", "--depth", "1", `file://${origin}`, clone);
    const text = runFault("shallow text", ["--history"], { cwd: clone });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/note\s+this is a shallow clone, so history before its oldest fetched commits was not scanned/);
    const json = faultJson("shallow json", ["--history"], { cwd: clone });
    expect(json.report.stats.notes).toEqual([expect.stringMatching(/shallow clone/)]);
    const sarif = runFault("shallow sarif", ["--history", "--format", "sarif"], { cwd: clone });
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.invocations[0].toolExecutionNotifications).toEqual([{ level: "warning", message: { text: expect.stringMatching(/shallow clone/) } }]);
    // A full clone has no such note.
    expect(faultJson("full clone", ["--history"], { cwd: origin }).report.stats.notes).toBeUndefined();
  });

  it("binary bytes given to --pre-push are escaped in the message, never echoed raw", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    const r = runFault("--pre-push binary input", ["--pre-push"], { cwd: repo, input: Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x07, 0x41, 0x0a]) });
    expectOneSentence(r, /--pre-push reads git's pre-push lines/);
    expect(r.stderr).toContain("\\x1b[2J");
    expect(r.stderr).not.toMatch(/[\x00-\x08\x1b]/);
  });

  it("a deleted working directory: 'the current directory no longer exists'", () => {
    const parent = tempDir();
    const gone = join(parent, "gone");
    mkdirSync(gone);
    const r = spawnSync("sh", ["-c", `cd "${gone}" && rmdir "${gone}" && exec "$NODE" "$CLI" .`], {
      encoding: "utf8",
      env: { ...process.env, NODE: process.execPath, CLI },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("scan-keys: the current directory no longer exists; cd to an existing directory and run scan-keys again.\n");
  });

  it("control characters in a file name are escaped in the text report, kept exact in JSON", () => {
    const dir = tempDir();
    write(dir, "evil\u001b[2J.txt", `${keyLine()}\n`);
    const text = runFault("control chars in a name", ["."], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("evil\\x1b[2J.txt:1:");
    expect(text.stdout).not.toContain("\u001b");
    expect(faultJson("control chars in a name, JSON", ["."], { cwd: dir }).report.findings[0]!.file).toBe("evil\u001b[2J.txt");
  });

  it("a report written with --output leaves no temporary file beside it", () => {
    const dir = tempDir();
    write(dir, "a.txt", `token=${fakeKey()}\n`);
    mkdirSync(join(dir, "reports"));
    const r = runFault("--output file", [".", "--format", "json", "--output", "reports/r.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(readdirSync(join(dir, "reports"))).toEqual(["r.json"]);
    expect(existsSync(join(dir, "reports/r.json"))).toBe(true);
  });
});
