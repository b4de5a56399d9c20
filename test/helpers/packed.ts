// scan-keys as users get it: `npm pack` of this checkout (the bundle the test
// run built; --ignore-scripts so no test file rebuilds dist/ under another),
// installed with `npm i -D` into a fresh project that is its own git
// repository. npm reads dependencies from its cache when it can.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { initRepo } from "./git.js";
import { tempDir } from "./cli.js";

export const ROOT = join(import.meta.dirname, "../..");

let tarball: string | undefined;
const packDir = mkdtempSync(join(tmpdir(), "scan-keys-pack-"));
afterAll(() => execFileSync("rm", ["-rf", packDir]));

/** The tarball `npm pack` makes of this checkout (once per test file). */
export function packTarball(): string {
  if (tarball) return tarball;
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--loglevel=error", "--pack-destination", packDir], { cwd: ROOT, encoding: "utf8" });
  const [info] = JSON.parse(out) as { filename: string }[];
  tarball = join(packDir, info!.filename);
  return tarball;
}

export const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

export function npm(cwd: string, ...args: string[]): string {
  const r = spawnSync("npm", [...args, ...NPM_FLAGS], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** A fresh git repository with a package.json and the packed scan-keys (plus `extra` packages) as dev dependencies. */
export function freshProject(extra: string[] = []): string {
  const dir = initRepo(tempDir("scan-keys-project-"));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "demo", version: "1.0.0", private: true }, null, 2)}\n`);
  writeFileSync(join(dir, ".gitignore"), "node_modules/\n");
  npm(dir, "install", "--save-dev", packTarball(), ...extra);
  return dir;
}

/** Whether a command can run here (tests of optional tools skip with a reason when not). */
export function hasCommand(cmd: string, ...args: string[]): boolean {
  return spawnSync(cmd, args.length ? args : ["--version"], { stdio: "ignore" }).status === 0;
}
