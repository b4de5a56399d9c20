// action.yml run the way a GitHub runner runs a composite action: the
// runner's GITHUB_* variables and event file, each `run` step in bash with
// its `env` evaluated from the `github` and `inputs` contexts, GITHUB_ENV
// carried from step to step, step outputs from GITHUB_OUTPUT. The action's
// directory is either a release ref that carries dist/ (nothing installed)
// or a ref without it, which installs the packed tarball (standing in for
// the registry) and never runs npm ci. actions/setup-node is the one step not
// run: the machine's Node stands in for it.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { packTarball, ROOT } from "./helpers/packed.js";
import { git, initRepo, keyLine, tempDir, write } from "./helpers/gitrepo.js";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

const action = parseYaml(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { steps: Step[] };
};

/** The action's directory at a ref: the repository's files, with dist/ when the ref carries the build. */
function actionRef(withBuild: boolean): string {
  const dir = tempDir("scan-keys-action-ref-");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  if (withBuild) cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
  return dir;
}

/** Evaluates `${{ a.b.c }}` property paths against the contexts, as the runner does for these simple expressions. */
function evaluate(text: string, contexts: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => {
    let v: unknown = contexts;
    for (const k of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
    return v === undefined || v === null ? "" : String(v);
  });
}

function readKeyValues(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

interface RunOptions {
  actionPath: string;
  workspace: string;
  eventName: string;
  event: Record<string, unknown>;
  sha: string;
  with?: Record<string, string>;
}

function runAction(o: RunOptions) {
  const temp = tempDir("scan-keys-runner-");
  const eventPath = join(temp, "event.json");
  writeFileSync(eventPath, JSON.stringify(o.event));
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, o.with?.[k] ?? v.default ?? ""]));
  const contexts = { inputs, github: { event_name: o.eventName, sha: o.sha, event: o.event, workspace: o.workspace, action_path: o.actionPath } };
  const envFile = join(temp, "github_env");
  writeFileSync(envFile, "");
  const runner: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: o.sha,
    GITHUB_REF: o.eventName === "pull_request" ? "refs/pull/1/merge" : "refs/heads/main",
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_ACTION_PATH: o.actionPath,
    GITHUB_ENV: envFile,
    GITHUB_STEP_SUMMARY: join(temp, "summary.md"),
    RUNNER_TEMP: join(temp, "runner-temp"),
    RUNNER_OS: "Linux",
  };
  mkdirSync(runner.RUNNER_TEMP!);
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  let log = "";
  let status = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses) {
      expect(step.uses).toMatch(/^actions\/setup-node@/);
      continue;
    }
    expect(step.shell).toBe("bash");
    const outFile = join(temp, `output-${i}`);
    writeFileSync(outFile, "");
    const script = join(temp, `step-${i}.sh`);
    writeFileSync(script, evaluate(step.run!, contexts));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, contexts)]));
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: o.workspace,
      encoding: "utf8",
      env: { ...runner, ...readKeyValues(envFile), ...stepEnv, GITHUB_OUTPUT: outFile },
    });
    log += `${r.stdout}${r.stderr}`;
    if (step.id) steps[step.id] = { outputs: readKeyValues(outFile) };
    status = r.status ?? -1;
    if (status !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value, { steps })]));
  return { status, log, outputs, env: readKeyValues(envFile), runnerTemp: runner.RUNNER_TEMP! };
}

/** A workspace: a clean commit, a commit adding a key, a later clean commit. */
function workspace() {
  const dir = initRepo();
  write(dir, "README.md", "hello\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "clean");
  const base = git(dir, "rev-parse", "HEAD").trim();
  write(dir, "config.js", `${keyLine()}\n`);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "add key");
  const leak = git(dir, "rev-parse", "HEAD").trim();
  write(dir, "README.md", "hello again\n");
  git(dir, "commit", "-qam", "more");
  const head = git(dir, "rev-parse", "HEAD").trim();
  return { dir, base, leak, head };
}

const pushEvent = (before: string, after: string) => ({ before, after, ref: "refs/heads/main", repository: { default_branch: "main" } });
const prEvent = (base: string, head: string) => ({ number: 1, pull_request: { base: { sha: base, ref: "main" }, head: { sha: head, ref: "topic" } }, repository: { default_branch: "main" } });

describe("action.yml under a runner's environment", () => {
  it("a release ref with dist/: push and pull_request events scan their commits, write SARIF, fail on the key; nothing installed", () => {
    const actionPath = actionRef(true);
    const ws = workspace();
    const push = runAction({ actionPath, workspace: ws.dir, eventName: "push", event: pushEvent(ws.base, ws.head), sha: ws.head });
    expect(push.status, push.log).toBe(1);
    expect(push.log).toContain(`--history --range ${ws.base}..${ws.head}`);
    expect(push.log).toMatch(/^::error file=config\.js,line=1,/m);
    expect(push.outputs).toMatchObject({ "sarif-file": "scan-keys.sarif", findings: "1", "exit-code": "1" });
    const sarif = JSON.parse(readFileSync(join(ws.dir, "scan-keys.sarif"), "utf8"));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("config.js");
    expect(push.env.SCAN_KEYS_CLI).toBe(join(actionPath, "dist/cli.js"));
    expect(existsSync(join(actionPath, "node_modules"))).toBe(false);

    const pr = runAction({ actionPath, workspace: ws.dir, eventName: "pull_request", event: prEvent(ws.base, ws.head), sha: ws.head });
    expect(pr.status, pr.log).toBe(1);
    expect(pr.log).toContain(`--history --range ${ws.base}..${ws.head} --config-from ${ws.base}`);
    const cleanPr = runAction({ actionPath, workspace: ws.dir, eventName: "pull_request", event: prEvent(ws.leak, ws.head), sha: ws.head });
    expect(cleanPr.status, cleanPr.log).toBe(0);
    expect(cleanPr.outputs.findings).toBe("0");
  });

  it("a ref without dist/ installs the packed package (no dev dependencies, no npm ci) and scans with it", () => {
    const actionPath = actionRef(false);
    const ws = workspace();
    const r = runAction({ actionPath, workspace: ws.dir, eventName: "push", event: pushEvent(ws.base, ws.head), sha: ws.head, with: { package: packTarball() } });
    expect(r.status, r.log).toBe(1);
    expect(r.outputs.findings).toBe("1");
    const installed = join(r.runnerTemp, "scan-keys-action/node_modules");
    expect(r.env.SCAN_KEYS_CLI).toBe(join(installed, "scan-keys/dist/cli.js"));
    expect(readdirSync(installed).filter((d) => !d.startsWith("."))).toEqual(["scan-keys"]);
    expect(existsSync(join(actionPath, "node_modules"))).toBe(false);
    expect(r.log).not.toMatch(/npm ci/);
  });
});
