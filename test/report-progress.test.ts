// Progress on standard error: unit tests on a fake terminal stream, and an
// end-to-end test of the real CLI on a pseudo-terminal (util-linux `script`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createProgress, progressEnabled } from "../src/report/progress.js";

function fakeTerminal(isTTY = true) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; rows?: number };
  s.isTTY = isTTY;
  s.columns = 100;
  s.rows = 30;
  let written = "";
  s.on("data", (d: Buffer) => (written += d.toString()));
  return { stream: s, output: () => written };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noCI = { PATH: process.env.PATH } as NodeJS.ProcessEnv;

describe("progress display", () => {
  it("is enabled only on a terminal, outside CI, without --quiet", () => {
    const tty = fakeTerminal().stream;
    expect(progressEnabled({ stream: tty, env: noCI })).toBe(true);
    expect(progressEnabled({ stream: fakeTerminal(false).stream, env: noCI })).toBe(false);
    expect(progressEnabled({ stream: tty, env: { ...noCI, CI: "true" } })).toBe(false);
    expect(progressEnabled({ stream: tty, env: { ...noCI, CI: "1" } })).toBe(false);
    expect(progressEnabled({ stream: tty, env: { ...noCI, CI: "false" } })).toBe(true);
    expect(progressEnabled({ stream: tty, env: { ...noCI, TERM: "dumb" } })).toBe(false);
    expect(progressEnabled({ stream: tty, env: noCI, quiet: true })).toBe(false);
  });

  it("returns a no-op object when disabled", () => {
    const t = fakeTerminal(false);
    const p = createProgress({ unit: "files", stream: t.stream, env: noCI, delayMs: 0 });
    expect(p.enabled).toBe(false);
    p.tick(5, 1000);
    p.setTotal(10);
    p.stop();
    expect(t.output()).toBe("");
  });

  it("shows nothing before the delay, then files done of total, bytes and elapsed time", async () => {
    const t = fakeTerminal();
    const p = createProgress({ unit: "files", total: 40, stream: t.stream, env: noCI, delayMs: 150 });
    p.tick(3, 2048);
    expect(t.output()).toBe("");
    await sleep(250);
    p.tick(7, 2048 * 1024);
    await sleep(150); // cli-progress redraws on its own timer too
    p.stop();
    expect(t.output()).toMatch(/scanning \[[^\]]*\] 10\/40 files \| 2\.0 MB \| \d+s/);
  });

  it("works without a total (commits counted as they stream) and learns one later", async () => {
    const t = fakeTerminal();
    const p = createProgress({ unit: "commits", stream: t.stream, env: noCI, delayMs: 0 });
    await sleep(20);
    p.tick(1, 10);
    await sleep(150);
    expect(t.output()).toMatch(/scanning 1 commits \| 10 B \| \d+s/);
    p.setTotal(8);
    p.tick(1, 10);
    await sleep(150);
    p.stop();
    expect(t.output()).toMatch(/2\/8 commits/);
  });

  it("starts on a tick after the delay even when the event loop never turns", () => {
    const t = fakeTerminal();
    const p = createProgress({ unit: "files", stream: t.stream, env: noCI, delayMs: 30 });
    const until = Date.now() + 60;
    while (Date.now() < until) {
      /* a synchronous scan */
    }
    p.tick(1, 1);
    p.stop();
    expect(t.output()).toContain("scanning 1 files");
  });

  it("clears its line when stopped and never writes after stop", async () => {
    const t = fakeTerminal();
    const p = createProgress({ unit: "files", stream: t.stream, env: noCI, delayMs: 0 });
    await sleep(20);
    p.tick(1, 1);
    p.stop();
    const at = t.output().length;
    expect(t.output()).toMatch(/\x1b\[(0|2)?K|\x1b\[\d*G/); // cursor to column / clear line
    p.tick(1, 1);
    p.stop();
    await sleep(150);
    expect(t.output().length).toBe(at);
  });

  it("does not load the bar library when the scan ends before the delay", async () => {
    const { createRequire } = await import("node:module");
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes(`${"/"}cli-progress${"/"}`));
    if (loaded()) return; // another test in this worker loaded it already: nothing to observe
    const t = fakeTerminal();
    const p = createProgress({ unit: "files", stream: t.stream, env: noCI, delayMs: 10_000 });
    p.tick(100, 100);
    p.stop();
    expect(loaded()).toBe(false);
    expect(t.output()).toBe("");
  });
});

// ---------------------------------------------------------------------------
// End to end: the real CLI on a pseudo-terminal. `script -qfec CMD /dev/null`
// (util-linux) runs CMD with stdin/stdout/stderr on a pty and copies what it
// writes to our stdout. SCAN_KEYS_PROGRESS_DELAY_MS=0 makes even a small scan
// "long", so the test needs no big tree and no timing assumptions.

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli.js");
const haveScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/** True once the CLI bundle contains the progress module (the lead wires createProgress into the scan). */
function cliHasProgress(): boolean {
  if (!existsSync(cli)) return false;
  const files = [cli, ...(existsSync(join(root, "dist/chunks")) ? readdirSync(join(root, "dist/chunks")).map((f) => join(root, "dist/chunks", f)) : [])];
  return files.some((f) => readFileSync(f, "utf8").includes("SCAN_KEYS_PROGRESS_DELAY_MS"));
}

const work = mkdtempSync(join(tmpdir(), "scan-keys-progress-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
function tree(): string {
  const dir = join(work, "tree");
  if (existsSync(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 200; i++) writeFileSync(join(dir, `f${i}.js`), `export const value${i} = ${i};\n`.repeat(200));
  return dir;
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI with stderr on a pty; its stdout goes to a file. Returns what reached the terminal, stdout and the exit code. */
function onPty(args: string[], env: NodeJS.ProcessEnv): { err: string; out: string; status: number | null } {
  const cmd = [process.execPath, cli, ...args].map(sh).join(" ");
  const outFile = join(work, `out-${Math.random().toString(36).slice(2)}.txt`);
  const res = spawnSync("script", ["-qfec", `${cmd} > ${sh(outFile)}`, "/dev/null"], { env, encoding: "utf8", timeout: 60_000 });
  return { err: res.stdout, out: existsSync(outFile) ? readFileSync(outFile, "utf8") : "", status: res.status };
}

const ptyEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, SCAN_KEYS_PROGRESS_DELAY_MS: "0", TERM: "xterm", ...extra };
  if (!("CI" in extra)) delete env.CI;
  delete env.NO_COLOR;
  return env;
};

describe.skipIf(!haveScript)("progress in the real CLI", () => {
  it.skipIf(!cliHasProgress())("is shown on standard error when it is a terminal (needs createProgress wired into the scan)", () => {
    const { err, out, status } = onPty([tree()], ptyEnv());
    expect(status).toBe(0);
    expect(err).toContain("scanning");
    expect(err).toMatch(/\d+(\/\d+)? files/);
    expect(out).not.toContain("scanning"); // never mixed into standard output
  });

  it("is absent when standard error is not a terminal", () => {
    const res = spawnSync(process.execPath, [cli, tree()], { env: ptyEnv(), encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stderr).not.toContain("scanning");
    expect(res.stdout).not.toContain("scanning");
  });

  it("is absent in CI, even on a terminal", () => {
    const { err, out, status } = onPty([tree()], ptyEnv({ CI: "1" }));
    expect(status).toBe(0);
    expect(out).toContain("no secrets found"); // the scan did run
    expect(err).not.toContain("scanning");
  });

  it("is absent with --quiet, even on a terminal", () => {
    const { err, status } = onPty([tree(), "--quiet"], ptyEnv());
    expect(status).toBe(0);
    expect(err).not.toContain("scanning");
  });
});

describe.skipIf(!haveScript)("the pty harness", () => {
  it("puts standard error on a terminal and keeps standard output apart", () => {
    const res = spawnSync("script", ["-qfec", `${sh(process.execPath)} -e ${sh("process.stderr.write('tty=' + process.stderr.isTTY); process.stdout.write('OUT')")} > /dev/null`, "/dev/null"], { encoding: "utf8" });
    expect(res.stdout).toContain("tty=true");
    expect(res.stdout).not.toContain("OUT");
  });
});
