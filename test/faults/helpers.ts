// The fault matrix (issue 15): every case runs the real CLI on real files and
// repositories, with a time limit (a hang fails the case instead of stalling
// the suite) and its peak memory measured by GNU time (every case stays
// under 200 MB, unless it asks for more: 150,000 findings are held in memory
// to be reported). FAULTS_RSS_LOG=FILE appends "case<TAB>kB" lines for the report.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync } from "node:fs";
import { expect } from "vitest";
import { CLI } from "../helpers/cli.js";

export { CLI, tempDir } from "../helpers/cli.js";
export { commitFiles, fakeKey, git, initRepo, keyLine, write } from "../helpers/gitrepo.js";

export interface FaultRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the CLI process, in kB (undefined without GNU time). */
  maxRssKb?: number;
  timedOut: boolean;
}

const TIME = "/usr/bin/time";
const PEAK_LIMIT_KB = 200 * 1024;

/** Runs dist/cli.js; fails the test if it hangs, and checks its peak memory. */
export function runFault(
  name: string,
  args: string[],
  opts: { cwd: string; input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number; peakLimitKb?: number },
): FaultRun {
  const timed = existsSync(TIME);
  const cmd = timed ? TIME : process.execPath;
  const argv = timed ? ["-f", "\nSCAN_KEYS_MAXRSS=%M", process.execPath, CLI, ...args] : [CLI, ...args];
  const r = spawnSync(cmd, argv, {
    cwd: opts.cwd,
    input: opts.input,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 30_000,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", CI: "", ...opts.env },
  });
  let stderr = r.stderr ?? "";
  let maxRssKb: number | undefined;
  const m = /\n?SCAN_KEYS_MAXRSS=(\d+)\n?$/.exec(stderr);
  if (m) {
    maxRssKb = Number(m[1]);
    stderr = stderr.slice(0, m.index);
  }
  // GNU time reports a child killed by a signal as "Command terminated by signal N".
  stderr = stderr.replace(/^Command (terminated by signal|exited with non-zero status) \d+\n/m, "");
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
  if (process.env.FAULTS_RSS_LOG && maxRssKb !== undefined) appendFileSync(process.env.FAULTS_RSS_LOG, `${name}\t${maxRssKb}\n`);
  expect(timedOut, `${name}: the scan did not finish in time`).toBe(false);
  if (maxRssKb !== undefined) expect(maxRssKb, `${name}: peak memory`).toBeLessThan(opts.peakLimitKb ?? PEAK_LIMIT_KB);
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr, maxRssKb, timedOut };
}

/** One sentence on standard error, exit 2, no stack trace. */
export function expectOneSentence(r: FaultRun, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected error/);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

export interface Stats {
  files: number;
  commits?: number;
  skippedBinary: number;
  skippedTooLarge: number;
  skippedUnreadable: number;
  skippedOther: number;
  unreadable: { path: string; reason: string }[];
  skipped: { path: string; reason: string }[];
  notes?: string[];
  suppressed: Record<string, number>;
}

export interface Report {
  findings: { ruleId: string; file: string; line: number; column: number; fingerprint: string }[];
  stats: Stats;
}

/** Runs a scan with --format json and parses the report. */
export function faultJson(name: string, args: string[], opts: Parameters<typeof runFault>[2]): FaultRun & { report: Report } {
  const r = runFault(name, [...args, "--format", "json"], opts);
  if (r.code === 2) throw new Error(`${name}: scan-keys ${args.join(" ")} failed: ${r.stderr}`);
  return { ...r, report: JSON.parse(r.stdout) as Report };
}
