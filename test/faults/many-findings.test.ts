// Issue 25, item 1: one file with 150,000 keys. Appending a file's findings
// with `push(...array)` overflowed the stack past ~120,000 of them; the file
// was then named "could not be scanned" and every source still said "no
// secrets found", exit 0. Now every key is reported, and whatever could not
// be read or scanned fails the scan (exit 2, one sentence).
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, fakeKey, git, initRepo, keyLine, runFault, tempDir, write, type Report } from "./helpers.js";

const KEYS = 150_000;
/** Holding 150,000 findings for the report takes memory (measured: 470 MB staged, 560 MB with a worker): a generous bound. */
const PEAK = 900 * 1024;

function findingsIn(file: string): Report["findings"] {
  return (JSON.parse(readFileSync(file, "utf8")) as Report).findings;
}

describe("a file with 150,000 keys", () => {
  it("--staged, the tree scan and --history report every key (none is dropped, no stack overflow)", () => {
    const repo = initRepo();
    const lines: string[] = [];
    for (let i = 0; i < KEYS; i++) lines.push(`t${i}="${fakeKey()}"\n`);
    write(repo, "k.txt", lines.join(""));
    git(repo, "add", "k.txt");
    const out = join(tempDir(), "report.json");
    const opts = { cwd: repo, timeoutMs: 280_000, peakLimitKb: PEAK };

    const staged = runFault("150,000 keys, staged", ["--staged", "--format", "json", "--output", out], opts);
    expect(staged.code, staged.stderr).toBe(1);
    expect(findingsIn(out)).toHaveLength(KEYS);

    // In a worker thread: its findings come back to the main thread in one message (scan-workers.ts).
    const tree = runFault("150,000 keys, tree", [".", "--format", "json", "--output", out], { ...opts, env: { SCAN_KEYS_WORKERS: "1" } });
    expect(tree.code, tree.stderr).toBe(1);
    expect(findingsIn(out)).toHaveLength(KEYS);

    git(repo, "commit", "-qm", "keys", "--no-verify");
    const history = runFault("150,000 keys, history", ["--history", "--format", "json", "--output", out], opts);
    expect(history.code, history.stderr).toBe(1);
    const found = findingsIn(out) as (Report["findings"][number] & { stillInHead?: boolean })[];
    expect(found).toHaveLength(KEYS);
    expect(found.every((f) => f.stillInHead === true)).toBe(true);
  }, 900_000);
});

describe("whatever could not be scanned fails the scan", () => {
  it("an unreadable file and no finding: exit 2 with one sentence naming it (the report still lists it)", () => {
    // Root reads everything; as root, the scan runs as nobody (setpriv), so permissions apply.
    const asRoot = process.getuid?.() === 0;
    const dir = tempDir();
    execFileSync("chmod", ["755", dir]);
    write(dir, "ok.txt", "nothing here\n");
    write(dir, "secret.txt", `${keyLine()}\n`);
    execFileSync("chmod", ["000", join(dir, "secret.txt")]);
    try {
      const argv = [process.execPath, CLI, ".", "--format", "json"];
      const r = asRoot
        ? spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", ...argv], { cwd: dir, encoding: "utf8", timeout: 30_000, env: { ...process.env, HOME: "/tmp" } })
        : spawnSync(argv[0]!, argv.slice(1), { cwd: dir, encoding: "utf8", timeout: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        "scan-keys: 1 path could not be read or scanned (secret.txt: permission denied), so this scan cannot call it clean; fix what the report names and scan again.\n",
      );
      const report = JSON.parse(r.stdout) as Report;
      expect(report.findings).toEqual([]);
      expect(report.stats.unreadable).toEqual([{ path: "secret.txt", reason: "permission denied" }]);
    } finally {
      execFileSync("chmod", ["644", join(dir, "secret.txt")]);
    }
  });
});
