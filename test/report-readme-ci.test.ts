// The README's CI snippets, run against real repositories. Each snippet is the
// fenced block right after a marker comment in README.md:
//   <!-- ci-snippet: github-actions -->   a workflow using this repository's action.yml
//   <!-- ci-snippet: gitlab -->           a .gitlab-ci.yml job
//   <!-- ci-snippet: shell -->            a generic CI shell step
// `npx --yes scan-keys` in a snippet runs the freshly built dist/cli.js.
// A marker missing from the README skips its test (the sections are added by
// whoever owns the README); the commands themselves are never skipped once present.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { githubToken } from "./fixtures/report-findings.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli.js");
const readmePath = process.env.SCAN_KEYS_README ?? join(root, "README.md"); // override: to try proposed sections
const readme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";

function snippet(name: string): string | undefined {
  const at = readme.indexOf(`<!-- ci-snippet: ${name} -->`);
  if (at < 0) return undefined;
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  return m?.[1];
}

const work = mkdtempSync(join(tmpdir(), "scan-keys-readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const gitEnv = { GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.com", GIT_CONFIG_NOSYSTEM: "1", HOME: work };
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env: { ...process.env, ...gitEnv }, encoding: "utf8" }).trim();

let n = 0;
/** origin (bare) with a clean main; a clone whose feature branch adds a key. */
function setup() {
  const origin = join(work, `origin${n}.git`);
  const dir = join(work, `clone${n++}`);
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", origin]);
  execFileSync("git", ["clone", "-q", origin, dir], { env: { ...process.env, ...gitEnv } });
  git(dir, "checkout", "-q", "-b", "main");
  writeFileSync(join(dir, "README.md"), "hi\n");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "init");
  git(dir, "push", "-q", "origin", "main");
  const base = git(dir, "rev-parse", "HEAD");
  git(dir, "checkout", "-q", "-b", "feature");
  writeFileSync(join(dir, "app.js"), `const key = "${githubToken()}";\n`);
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "add key");
  return { dir, base, head: git(dir, "rev-parse", "HEAD") };
}

const runShell = (script: string, cwd: string, env: Record<string, string>) =>
  spawnSync("bash", ["-e", "-c", script.replace(/npx --yes scan-keys/g, `"${process.execPath}" "${cli}"`)], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH!, ...gitEnv, ...env },
  });

const cliHasCiFormats = () => {
  const res = spawnSync(process.execPath, [cli, work, "--format", "junit", "--output", join(work, "probe.xml")], { encoding: "utf8" });
  return res.status === 0 && existsSync(join(work, "probe.xml"));
};
const wired = cliHasCiFormats();

describe("README CI snippets", () => {
  it.skipIf(!snippet("github-actions"))("GitHub Actions: checks out full history, runs the action, uploads its SARIF even on failure", () => {
    const wf = parseYaml(snippet("github-actions")!);
    const job = Object.values(wf.jobs as Record<string, { steps: { uses?: string; with?: Record<string, unknown>; if?: string; id?: string }[] }>)[0]!;
    const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@"))!;
    expect(checkout.with?.["fetch-depth"]).toBe(0);
    const scan = job.steps.find((s) => s.uses && /scan-keys@/.test(s.uses))!;
    const upload = job.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    expect(upload.if).toContain("always()");
    expect(String(upload.with?.sarif_file)).toContain(`steps.${scan.id}.outputs.sarif-file`);
    expect(wf.permissions?.["security-events"]).toBe("write");
  });

  it.skipIf(!snippet("gitlab") || !wired)("GitLab CI: the job's script scans the merge request's commits and writes a JUnit report", () => {
    const ci = parseYaml(snippet("gitlab")!);
    const job = Object.values(ci as Record<string, { script: string[]; artifacts: { reports: { junit: string } } }>).find((j) => j?.script)!;
    const r = setup();
    const res = runShell(job.script.join("\n"), r.dir, { CI_MERGE_REQUEST_DIFF_BASE_SHA: r.base, CI_COMMIT_SHA: r.head, CI_COMMIT_BEFORE_SHA: "0".repeat(40) });
    expect(res.status, res.stderr).toBe(1);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(r.dir, job.artifacts.reports.junit), "utf8"));
    expect(junit.testsuites["@_failures"]).toBe("1");
  });

  it.skipIf(!snippet("gitlab") || !wired)("GitLab CI: a branch pipeline with no previous commit still scans", () => {
    const ci = parseYaml(snippet("gitlab")!);
    const job = Object.values(ci as Record<string, { script: string[] }>).find((j) => j?.script)!;
    const r = setup();
    const res = runShell(job.script.join("\n"), r.dir, { CI_COMMIT_SHA: r.head, CI_COMMIT_BEFORE_SHA: "0".repeat(40) });
    expect(res.status, res.stderr).toBe(1);
  });

  it.skipIf(!snippet("shell") || !wired)("generic shell step: scans what the branch adds to main, exit 1 on findings", () => {
    const r = setup();
    const res = runShell(snippet("shell")!, r.dir, {});
    expect(res.status, res.stderr).toBe(1);
    expect(res.stdout).toContain("app.js");
    git(r.dir, "checkout", "-q", "main");
    expect(runShell(snippet("shell")!, r.dir, {}).status).toBe(0);
  });
});
