// End to end: `scan-keys --history --verify` on a repository with every
// verifier's key planted over several commits, the local provider answering
// live, revoked or rate-limited by key. Every verdict must match.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, write } from "../helpers/gitrepo.js";
import { findingsOf, plantFiles, runCliAsync, suiteDir, verifierRules } from "./run.js";
import { startProvider, type Mode, type Provider } from "./server.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const MODES: Mode[] = ["live", "revoked", "limited"];
const modeOf = (secret: string): Mode => MODES[createHash("sha256").update(secret).digest()[0]! % 3]!;
const VERDICT: Record<Mode, string> = { live: "live", revoked: "revoked", limited: "unknown" };

let provider: Provider;
let awsKeyId = "";
let files: Record<string, string> = {};
beforeAll(async () => {
  const { dir, remove } = suiteDir();
  const aws = plantFiles(dir, verifierRules());
  awsKeyId = [...aws.keys()][0]!;
  for (const name of readdirSync(dir)) files[`keys/${name}`] = readFileSync(join(dir, name), "utf8");
  remove();
  provider = await startProvider(modeOf, aws);
});
afterAll(async () => provider?.close());

describe("--history --verify", () => {
  it("gives every verifier's key the verdict its provider answered", async () => {
    const repo = initRepo();
    const names = Object.keys(files).sort();
    const third = Math.ceil(names.length / 3);
    for (let i = 0; i < 3; i++) commitFiles(repo, Object.fromEntries(names.slice(i * third, (i + 1) * third).map((n) => [n, files[n]!])), `keys ${i}`);
    commitFiles(repo, { "settings.py": `DB_PASSWORD = "${["Qm7vXk2L", "pW9zRt4n"].join("")}"\n` }, "a generic one");
    const r = await runCliAsync(["--history", "--verify", "--no-redact", "--format", "json"], { cwd: repo, env: provider.env, timeoutMs: 120_000 });
    const findings = findingsOf(r);
    expect(r.code).toBe(1);
    expect(provider.log.flatMap((c) => c.problems)).toEqual([]);
    const seen = new Set<string>();
    for (const f of findings) {
      const v = f.verification!;
      if (!verifierRules().some((x) => x.id === f.ruleId)) {
        expect(v.verdict, f.ruleId).toBe("not-verifiable");
        continue;
      }
      const asked = f.ruleId.startsWith("aws-") ? awsKeyId : f.match;
      expect(v.verdict, `${f.ruleId} ${v.reason ?? ""}`).toBe(VERDICT[modeOf(asked)]);
      seen.add(v.verdict);
    }
    expect([...seen].sort()).toEqual(["live", "revoked", "unknown"]);
    expect(findings.filter((f) => f.verification?.verdict !== "not-verifiable").length).toBeGreaterThanOrEqual(70);
  });

  it("lists live keys first in the text report", async () => {
    const repo = initRepo();
    commitFiles(repo, Object.fromEntries(Object.entries(files).slice(0, 12)), "keys");
    const r = await runCliAsync(["--history", "--verify"], { cwd: repo, env: provider.env });
    const verdicts = [...r.stdout.matchAll(/^ {2}verified: {4}(live|revoked|unknown|not verifiable)/gm)].map((m) => m[1]!);
    const rank = (v: string) => ["live", "unknown", "not verifiable", "revoked"].indexOf(v);
    expect(verdicts.length).toBeGreaterThan(5);
    expect(verdicts).toEqual([...verdicts].sort((a, b) => rank(a) - rank(b)));
  });

  it("--staged, --range and --pre-push verify too", async () => {
    const repo = initRepo();
    const [a, b] = Object.keys(files).filter((n) => /openai-project-key|github-personal-access-token/.test(n));
    commitFiles(repo, { "README.md": "hello\n" }, "base");
    commitFiles(repo, { [a!]: files[a!]! }, "one key");
    write(repo, b!, files[b!]!);
    git(repo, "add", b!);
    const verdictOf = async (args: string[], input?: string) => {
      const r = await runCliAsync([...args, "--verify", "--no-redact", "--format", "json"], { cwd: repo, env: provider.env, ...(input ? { input } : {}) });
      return findingsOf(r).map((f) => [f.verification!.verdict, VERDICT[modeOf(f.match)]]);
    };
    const staged = await verdictOf(["--staged"]);
    expect(staged.length).toBe(1);
    expect(staged[0]![0]).toBe(staged[0]![1]);
    const range = await verdictOf(["--history", "--range", "HEAD~1..HEAD"]);
    expect(range.length).toBe(1);
    expect(range[0]![0]).toBe(range[0]![1]);
    const head = git(repo, "rev-parse", "HEAD").trim();
    const pushed = await verdictOf(["--pre-push"], `refs/heads/main ${head} refs/heads/main ${"0".repeat(40)}\n`);
    expect(pushed.length).toBe(1);
    expect(pushed[0]![0]).toBe(pushed[0]![1]);
  });
});
