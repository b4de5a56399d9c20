// Nothing is skipped in silence: every path met and not read is counted and
// named with the reason, in the summary and in JSON stats.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, commitFiles, expectOneSentence, fakeKey, faultJson, git, initRepo, keyLine, runFault, tempDir, write, type Report } from "./helpers.js";

/** Lets git (run as nobody) read a repository root owns. */
const TRUST_REPO = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "safe.directory", GIT_CONFIG_VALUE_0: "*" };

/** A file name that is not valid UTF-8 (Latin-1 "café.txt"). */
const LATIN1_NAME = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]);

function writeRawName(dir: string, name: Buffer, content: string): void {
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name]), content);
}

describe("silent skips", () => {
  it("a file name that is not valid UTF-8 is scanned and shown escaped (no git)", () => {
    const dir = tempDir();
    writeRawName(dir, LATIN1_NAME, `${keyLine()}\n`);
    const r = faultJson("non-UTF-8 name, walk", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => f.file)).toEqual(["caf\\xe9.txt"]);
  });

  it("a file name that is not valid UTF-8 is scanned and shown escaped (git, tracked and untracked)", () => {
    const repo = initRepo();
    writeRawName(repo, LATIN1_NAME, `${keyLine()}\n`);
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "latin-1 name");
    writeRawName(repo, Buffer.from([0x6e, 0x65, 0x77, 0xff, 0x2e, 0x65, 0x6e, 0x76]), `${keyLine()}\n`);
    const r = faultJson("non-UTF-8 name, git", ["."], { cwd: repo });
    expect(r.report.findings.map((f) => f.file).sort()).toEqual(["caf\\xe9.txt", "new\\xff.env"]);
  });

  it("a non-UTF-8 name and a FIFO survive the trip to a scan worker thread", () => {
    const dir = tempDir();
    writeRawName(dir, LATIN1_NAME, `${keyLine()}\n`);
    write(dir, "b.txt", `${keyLine()}\n`);
    execFileSync("mkfifo", [join(dir, "pipe")]);
    const r = faultJson("worker threads", ["."], { cwd: dir, env: { SCAN_KEYS_WORKERS: "2" } });
    expect(r.report.findings.map((f) => f.file)).toEqual(["b.txt", "caf\\xe9.txt"]);
    expect(r.report.stats.skipped).toEqual([{ path: "pipe", reason: "a FIFO (named pipe), not a regular file" }]);
  });

  it("a file named on the command line in Latin-1 is found, not 'no such file'", () => {
    const dir = tempDir();
    writeRawName(dir, LATIN1_NAME, `${keyLine()}\n`);
    // Through a shell, so the argument reaches scan-keys as the raw bytes (spawn would encode it as UTF-8).
    const r = spawnSync("sh", ["-c", `exec "$NODE" "$CLI" "$(printf 'caf\\351.txt')" --format json`], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE: process.execPath, CLI },
    });
    expect(r.status, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as Report).findings.map((f) => f.file)).toEqual(["caf\\xe9.txt"]);
  });

  it("a symbolic link named on the command line is followed; one met in a walk is named as not followed", () => {
    const dir = tempDir();
    write(dir, "real/secret.txt", `${keyLine()}\n`);
    symlinkSync("real/secret.txt", join(dir, "link.txt"));
    const named = faultJson("named symlink", ["link.txt"], { cwd: dir });
    expect(named.report.findings.map((f) => f.file)).toEqual(["link.txt"]);
    const walked = faultJson("symlink in walk", ["."], { cwd: dir });
    expect(walked.report.findings.map((f) => f.file)).toEqual(["real/secret.txt"]);
    expect(walked.report.stats.skippedOther).toBe(1);
    expect(walked.report.stats.skipped).toEqual([{ path: "link.txt", reason: expect.stringMatching(/symbolic link, not followed/) }]);
  });

  it("scan-keys - reads standard input, named by --stdin-name", () => {
    const dir = tempDir();
    const r = faultJson("stdin", ["-", "--stdin-name", "pasted.env"], { cwd: dir, input: `a\nb\n${keyLine()}\n` });
    expect(r.report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(["pasted.env:3"]);
    expect(r.report.stats.files).toBe(1);
    const plain = runFault("stdin text", ["-"], { cwd: dir, input: `${keyLine()}\n` });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^<stdin>:1:/m);
  });

  it("--stdin-name without - is a usage error", () => {
    expectOneSentence(runFault("stdin-name without -", [".", "--stdin-name", "x"], { cwd: tempDir() }), /--stdin-name names standard input/);
  });

  it("a FIFO met in a tree, or a device named, is named as not a regular file and never read", () => {
    const dir = tempDir();
    write(dir, "a.txt", `${keyLine()}\n`);
    execFileSync("mkfifo", [join(dir, "pipe")]);
    const walked = faultJson("FIFO in tree", ["."], { cwd: dir });
    expect(walked.code).toBe(1);
    expect(walked.report.stats.skipped).toEqual([{ path: "pipe", reason: "a FIFO (named pipe), not a regular file" }]);
    const device = faultJson("device named", ["/dev/zero"], { cwd: dir });
    expect(device.report.stats.skipped).toEqual([{ path: "zero", reason: "a character device, not a regular file" }]);
  });

  it("a pipe named on the command line (/dev/stdin, <(…)) is read as a stream", () => {
    const dir = tempDir();
    const r = faultJson("/dev/stdin named", ["/dev/stdin"], { cwd: dir, input: `x\n${keyLine()}\n` });
    expect(r.report.findings.map((f) => [f.file, f.line])).toEqual([["/dev/stdin", 2]]);
    // A named FIFO with a writer (as bash's <(…) makes): read as a stream.
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const out = spawnSync("sh", ["-c", `printf 'a\\nb\\n%s\\n' "$KEYLINE" > "${fifo}" & exec "$NODE" "$CLI" "${fifo}" --format json`], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, NODE: process.execPath, CLI, KEYLINE: keyLine() },
    });
    expect((JSON.parse(out.stdout) as Report).findings.map((f) => f.line)).toEqual([3]);
  });

  it("a path longer than the system allows is named as unreadable, and the rest is scanned", () => {
    const dir = tempDir();
    write(dir, "a.txt", `${keyLine()}\n`);
    // 20 directories of 200 characters (a path under PATH_MAX, 4096), then a 250-character file name:
    // the file's path is over 4096, so it cannot be opened by name. Made with relative paths.
    const part = "d".repeat(200);
    const chain = Array.from({ length: 20 }, () => part).join("/");
    mkdirSync(join(dir, chain), { recursive: true });
    const deep = "f".repeat(250);
    execFileSync("sh", ["-c", `cd "${join(dir, chain)}" && echo x > ${deep}`]);
    try {
      const r = faultJson("path over 4096", ["."], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.report.stats.skippedUnreadable).toBe(1);
      expect(r.report.stats.unreadable[0]!.reason).toMatch(/longer than the system allows/);
      const text = runFault("path over 4096, text", ["."], { cwd: dir });
      expect(text.stdout).toMatch(/1 file unreadable:/);
    } finally {
      execFileSync("sh", ["-c", `cd "${join(dir, chain)}" && rm -f ${deep}`]);
    }
  });

  it("an unreadable directory (and an unreadable file) is named, with and without git", () => {
    // Root reads everything; as root, the scan runs as nobody (setpriv), so permissions apply.
    const asRoot = process.getuid?.() === 0;
    const dir = tempDir();
    execFileSync("chmod", ["755", dir]);
    write(dir, "locked/a.txt", `${keyLine()}\n`);
    write(dir, "secret.txt", `${keyLine()}\n`);
    write(dir, "ok.txt", `${keyLine()}\n`);
    execFileSync("chmod", ["000", join(dir, "locked")]);
    execFileSync("chmod", ["000", join(dir, "secret.txt")]);
    const scan = (): Report => {
      const argv = [process.execPath, CLI, ".", "--format", "json"];
      const r = asRoot
        ? spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", ...argv], { cwd: dir, encoding: "utf8", env: { ...process.env, HOME: "/tmp", ...TRUST_REPO } })
        : spawnSync(argv[0]!, argv.slice(1), { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(1);
      return JSON.parse(r.stdout) as Report;
    };
    try {
      const walked = scan();
      expect(walked.findings.map((f) => f.file)).toEqual(["ok.txt"]);
      expect(walked.stats.unreadable).toEqual([
        { path: "locked", reason: "directory: permission denied" },
        { path: "secret.txt", reason: "permission denied" },
      ]);
      // Named on the command line, it stops the scan with one sentence.
      const named = asRoot
        ? spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", process.execPath, CLI, "locked"], { cwd: dir, encoding: "utf8" })
        : spawnSync(process.execPath, [CLI, "locked"], { cwd: dir, encoding: "utf8" });
      expect(named.status).toBe(2);
      expect(named.stderr).toBe("scan-keys: locked: permission denied, so this directory cannot be listed.\n");
      execFileSync("chmod", ["755", join(dir, "locked")]);
      git(dir, "init", "-q");
      // Proof that git lists the files: an ignored file with a key is not scanned.
      write(dir, ".gitignore", "ignored.txt\n");
      write(dir, "ignored.txt", `${keyLine()}\n`);
      execFileSync("chmod", ["-R", "a+rX", join(dir, ".git")]);
      execFileSync("chmod", ["000", join(dir, "locked")]);
      const withGit = scan();
      expect(withGit.findings.map((f) => f.file)).toEqual(["ok.txt"]);
      expect(withGit.stats.unreadable.map((u) => u.path).sort()).toEqual(["locked", "secret.txt"]);
    } finally {
      execFileSync("chmod", ["-R", "u+rwX", dir]);
    }
  });

  it("a submodule is named with a note, and --recurse-submodules scans it", () => {
    const sub = initRepo();
    commitFiles(sub, { "inner.txt": `${keyLine()}\n` });
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "nothing\n" });
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "vendored");
    git(repo, "commit", "-qm", "submodule");
    const plain = faultJson("submodule note", ["."], { cwd: repo });
    expect(plain.code).toBe(0);
    expect(plain.report.stats.skipped).toEqual([{ path: "vendored", reason: expect.stringMatching(/submodule/) }]);
    expect(plain.report.stats.notes).toEqual([expect.stringMatching(/^1 git submodule .*not scanned; pass --recurse-submodules/)]);
    const deep = faultJson("--recurse-submodules", [".", "--recurse-submodules"], { cwd: repo });
    expect(deep.report.findings.map((f) => f.file)).toEqual(["vendored/inner.txt"]);
    expect(deep.report.stats.skipped).toEqual([]);
  });

  it("a scan that skips nothing says so; one that skips says what", () => {
    const dir = tempDir();
    write(dir, "a.txt", "x\n");
    expect(runFault("skipped nothing", ["."], { cwd: dir }).stdout).toMatch(/skipped\s+nothing/);
    write(dir, "big.txt", "y".repeat(2048));
    const r = runFault("skipped too large", [".", "--max-file-size", "1KB"], { cwd: dir });
    expect(r.stdout).toMatch(/1 file too large: over --max-file-size/);
    expect(r.stdout).toMatch(/big\.txt: over --max-file-size/);
  });

  it("a named path that does not exist: exit 2 naming it", () => {
    const dir = tempDir();
    write(dir, "a.txt", `${keyLine()}\n`);
    expectOneSentence(runFault("missing named path", ["a.txt", "nope.txt"], { cwd: dir }), /nope\.txt: no such file or directory/);
  });
});
