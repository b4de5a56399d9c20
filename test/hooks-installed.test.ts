// scan-keys installed as users install it (the packed tarball, `npm i -D`,
// `yarn add`, `pnpm add`) behind each real hook tool: husky v9, lint-staged,
// the pre-commit framework (as a hook repository and as a local hook),
// lefthook, simple-git-hooks, Yarn Berry Plug'n'Play, pnpm, npm workspaces, a
// plain .git/hooks/pre-commit, and --pre-push under husky and lefthook. In
// each fresh project a commit (or push) holding a real-format key is blocked
// with the report shown, and a clean one goes through. The set-ups live in
// bench/hook-projects.mjs, shared with the latency bench.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module shared with bench/hook-latency.mjs
import { attempt, HOOK_TOOLS, packTarball, setupProject, Unavailable, unavailable } from "../bench/hook-projects.mjs";

const work = mkdtempSync(join(tmpdir(), "scan-keys-hooks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let tarball: string | undefined;
/** pre-commit's cache of hook environments, kept between runs: the hook repository's commit is reproducible. */
const preCommitHome = join(tmpdir(), "scan-keys-pre-commit-cache");

interface Attempt {
  code: number;
  out: string;
}

/** What each tool prints around the hook's exit code, when it says it. */
const EXIT_1: Record<string, RegExp> = {
  husky: /husky - pre-commit script failed \(code 1\)/,
  "husky-pre-push": /husky - pre-push script failed \(code 1\)/,
  "pre-commit": /exit code: 1/,
  "pre-commit-local": /exit code: 1/,
};

describe("installed from the tarball, behind real hook tools", () => {
  for (const tool of HOOK_TOOLS as string[]) {
    it(tool, { timeout: 900_000 }, (ctx) => {
      const reason = unavailable(tool) as string | undefined;
      if (reason) {
        console.warn(`skipped ${tool}: ${reason}`);
        ctx.skip();
      }
      tarball ??= packTarball(join(work, "pack")) as string;
      let project;
      try {
        project = setupProject(tool, { tarball, dir: join(work, tool), work, preCommitHome });
      } catch (err) {
        if (!(err instanceof Unavailable)) throw err;
        console.warn(`skipped ${tool}: ${(err as Error).message}`);
        ctx.skip();
      }

      const blocked = attempt(project, { key: true }) as Attempt;
      expect(blocked.code, blocked.out).not.toBe(0);
      expect(blocked.out).toMatch(/k\.txt:1:\d+ (\(commit [0-9a-f]+\) )?\s*github-personal-access-token/);
      expect(blocked.out).toMatch(/1 secret found/);
      expect(blocked.out).not.toMatch(/scan-keys: /); // no error sentence: exit 1 (findings), not 2
      if (EXIT_1[tool]) expect(blocked.out).toMatch(EXIT_1[tool]!);

      const clean = attempt(project, { key: false }) as Attempt;
      expect(clean.code, clean.out).toBe(0);
    });
  }
});
