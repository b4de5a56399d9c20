// A reader that goes away before the report is written (`scan-keys . | head -1`,
// `scan-keys . 2>&1 | head -1`): the CLI exits quietly, with the exit code of
// its scan. Each report is far larger than a pipe holds (64 KB), so the CLI
// is still writing when the reader closes: the broken pipe is certain, not
// a matter of timing. And an output that cannot be written (a full disk) is
// exit 2 with one sentence, never a silent 0.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, tempDir } from "./helpers/cli.js";
import { githubToken } from "./helpers/keys.js";

/** Runs the CLI; closes its stdout after the first bytes arrive, and its stderr at once when `closeStderr`. */
function runThenClose(args: string[], cwd: string, closeStderr: boolean, asNobody = false): Promise<{ code: number | null; stderr: string; read: number }> {
  const argv = [process.execPath, CLI, ...args];
  const [cmd, ...rest] = asNobody ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", ...argv] : argv;
  const child = spawn(cmd!, rest, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", CI: "" } });
  let stderr = "";
  let read = 0;
  child.stdout.once("data", (d: Buffer) => {
    read = d.length;
    child.stdout.destroy();
  });
  if (closeStderr) child.stderr.destroy();
  else child.stderr.on("data", (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr, read })));
}

describe("a reader that goes away", () => {
  it("scan-keys . | head -1: exit 1 for the keys found, no stack trace", async () => {
    const dir = tempDir();
    for (let i = 0; i < 200; i++) writeFileSync(join(dir, `f${i}.js`), Array.from({ length: 10 }, () => `const t = "${githubToken()}";\n`).join(""));
    const r = await runThenClose([".", "--format", "json"], dir, false);
    expect(r.read).toBeGreaterThan(0);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
  });

  it("scan-keys . 2>&1 | head -1 on files it cannot read: still exit 2, never 1 or 0", async () => {
    // root reads any file: the scan runs as nobody, as test/faults/silent-skips.test.ts does.
    const asRoot = process.getuid?.() === 0;
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, "locked"));
    for (let i = 0; i < 2000; i++) writeFileSync(join(dir, "locked", `l${i}.txt`), "x\n", { mode: 0o000 });
    writeFileSync(join(dir, "ok.txt"), "nothing here\n", { mode: 0o644 });
    chmodSync(join(dir, "locked"), 0o755);
    const r = await runThenClose([".", "--format", "json"], dir, true, asRoot);
    expect(r.read).toBeGreaterThan(0);
    expect(r.code).toBe(2);
  });

  it.skipIf(!existsSync("/dev/full"))("scan-keys . > report on a full disk: exit 2 and one sentence, whatever the scan found", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "clean.txt"), "nothing here\n");
    const full = openSync("/dev/full", "w");
    try {
      for (const args of [["."], [".", "--format", "json"], ["rules"]]) {
        const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, stdio: ["ignore", full, "pipe"], encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "" } });
        expect(r.status, args.join(" ")).toBe(2);
        expect(r.stderr).toBe("scan-keys: the output could not be written (ENOSPC), so it is incomplete.\n");
      }
    } finally {
      closeSync(full);
    }
  });
});
