// The release (.github/workflows/release.yml), run here as far as it can be:
// its scripts against this checkout and against throwaway repositories with a
// bare "origin", and the tarball `npm publish` would upload.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ROOT } from "./helpers/packed.js";
import { git, initRepo, tempDir } from "./helpers/gitrepo.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
const workflow = parseYaml(readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8")) as {
  on: { push: { tags: string[] } };
  jobs: { release: { permissions: Record<string, string>; steps: Step[] } };
};
const steps = workflow.jobs.release.steps;
const runs = steps.map((s) => s.run ?? "").join("\n");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, any>;

function node(script: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(cwd, script), ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("the release workflow", () => {
  it("runs on version tags with the permissions publishing needs, in order: test, build, check, publish, Action", () => {
    expect(workflow.on.push.tags).toContain("v[0-9]+.[0-9]+.[0-9]+");
    expect(workflow.jobs.release.permissions).toEqual({ contents: "write", "id-token": "write" });
    const order = ["scripts/release/version.mjs", "npm ci", "npm test", "npm run build", "scripts/release/check-package.mjs", "npm publish --provenance", "gh release create", "scripts/release/action-ref.sh"];
    const at = order.map((s) => runs.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Every script a step names exists.
    for (const m of runs.matchAll(/scripts\/[\w/.-]+\.(?:mjs|sh)/g)) expect(existsSync(join(ROOT, m[0])), m[0]).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["registry-url"]).toBe("https://registry.npmjs.org");
  });

  it("version.mjs: the tag must be package.json's version with a CHANGELOG section; pre-releases go to next", () => {
    const out = join(tempDir(), "github_output");
    writeFileSync(out, "");
    const notes = join(tempDir(), "notes.md");
    const ok = node("scripts/release/version.mjs", [`v${pkg.version}`, "--notes", notes], ROOT, { GITHUB_OUTPUT: out });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(`version=${pkg.version}\ndist-tag=latest\nmajor=v${pkg.version.split(".")[0]}\n`);
    expect(readFileSync(notes, "utf8").length).toBeGreaterThan(50);
    for (const [tag, message] of [
      ["v9.9.9", /^release: the tag v9\.9\.9 does not match package\.json's version/],
      ["1.0.0", /^release: "1\.0\.0" is not a version tag/],
      ["v1.0", /is not a version tag/],
    ] as const) {
      const r = node("scripts/release/version.mjs", [tag]);
      expect(r.code, tag).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it("check-package.mjs passes this build and names a stray file, an install script and a missing entry", () => {
    const ok = node("scripts/release/check-package.mjs", []);
    expect(ok.code, ok.stderr).toBe(0);
    for (const f of ["dist/cli.js", "dist/api.js", "dist/api.mjs", "dist/api.d.ts", "CHANGELOG.md", "SECURITY.md", "rules/README.md"]) expect(ok.stdout).toContain(`  ${f}\n`);
    expect(ok.stdout).not.toMatch(/ {2}(src|test)\//);

    // A copy of the package's inputs, broken three ways.
    const copy = tempDir("scan-keys-pkg-");
    for (const f of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "SECURITY.md", "rules", "dist", "scripts"]) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
    const broken = { ...pkg, scripts: { ...pkg.scripts, postinstall: "node scripts/build.mjs" }, files: [...pkg.files, "scripts/build.mjs"] };
    writeFileSync(join(copy, "package.json"), JSON.stringify(broken));
    execFileSync("rm", [join(copy, "dist/api.d.mts")]);
    const bad = node("scripts/release/check-package.mjs", [], copy);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("release: package.json names dist/api.d.mts, which the tarball does not hold");
    expect(bad.stderr).toContain("release: scripts/build.mjs is not meant for the package.");
    expect(bad.stderr).toContain('release: package.json has a "postinstall" script');
  });

  it("package.json: real addresses, no install-time script, the library's entry points", () => {
    expect(pkg.repository.url).toBe("git+https://github.com/scan-keys/scan-keys.git");
    expect(pkg.bugs.url).toBe("https://github.com/scan-keys/scan-keys/issues");
    expect(pkg.homepage).toBe("https://github.com/scan-keys/scan-keys#readme");
    expect(pkg.scripts.prepare).toBeUndefined();
    // The build runs where a tarball is made from source (npm pack, npm publish, the pre-commit framework's hook install).
    expect(pkg.scripts.prepack).toBe("node scripts/build.mjs");
    expect(pkg.exports["."].import.default).toBe("./dist/api.mjs");
    expect(pkg.exports["."].require.default).toBe("./dist/api.js");
    expect(pkg.publishConfig).toEqual({ access: "public", provenance: true });
  });

  it("the README names only this version's tags, and the real repository", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const major = `v${pkg.version.split(".")[0]}`;
    for (const m of readme.matchAll(/scan-keys@(v[\d.]+)/g)) expect(m[1]).toBe(major);
    for (const m of readme.matchAll(/\brev: (v[\d.]+)/g)) expect(m[1]).toBe(`v${pkg.version}`);
    expect(readme).not.toContain("<owner>");
    expect(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8")).toContain(`## [${pkg.version}]`);
  });
});

describe("action-ref.sh: the Action from releases/v<major> and the moving tag", () => {
  /** A repository like this one (action.yml, the scripts, dist/ ignored) at `version`, tagged and pushed to a bare origin. */
  function released(work: string, version: string): void {
    writeFileSync(join(work, "package.json"), JSON.stringify({ name: "scan-keys", version }));
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", `release ${version}`);
    git(work, "tag", `v${version}`);
    git(work, "push", "-q", "origin", "HEAD:refs/heads/main", `refs/tags/v${version}`);
  }
  const refIn = (repo: string, ref: string) => spawnSync("git", ["rev-parse", "--verify", "-q", ref], { cwd: repo, encoding: "utf8" }).stdout.trim();
  const actionRef = (work: string, tag: string) => spawnSync("bash", [join(work, "scripts/release/action-ref.sh"), tag, "origin"], { cwd: work, encoding: "utf8" });

  it("adds dist/ in a commit on releases/v1, moves v1 there, keeps every earlier build reachable, and skips pre-releases", () => {
    const origin = tempDir("scan-keys-origin-");
    git(origin, "init", "-q", "--bare");
    const work = initRepo();
    git(work, "remote", "add", "origin", origin);
    mkdirSync(join(work, "scripts"));
    cpSync(join(ROOT, "scripts/release"), join(work, "scripts/release"), { recursive: true });
    cpSync(join(ROOT, "scripts/action-install.sh"), join(work, "scripts/action-install.sh"));
    cpSync(join(ROOT, "action.yml"), join(work, "action.yml"));
    writeFileSync(join(work, ".gitignore"), "dist/\n");
    cpSync(join(ROOT, "dist"), join(work, "dist"), { recursive: true });
    released(work, "1.2.3");

    const first = actionRef(work, "v1.2.3");
    expect(first.status, first.stderr).toBe(0);
    const build1 = refIn(origin, "refs/tags/v1");
    expect(build1).toBe(refIn(origin, "refs/heads/releases/v1"));
    const files = git(origin, "ls-tree", "-r", "--name-only", "v1").split("\n");
    expect(files).toEqual(expect.arrayContaining(["action.yml", "dist/cli.js", "dist/main.js", "dist/re2.js", "scripts/action-install.sh"]));
    // The version tag stays on the source commit, which carries no build.
    expect(refIn(origin, "refs/tags/v1.2.3^{commit}")).toBe(refIn(work, "HEAD"));
    expect(git(origin, "ls-tree", "-r", "--name-only", "v1.2.3")).not.toContain("dist/");
    // The work tree and the index are untouched.
    expect(git(work, "status", "--porcelain")).toBe("");

    released(work, "1.2.4");
    expect(actionRef(work, "v1.2.4").status).toBe(0);
    const build2 = refIn(origin, "refs/tags/v1");
    expect(build2).not.toBe(build1);
    expect(spawnSync("git", ["merge-base", "--is-ancestor", build1, build2], { cwd: origin }).status).toBe(0);
    expect(git(origin, "log", "-1", "--format=%P", build2).trim().split(" ")).toEqual([build1, refIn(work, "HEAD")]);

    released(work, "1.3.0-rc.1");
    const pre = actionRef(work, "v1.3.0-rc.1");
    expect(pre.status).toBe(0);
    expect(pre.stderr).toMatch(/pre-release/);
    expect(refIn(origin, "refs/tags/v1")).toBe(build2);

    // A user's `uses: scan-keys/scan-keys@v1`: the runner checks the tag out; the install step finds the build there.
    const checkout = tempDir("scan-keys-uses-");
    git(checkout, "init", "-q");
    git(checkout, "fetch", "-q", origin, "refs/tags/v1");
    git(checkout, "checkout", "-q", "FETCH_HEAD");
    const env = join(tempDir(), "github_env");
    writeFileSync(env, "");
    const install = spawnSync("bash", [join(checkout, "scripts/action-install.sh")], { encoding: "utf8", env: { ...process.env, GITHUB_ACTION_PATH: checkout, GITHUB_ENV: env, INPUT_PACKAGE: "" } });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).toContain("using the build in the action's ref");
    expect(readFileSync(env, "utf8")).toBe(`SCAN_KEYS_CLI=${checkout}/dist/cli.js\n`);
  });

  it("refuses to run before the build or away from the tag", () => {
    const origin = tempDir("scan-keys-origin-");
    git(origin, "init", "-q", "--bare");
    const work = initRepo();
    git(work, "remote", "add", "origin", origin);
    cpSync(join(ROOT, "scripts/release"), join(work, "scripts/release"), { recursive: true });
    writeFileSync(join(work, ".gitignore"), "dist/\n");
    released(work, "2.0.0");
    const noBuild = actionRef(work, "v2.0.0");
    expect(noBuild.status).toBe(1);
    expect(noBuild.stderr).toBe("release: dist/cli.js is missing; run npm run build first.\n");
    cpSync(join(ROOT, "dist"), join(work, "dist"), { recursive: true });
    writeFileSync(join(work, "later.txt"), "x\n");
    git(work, "add", "later.txt");
    git(work, "commit", "-q", "-m", "later");
    const moved = actionRef(work, "v2.0.0");
    expect(moved.status).toBe(1);
    expect(moved.stderr).toBe("release: HEAD is not v2.0.0; check the tag out first.\n");
    expect(refIn(origin, "refs/tags/v2")).toBe("");
  });
});
