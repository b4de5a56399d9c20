// action.yml and the command line it builds (scripts/action-scan.sh), run
// against real git repositories with pull-request and push events.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { githubToken } from "./fixtures/report-findings.js";

const root = join(import.meta.dirname, "..");
const script = join(root, "scripts/action-scan.sh");
const work = mkdtempSync(join(tmpdir(), "scan-keys-action-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const gitEnv = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: work,
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: { ...process.env, ...gitEnv }, encoding: "utf8" }).trim();
}

let n = 0;
/** A repository: clean commit, a commit that adds a key, a commit that only touches another file. */
function repo() {
  const dir = join(work, `repo${n++}`);
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  writeFileSync(join(dir, "README.md"), "hello\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "clean");
  const base = git(dir, "rev-parse", "HEAD");
  const secret = githubToken();
  writeFileSync(join(dir, "config.js"), `export const token = "${secret}";\n`);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "add key");
  const leak = git(dir, "rev-parse", "HEAD");
  writeFileSync(join(dir, "README.md"), "hello again\n");
  git(dir, "commit", "-qam", "more");
  const head = git(dir, "rev-parse", "HEAD");
  return { dir, base, leak, head, secret };
}

function runAction(cwd: string, env: Record<string, string>) {
  const out = join(cwd, "..", `gh-output-${n++}`);
  writeFileSync(out, "");
  const res = spawnSync("bash", [script], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH!, GITHUB_ACTION_PATH: root, GITHUB_OUTPUT: out, ...gitEnv, ...env },
  });
  const outputs = Object.fromEntries(
    readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, outputs };
}

describe("action.yml", () => {
  const action = parseYaml(readFileSync(join(root, "action.yml"), "utf8"));

  it("is a composite action with the inputs issue 6 asks for", () => {
    expect(action.runs.using).toBe("composite");
    for (const input of ["paths", "config", "format", "fail-on-findings", "sarif-file"]) expect(action.inputs[input]).toBeDefined();
    expect(action.inputs["fail-on-findings"].default).toBe("true");
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(["sarif-file", "findings", "exit-code"]));
  });

  it("sets up Node, installs its own package and runs the scan script with the event's commits", () => {
    const steps = action.runs.steps as { uses?: string; run?: string; env?: Record<string, string> }[];
    expect(steps.some((s) => s.uses?.startsWith("actions/setup-node@"))).toBe(true);
    // The packed build, never an npm ci of dev dependencies (test/action-runner.test.ts runs it).
    expect(steps.some((s) => s.run?.includes("scripts/action-install.sh"))).toBe(true);
    for (const s of steps) expect(s.run ?? "").not.toMatch(/npm ci/);
    const scan = steps.find((s) => s.run?.includes("scripts/action-scan.sh"))!;
    expect(scan.env).toMatchObject({
      PR_BASE_SHA: "${{ github.event.pull_request.base.sha }}",
      PR_HEAD_SHA: "${{ github.event.pull_request.head.sha }}",
      PUSH_BEFORE: "${{ github.event.before }}",
      PUSH_AFTER: "${{ github.sha }}",
      INPUT_FAIL_ON_FINDINGS: "${{ inputs.fail-on-findings }}",
    });
    // Inputs reach the script through the environment only, never pasted into the shell text.
    for (const s of steps) expect(s.run ?? "").not.toMatch(/\$\{\{/);
  });
});

/** True once the CLI writes SARIF and GitHub annotations (the lead wires src/report/sarif.ts and github.ts into reporterFor). */
function cliHasCiFormats(): boolean {
  const dir = mkdtempSync(join(work, "probe-"));
  const res = spawnSync(process.execPath, [join(root, "dist/cli.js"), dir, "--format", "sarif", "--output", join(dir, "p.sarif"), "--format", "github", "--output", "-"], { encoding: "utf8" });
  return res.status === 0 && existsSync(join(dir, "p.sarif"));
}

describe.skipIf(!cliHasCiFormats())("the action's command line (needs --format sarif/github wired into the CLI)", () => {
  it("scans a pull request's commits (base..head), writes SARIF and fails on the finding", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "pull_request", PR_BASE_SHA: r.base, PR_HEAD_SHA: r.head, INPUT_SARIF_FILE: "out/scan.sarif" });
    expect(res.stderr).toContain(
      `scan-keys --history --range ${r.base}..${r.head} --config-from ${r.base} --format sarif --output out/scan.sarif --format github --output -`,
    );
    expect(res.status).toBe(1);
    expect(res.outputs).toMatchObject({ "sarif-file": "out/scan.sarif", findings: "1", "exit-code": "1" });
    const sarif = JSON.parse(readFileSync(join(r.dir, "out/scan.sarif"), "utf8"));
    const result = sarif.runs[0].results[0];
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe("config.js");
    expect(result.properties.commitSha).toBe(r.leak);
    expect(res.stdout).toMatch(/^::error file=config\.js,line=1,/m);
    expect(res.stdout + res.stderr + readFileSync(join(r.dir, "out/scan.sarif"), "utf8")).not.toContain(r.secret);
  });

  it("reads the ignore file from the pull request's base, so the pull request cannot allow its own key", () => {
    const r = repo();
    const scan = spawnSync(process.execPath, [join(root, "dist/cli.js"), "config.js", "--format", "json"], { cwd: r.dir, encoding: "utf8" });
    const fingerprint = (JSON.parse(scan.stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
    writeFileSync(join(r.dir, ".scan-keys-ignore"), `${fingerprint} # "fine", says the pull request\n`);
    git(r.dir, "add", ".");
    git(r.dir, "commit", "-q", "-m", "ignore it");
    const head = git(r.dir, "rev-parse", "HEAD");
    const trusted = runAction(r.dir, { EVENT_NAME: "pull_request", PR_BASE_SHA: r.base, PR_HEAD_SHA: head });
    expect(trusted.status).toBe(1);
    expect(trusted.outputs.findings).toBe("1");
    const underReview = runAction(r.dir, { EVENT_NAME: "pull_request", PR_BASE_SHA: r.base, PR_HEAD_SHA: head, INPUT_CONFIG_FROM_BASE: "false" });
    expect(underReview.status).toBe(0);
  });

  it("passes a pull request whose commits are clean", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "pull_request", PR_BASE_SHA: r.leak, PR_HEAD_SHA: r.head });
    expect(res.status).toBe(0);
    expect(res.outputs.findings).toBe("0");
    expect(existsSync(join(r.dir, "scan-keys.sarif"))).toBe(true);
  });

  it("scans pushed commits (before..after)", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "push", PUSH_BEFORE: r.base, PUSH_AFTER: r.head });
    expect(res.stderr).toContain(`--history --range ${r.base}..${r.head}`);
    expect(res.status).toBe(1);
    expect(res.outputs.findings).toBe("1");
  });

  it("scans a new branch's history when before is all zeros", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "push", PUSH_BEFORE: "0".repeat(40), PUSH_AFTER: r.head });
    expect(res.stderr).toContain(`--history --range ${r.head}`);
    expect(res.status).toBe(1);
    expect(res.outputs.findings).toBe("1");
  });

  it("scans only what a new branch adds to the default branch when that is known", () => {
    const r = repo();
    git(r.dir, "update-ref", "refs/remotes/origin/main", r.leak); // the key is already on main
    const res = runAction(r.dir, { EVENT_NAME: "push", PUSH_BEFORE: "0".repeat(40), PUSH_AFTER: r.head, DEFAULT_BRANCH: "main" });
    expect(res.stderr).toContain(`--range refs/remotes/origin/main..${r.head}`);
    expect(res.status).toBe(0);
  });

  it("does not fail the job with fail-on-findings: false, but still reports", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "push", PUSH_BEFORE: r.base, PUSH_AFTER: r.head, INPUT_FAIL_ON_FINDINGS: "false", INPUT_FORMAT: "github,text" });
    expect(res.status).toBe(0);
    expect(res.outputs).toMatchObject({ findings: "1", "exit-code": "1" });
    expect(res.stderr).toContain("--format github --output - --format text --output -");
  });

  it("scans the work tree for other events, and passes paths and config through", () => {
    const r = repo();
    writeFileSync(join(r.dir, ".scan-keys.toml"), "");
    const res = runAction(r.dir, { EVENT_NAME: "workflow_dispatch", INPUT_PATHS: "config.js README.md", INPUT_CONFIG: ".scan-keys.toml" });
    expect(res.stderr).toContain("scan-keys config.js README.md --config .scan-keys.toml --format sarif");
    expect(res.status).toBe(1);
    expect(res.outputs.findings).toBe("1");
  });

  it("turns paths into --include globs for commit scans", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "push", PUSH_BEFORE: r.base, PUSH_AFTER: r.head, INPUT_PATHS: "docs/\n./src" });
    expect(res.stderr).toContain("--include docs --include docs/\\*\\* --include src --include src/\\*\\*");
    expect(res.status).toBe(0); // config.js is outside docs/ and src/
  });

  it("says what to do when the pull request's commits are missing", () => {
    const r = repo();
    const res = runAction(r.dir, { EVENT_NAME: "pull_request", PR_BASE_SHA: "1".repeat(40), PR_HEAD_SHA: r.head });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("fetch-depth: 0");
  });
});
