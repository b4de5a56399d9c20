// The config, ignore file and baseline come from the repository being
// scanned, not the working directory: `scan-keys ../other-repo`, `--staged`
// from a subdirectory, and -C DIR (as git -C) from outside.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, initRepo, keyLine, runCli, tempDir, write } from "./helpers/gitrepo.js";

interface Report {
  findings: { file: string; fingerprint: string }[];
  stats: { suppressed: Record<string, number> };
}

function json(args: string[], cwd: string): Report {
  const r = runCli([...args, "--format", "json"], { cwd });
  expect(r.stderr).toBe("");
  expect(r.code).toBeLessThan(2);
  return JSON.parse(r.stdout) as Report;
}

/**
 * A repository with three keys, each allowed by one of its own files: a.js by
 * the config's allowlist, b.js by the ignore file, c.js by the baseline the
 * config names. Beside it, a working directory whose own config is broken,
 * so reading the wrong one fails loudly.
 */
function setup(): { other: string; here: string } {
  const parent = tempDir();
  for (const d of ["other", "here"]) mkdirSync(join(parent, d));
  const other = initRepo(join(parent, "other"));
  write(other, "a.js", `${keyLine()}\n`);
  write(other, "b.js", `${keyLine()}\n`);
  write(other, "c.js", `${keyLine()}\n`);
  const before = json(["."], other);
  const fp = (f: string) => before.findings.find((x) => x.file === f)!.fingerprint;
  write(other, ".scan-keys.toml", 'baseline = "base.json"\n[allowlist]\npaths = ["a.js"]\n');
  write(other, ".scan-keys-ignore", `${fp("b.js")} # reviewed\n`);
  write(other, "base.json", JSON.stringify({ version: 1, findings: [{ fingerprint: fp("c.js"), ruleId: "github-personal-access-token", file: "c.js", line: 1 }] }));
  git(other, "add", "-A");
  const here = initRepo(join(parent, "here"));
  write(here, ".scan-keys.toml", "this is not toml = = =\n");
  return { other, here };
}

const allowedByOwnFiles = (r: Report) => {
  expect(r.findings).toEqual([]);
  expect(r.stats.suppressed).toMatchObject({ config: 1, "ignore-file": 1, baseline: 1 });
};

describe("config of the scanned repository", () => {
  it("scan-keys ../other-repo reads that repository's config, ignore file and baseline", () => {
    const { here } = setup();
    allowedByOwnFiles(json(["../other"], here));
  });

  it("--staged from a subdirectory reads the repository root's files", () => {
    const { other } = setup();
    mkdirSync(join(other, "deep/er"), { recursive: true });
    allowedByOwnFiles(json(["--staged"], join(other, "deep/er")));
  });

  it("-C DIR runs as if started in DIR: --staged and a tree scan from outside the repository", () => {
    const { here } = setup();
    allowedByOwnFiles(json(["-C", "../other", "--staged"], here));
    allowedByOwnFiles(json(["-C", "../other", "."], here));
    allowedByOwnFiles(json(["--directory", "../other"], here));
  });

  it("-C to a missing directory or a file is one sentence and exit 2", () => {
    const { here } = setup();
    const missing = runCli(["-C", "nowhere", "--staged"], { cwd: here });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^scan-keys: -C nowhere: no such directory\.$|-C nowhere: no such directory\./);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const file = runCli(["-C", ".scan-keys.toml", "."], { cwd: here });
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/is not a directory/);
  });
});
