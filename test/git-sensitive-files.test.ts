// Files that must never be committed are reported from git too, binary ones
// included (a keystore has no text, but its path is the finding).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, scanJson, write } from "./helpers/gitrepo.js";

const binary = () => Buffer.concat([Buffer.from([0x30, 0x82, 0, 0]), randomBytes(2000)]);

describe("sensitive files in git", () => {
  it("--staged reports a staged binary keystore and a staged .env", () => {
    const repo = initRepo();
    commitFiles(repo, { "README.md": "hi\n" });
    write(repo, "android/release.jks", binary());
    write(repo, ".env", "PORT=3000\n");
    git(repo, "add", "-A");
    const { code, report } = scanJson(["--staged"], repo);
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}`).sort()).toEqual([
      "sensitive-dotenv-file .env",
      "sensitive-private-key-file android/release.jks",
    ]);
  });

  it("--staged reports a .env changed in two places once", () => {
    const repo = initRepo();
    commitFiles(repo, { ".env": "A=1\nB=2\nC=3\nD=4\n" });
    write(repo, ".env", "A=1\nX=9\nB=2\nC=3\nD=4\nY=8\n");
    git(repo, "add", "-A");
    const { report } = scanJson(["--staged"], repo);
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(["sensitive-dotenv-file .env"]);
  });

  it("--history reports a keystore at the commit that added it, not at its deletion", () => {
    const repo = initRepo();
    commitFiles(repo, { "README.md": "hi\n" });
    write(repo, "certs/server.p12", binary());
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "add keystore");
    const added = git(repo, "rev-parse", "HEAD").trim();
    git(repo, "rm", "-q", "certs/server.p12");
    git(repo, "commit", "-qm", "remove keystore");
    const { report } = scanJson(["--history"], repo);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.commit?.sha])).toEqual([["sensitive-private-key-file", "certs/server.p12", added]]);
    // A range holding only the deletion reports nothing.
    expect(scanJson(["--history", "--range", `${added}..HEAD`], repo).report.findings).toEqual([]);
  });
});
