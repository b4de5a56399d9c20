// A large tree is scanned by the main thread and worker threads at once
// (commands/scan-workers.ts): the report must not depend on how many threads
// ran, nor on which thread met which file; a file that cannot be read, or a
// worker that dies, still fails the scan with one sentence.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { awsAccessKeyId, githubToken, openaiProjectKey } from "./helpers/keys.js";

/** More files than the threshold for sharing (SHARED_SCAN_FILES in commands/scan.ts), keys in many of them. */
function bigTree(withKeys: boolean): string {
  const dir = tempDir();
  for (let i = 0; i < 900; i++) {
    const sub = join(dir, `pkg${i % 13}`, `lib${i % 5}`);
    mkdirSync(sub, { recursive: true });
    let body = `// module ${i}\nexport function f${i}(x) {\n  return x * ${i};\n}\n`.repeat(1 + (i % 9));
    if (withKeys && i % 23 === 0) body += `const token = "${githubToken()}";\n`;
    if (withKeys && i % 31 === 0) body += `OPENAI_API_KEY=${openaiProjectKey()}\naws_access_key_id = ${awsAccessKeyId()}\n`;
    if (withKeys && i % 97 === 0) body += `const t = "${githubToken()}"; // scan-keys:allow\n`;
    writeFileSync(join(sub, `m${i}.js`), body);
  }
  writeFileSync(join(dir, "pkg3", "blob.bin"), Buffer.from([0, 1, 2, 3, 0, 0, 7]));
  if (withKeys) {
    // Last in the list (handed out last, to whichever thread is free), over the default
    // --max-file-size of other scans (a tree scan reads it whole, in chunks): a key at its end.
    mkdirSync(join(dir, "zz"));
    writeFileSync(join(dir, "zz", "big.txt"), `${"lorem ipsum dolor sit amet\n".repeat(420_000)}const token = "${githubToken()}";\n`);
  }
  return dir;
}

/**
 * Runs `test` with a file in `dir` whose path is over PATH_MAX (4096): it cannot be opened by
 * name, even by root, so the scan cannot read it. 20 directories of 200 characters, then a
 * 250-character name; removed after (by relative path: the temporary directory's cleanup cannot).
 */
function withUnreadableFile(dir: string, test: () => void): void {
  const chain = join(dir, "deep", ...Array.from({ length: 20 }, () => "d".repeat(200)));
  mkdirSync(chain, { recursive: true });
  const name = "f".repeat(250);
  execFileSync("sh", ["-c", `cd "${chain}" && echo x > ${name}`]);
  try {
    test();
  } finally {
    execFileSync("sh", ["-c", `cd "${chain}" && rm -f ${name}`]);
  }
}

function scan(dir: string, workers: string | undefined, env: NodeJS.ProcessEnv = {}) {
  const r = runCli([".", "--format", "json"], { cwd: dir, env: { SCAN_KEYS_WORKERS: workers, ...env } });
  const doc = r.stdout ? (JSON.parse(r.stdout) as { findings: unknown[]; stats: Record<string, unknown> }) : undefined;
  const { durationMs: _d, ...stats } = doc?.stats ?? {};
  return { code: r.code, stderr: r.stderr, findings: doc?.findings, stats };
}

describe("a tree scan shared by the main thread and workers", () => {
  it("reports the same findings, in the same order, with the same stats, on any number of threads", () => {
    const dir = bigTree(true);
    withUnreadableFile(dir, () => {
      const alone = scan(dir, "0");
      expect(alone.code, alone.stderr).toBe(1);
      expect(alone.findings!.length).toBe(40 + 2 * 30 + 1);
      expect(alone.stats).toMatchObject({ files: 901, skippedBinary: 1, skippedUnreadable: 1, skippedTooLarge: 0, suppressed: { inline: 10 } });
      // Unset: the default policy (on two cores or more, one worker per core but the main thread's).
      for (const workers of [undefined, "1", "3"]) expect(scan(dir, workers), `SCAN_KEYS_WORKERS=${workers}`).toEqual(alone);
    });
  });

  it("an unreadable file in an otherwise clean tree still fails the scan, in one sentence", () => {
    const dir = bigTree(false);
    withUnreadableFile(dir, () => {
      const alone = scan(dir, "0");
      expect(alone.code).toBe(2);
      expect(alone.findings).toEqual([]);
      expect(alone.stderr).toMatch(/^scan-keys: 1 path could not be read or scanned \(deep\/.*longer than the system allows.*\n$/);
      for (const workers of [undefined, "1"]) expect(scan(dir, workers)).toEqual(alone);
    });
  });

  it("a worker thread that dies fails the scan with one sentence, not a stack trace", () => {
    const dir = bigTree(true);
    // Loaded by every thread of the process (NODE_OPTIONS --require): ends each worker thread as it
    // starts (most likely while the main thread is still listing), or just after (with the list).
    for (const end of ["process.exit(7)", "setImmediate(() => process.exit(7))"]) {
      const preload = join(tempDir(), "end-workers.cjs");
      writeFileSync(preload, `if (!require("node:worker_threads").isMainThread) ${end};\n`);
      const r = scan(dir, "1", { NODE_OPTIONS: `--require ${preload}` });
      expect(r.code, end).toBe(2);
      expect(r.findings).toBeUndefined();
      expect(r.stderr).toBe(
        "scan-keys: a scan worker thread stopped before its files were scanned (exit code 7), so this scan cannot call the tree clean; run it again, or with SCAN_KEYS_WORKERS=0 to scan on the main thread alone.\n",
      );
      // The same preload with no worker asked for: the main thread scans alone and the scan is whole.
      expect(scan(dir, "0", { NODE_OPTIONS: `--require ${preload}` }).code).toBe(1);
    }
  });

  it("standard input is read by the main thread, whatever SCAN_KEYS_WORKERS says", () => {
    const dir = tempDir();
    const r = runCli(["-", "--format", "json"], { cwd: dir, input: `const token = "${githubToken()}";\n`, env: { SCAN_KEYS_WORKERS: "2" } });
    expect(r.code, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(["<stdin>"]);
  });
});
