// History scans cut into slices and read on worker threads give the same
// report as one thread: each secret once, at the commit that introduced it,
// oldest first; and each finding says whether HEAD still has the secret.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeKey, git, initRepo, runCli, scanJson, write } from "./helpers/gitrepo.js";
import { awsAccessKeyId, randomToken } from "./helpers/keys.js";

/**
 * A repository of `n` commits on main (through one git fast-import stream),
 * with a side branch merged back every 40 commits. Keys are planted at known
 * commits; some are copied again later (reported once), some deleted later.
 */
function longHistory(n: number) {
  const repo = initRepo();
  const keys = Array.from({ length: 6 }, () => fakeKey());
  const parts: string[] = [];
  const data = (s: string) => parts.push(`data ${Buffer.byteLength(s)}\n${s}\n`);
  const plant = new Map([
    [3, 0],
    [77, 1],
    [160, 2],
    [161, 0], // the first key again, in another file: reported once, at commit 3
    [230, 3],
    [299, 4],
  ]);
  const deleteAt = new Map([[120, "k77.txt"]]); // key 1 deleted from HEAD later
  let time = 1_700_000_000;
  let mark = 0;
  let side = 0;
  for (let i = 1; i <= n; i++) {
    const m = ++mark;
    parts.push(`commit refs/heads/main\nmark :${m}\ncommitter T <t@example.invalid> ${(time += 60)} +0000\n`);
    data(`commit ${i}\n`);
    if (m > 1) parts.push(`from :${m - 1}\n`);
    parts.push(`M 100644 inline log.txt\n`);
    data(`${Array.from({ length: 5 }, (_, j) => `line ${i}.${j} ${randomToken(8)}`).join("\n")}\n`);
    const k = plant.get(i);
    if (k !== undefined) {
      parts.push(`M 100644 inline k${i}.txt\n`);
      data(`const token = "${keys[k]}";\n`);
    }
    const gone = deleteAt.get(i);
    if (gone) parts.push(`D ${gone}\n`);
    parts.push("\n");
    if (i % 40 === 0) {
      // A side commit and a merge of it, which adds nothing of its own.
      side++;
      const s = ++mark;
      parts.push(`commit refs/heads/side${side}\nmark :${s}\ncommitter T <t@example.invalid> ${(time += 60)} +0000\n`);
      data(`side ${side}\n`);
      parts.push(`from :${m}\nM 100644 inline side${side}.txt\n`);
      data(side === 2 ? `const token = "${keys[5]}";\n` : `side ${side}\n`);
      parts.push("\n");
      const g = ++mark;
      parts.push(`commit refs/heads/main\nmark :${g}\ncommitter T <t@example.invalid> ${(time += 60)} +0000\n`);
      data(`merge side${side}\n`);
      parts.push(`from :${m}\nmerge :${s}\nM 100644 inline side${side}.txt\n`);
      data(side === 2 ? `const token = "${keys[5]}";\n` : `side ${side}\n`);
      parts.push("\n");
    }
  }
  execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: parts.join("") });
  git(repo, "reset", "-q", "--hard", "main");
  return { repo, keys };
}

const row = (f: { file: string; line: number; commit?: { sha: string }; stillInHead?: boolean }) => [f.file, f.line, f.commit?.sha, f.stillInHead];

describe("history scans on worker threads", () => {
  it("give the same findings in the same order with 0, 1 and 2 workers, each secret once, oldest first", () => {
    const { repo } = longHistory(320);
    const runs = ["0", "1", "2"].map((w) => scanJson(["--history"], repo, { env: { SCAN_KEYS_WORKERS: w } }));
    const [one] = runs;
    expect(one!.code).toBe(1);
    const files = one!.report.findings.map((f) => f.file);
    expect(files).toEqual(["k3.txt", "k77.txt", "side2.txt", "k160.txt", "k230.txt", "k299.txt"]);
    const subject = (f: { commit?: { sha: string } }) => git(repo, "show", "-s", "--format=%s", f.commit!.sha).trim();
    expect(one!.report.findings.map(subject)).toEqual(["commit 3", "commit 77", "side 2", "commit 160", "commit 230", "commit 299"]);
    expect(one!.report.stats.commits).toBe(320 + 2 * 8);
    for (const r of runs.slice(1)) {
      expect(r.report.findings.map(row)).toEqual(one!.report.findings.map(row));
      expect(r.report.stats.commits).toBe(one!.report.stats.commits);
    }
  });

  it("marks each finding with whether HEAD still has the secret, and lists those first in the summary", () => {
    const { repo } = longHistory(130);
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.file, f.stillInHead])).toEqual([
      ["k3.txt", true],
      ["k77.txt", false], // deleted at commit 120
      ["side2.txt", true],
    ]);
    const text = runCli(["--history"], { cwd: repo }).stdout;
    expect(text).toContain("in HEAD:     no, deleted since");
    expect(text).toContain("2 of 3 still in HEAD's tree");
    const sarif = JSON.parse(runCli(["--history", "--format", "sarif"], { cwd: repo }).stdout);
    expect(sarif.runs[0].results.map((r: { properties: { stillInHead: boolean } }) => r.properties.stillInHead)).toEqual([true, false, true]);
  });

  it("finds a secret still in HEAD when it moved, spans lines or is base64-encoded; not once it is gone", () => {
    const repo = initRepo();
    const moved = fakeKey();
    const aws = awsAccessKeyId();
    const encoded = fakeKey();
    const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    write(repo, "deploy.key", pem);
    write(repo, "a.txt", `const token = "${moved}";\n`);
    write(repo, "e.txt", `blob: ${Buffer.from(`{"x":1,"GITHUB_TOKEN":"${encoded}"}`).toString("base64")}\n`);
    write(repo, "b.txt", `id = ${aws}\n`);
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "keys");
    // The first key moves to another file under another name; the second is deleted; the PEM block moves into a YAML value.
    write(repo, "deploy.key", "gone\n");
    write(repo, "ci/secrets.yml", `key: |\n${pem.split("\n").map((l) => `  ${l}`).join("\n")}\n`);
    write(repo, "a.txt", "clean\n");
    write(repo, "deep/c.json", `{ "other": "${moved}" }\n`);
    write(repo, "b.txt", "id = from-env\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "move and delete");
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.file, f.stillInHead])).toEqual([
      ["a.txt", true],
      ["b.txt", false],
      ["deploy.key", true], // its lines are in ci/secrets.yml now
      ["e.txt", true],
      ["ci/secrets.yml", true], // the indented block is another match (its secret holds the indentation)
    ]);
    expect(report.findings[3]).toMatchObject({ encoding: "base64" });
    // Tree scans have no such field.
    expect(scanJson(["."], repo).report.findings.every((f) => f.stillInHead === undefined)).toBe(true);
  });

  it("a git failure in a slice is one sentence and exit 2, with or without worker threads", () => {
    const repo = initRepo();
    for (let i = 0; i < 60; i++) {
      write(repo, "log.txt", `line ${i}\n`);
      git(repo, "add", "-A");
      git(repo, "commit", "-q", "-m", `c${i}`);
    }
    // A blob of an old commit goes missing: rev-list still lists every commit, git log -p cannot diff it.
    const blob = git(repo, "rev-parse", "HEAD~30:log.txt").trim();
    rmSync(join(repo, ".git", "objects", blob.slice(0, 2), blob.slice(2)));
    for (const workers of ["0", "2"]) {
      const r = runCli(["--history"], { cwd: repo, env: { SCAN_KEYS_WORKERS: workers } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^scan-keys: git failed for --history: /);
    }
  });
});
