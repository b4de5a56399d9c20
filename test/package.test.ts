// The published package: what `npm pack` puts in it, and what installing it
// into a fresh project gives (no build, no dev dependencies, no install script).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshProject, packTarball, ROOT } from "./helpers/packed.js";
import { write } from "./helpers/gitrepo.js";
import { githubToken } from "./helpers/keys.js";

describe("npm pack", () => {
  it("holds the built dist/ (CLI and library), the rules, README, CHANGELOG, SECURITY, LICENSE and package.json, nothing else", () => {
    const files = execFileSync("tar", ["tzf", packTarball()], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, "")).sort();
    const rules = execFileSync("ls", [join(ROOT, "rules")], { encoding: "utf8" }).trim().split("\n").map((f) => `rules/${f}`);
    expect(files).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "SECURITY.md", "dist/api.d.mts", "dist/api.d.ts", "dist/api.js", "dist/api.mjs", "dist/cli-yargs.js", "dist/cli.js", "dist/main.js", "dist/micromatch.js", "dist/package.json", "dist/re2.js", "dist/regex.wasm", "dist/rule-specs.json", "dist/scan-keys.schema.json", "dist/tokenizer.js", "package.json", ...rules].sort());
  });

  it("scripts/pack-size.mjs prints the sizes and finds nothing stray", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/pack-size.mjs"), "--no-build"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^scan-keys-[\d.]+\.tgz: [\d.]+ KB packed, [\d.]+ KB unpacked, \d+ files$/m);
  });

  it("declares what the registry and npm need", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, any>;
    expect(pkg.type).toBe("module");
    expect(pkg.license).toBe("MIT");
    expect(pkg.bin).toEqual({ "scan-keys": "dist/cli.js" });
    expect(pkg.engines.node).toMatch(/20\.19/);
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(pkg.keywords).toContain("pre-commit");
    for (const s of ["preinstall", "install", "postinstall", "prepare"]) expect(pkg.scripts[s]).toBeUndefined();
    expect(pkg.dependencies ?? {}).toEqual({}); // esbuild bundles them all into dist/
    expect(readFileSync(join(ROOT, "dist/cli.js"), "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
  });
});

describe("installed from the tarball", () => {
  it("needs no build step and no dev dependencies; npx scan-keys . works at once, and its own files stay quiet", () => {
    const project = freshProject();
    const installed = join(project, "node_modules/scan-keys");
    expect(existsSync(join(installed, "dist/cli.js"))).toBe(true);
    // The bundle holds every library it uses: installing it installs nothing else.
    expect(readdirSync(join(project, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["scan-keys"]);
    expect(existsSync(join(installed, "src"))).toBe(false);

    const clean = spawnSync("npx", ["--no-install", "scan-keys", "."], { cwd: project, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(clean.stderr).toBe("");
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/no secrets found/);

    // A vendored copy (node_modules named explicitly, as a repository that commits it would be scanned).
    const vendored = spawnSync("npx", ["--no-install", "scan-keys", "node_modules/scan-keys", "--format", "json"], { cwd: project, encoding: "utf8" });
    expect(vendored.status).toBe(0);
    expect(JSON.parse(vendored.stdout).findings).toEqual([]);

    write(project, "src/app.js", `const token = "${githubToken()}";\n`);
    const dirty = spawnSync("npx", ["--no-install", "scan-keys", "."], { cwd: project, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toMatch(/src\/app\.js:1:\d+\s+github-personal-access-token/);
  });
});
