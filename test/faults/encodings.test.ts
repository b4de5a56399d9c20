// Encodings: UTF-16 with a BOM is decoded the same in every source; a BOM is
// trusted only when the bytes after it look like UTF-16; a lone CR is a line break.
import { describe, expect, it } from "vitest";
import { commitFiles, fakeKey, faultJson, git, initRepo, tempDir, write } from "./helpers.js";

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, "utf16le").swap16()]);

describe("encodings", () => {
  it("--history finds a key in a UTF-16 (LE and BE) PowerShell script committed with --no-verify", () => {
    const repo = initRepo();
    commitFiles(repo, { "README.md": "hi\n" });
    const le = fakeKey();
    const be = fakeKey();
    write(repo, "deploy.ps1", utf16le(`Write-Host "x"\r\n$token = "${le}"\r\n`));
    write(repo, "setup.ps1", utf16be(`# setup\n\n$token = "${be}"\n`));
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "scripts", "--no-verify");
    const r = faultJson("UTF-16 in history", ["--history"], { cwd: repo });
    expect(r.report.findings.map((f) => `${f.file}:${f.line}`).sort()).toEqual(["deploy.ps1:2", "setup.ps1:3"]);
    expect(r.report.stats.skippedBinary).toBe(0);
  });

  it("--staged and a tree scan find the same UTF-16 key at the same place", () => {
    const repo = initRepo();
    write(repo, "deploy.ps1", utf16le(`Write-Host "x"\r\n$token = "${fakeKey()}"\r\n`));
    git(repo, "add", ".");
    const staged = faultJson("UTF-16 staged", ["--staged"], { cwd: repo });
    const tree = faultJson("UTF-16 tree", ["."], { cwd: repo });
    expect(staged.report.findings.map((f) => [f.file, f.line, f.column])).toEqual([["deploy.ps1", 2, 11]]);
    expect(tree.report.findings.map((f) => [f.file, f.line, f.column])).toEqual([["deploy.ps1", 2, 11]]);
  });

  it("a Latin-1 file that starts with the bytes FF FE is read as Latin-1, and its key found", () => {
    const dir = tempDir();
    const key = fakeKey();
    write(dir, "latin1.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(` caf\u00e9\ntoken=${key}\n`, "latin1")]));
    const r = faultJson("Latin-1 with FF FE", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => [f.file, f.line, f.column])).toEqual([["latin1.txt", 2, 7]]);
  });

  it("a Latin-1 file that starts with FF FE is found in history too", () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "x\n" });
    write(repo, "latin1.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\ntoken=${fakeKey()}\n`, "latin1")]));
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "latin1");
    const r = faultJson("Latin-1 with FF FE in history", ["--history"], { cwd: repo });
    expect(r.report.findings.map((f) => f.file)).toEqual(["latin1.txt"]);
  });

  it("a lone-CR file reports the key on its real line (3), in a tree scan and from standard input", () => {
    const dir = tempDir();
    const text = `a\rb\rtoken=${fakeKey()}\r`;
    write(dir, "mac.txt", text);
    const tree = faultJson("lone CR tree", ["."], { cwd: dir });
    expect(tree.report.findings.map((f) => [f.line, f.column])).toEqual([[3, 7]]);
    const stdin = faultJson("lone CR stdin", ["-"], { cwd: dir, input: text });
    expect(stdin.report.findings.map((f) => [f.line, f.column])).toEqual([[3, 7]]);
  });

  it("mixed CRLF and lone CR count each break once", () => {
    const dir = tempDir();
    write(dir, "mixed.txt", `a\r\nb\rc\r\ntoken=${fakeKey()}\n`);
    const r = faultJson("mixed line breaks", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => f.line)).toEqual([4]);
  });
});
