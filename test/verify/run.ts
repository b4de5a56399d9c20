// Running the real CLI while a local provider answers in this process: the
// child must run asynchronously, or the server could not answer it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinRuleFiles } from "../../src/commands/ruleset.js";
import { CLI } from "../helpers/cli.js";

export interface AsyncRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCliAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; node?: string[]; input?: string }): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.node ?? []), CLI, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: "1", CI: "", HTTPS_PROXY: "", https_proxy: "", ALL_PROXY: "", all_proxy: "", ...opts.env } });
    child.stdin.end(opts.input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`scan-keys ${args.join(" ")} did not finish in time; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export interface VerifiedFinding {
  ruleId: string;
  file: string;
  match: string;
  commit?: { sha: string };
  verification?: { verdict: string; reason?: string; account?: string; scopes?: string[]; docs?: string };
}

export function findingsOf(r: AsyncRun): VerifiedFinding[] {
  if (r.code === 2) throw new Error(`scan failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: VerifiedFinding[] }).findings;
}

/** Every built-in rule with a verify table, with the line the test plants for it (its first match example; Twilio's with the Account SID beside the token). */
export function verifierRules(): { id: string; verify: Record<string, unknown>; line: string }[] {
  const out: { id: string; verify: Record<string, unknown>; line: string }[] = [];
  for (const file of builtinRuleFiles()) {
    for (const raw of file.rules) {
      const r = raw as { id: string; verify?: Record<string, unknown>; examples: { match: string[] } };
      if (!r.verify) continue;
      const example = r.id === "twilio-auth-token" ? r.examples.match.find((m) => m.includes("AC"))! : r.examples.match[0]!;
      out.push({ id: r.id, verify: r.verify, line: example.replaceAll("~~", "") });
    }
  }
  return out;
}

/** Writes one file per verifier (the two AWS parts share one), returns the AWS key id → secret key map. */
export function plantFiles(dir: string, rules: { id: string; line: string }[]): Map<string, string> {
  const aws = rules.filter((r) => r.id.startsWith("aws-"));
  for (const r of rules) if (!r.id.startsWith("aws-")) writeFileSync(join(dir, `${r.id}.txt`), `${r.line}\n`);
  writeFileSync(join(dir, "aws.txt"), `${aws.map((r) => r.line).join("\n")}\n`);
  const id = /(AKIA[A-Z2-7]{16})/.exec(aws.find((r) => r.id === "aws-access-key-id")!.line)![1]!;
  const secret = /([A-Za-z0-9/+]{40})/.exec(aws.find((r) => r.id === "aws-secret-access-key")!.line.split("=")[1]!)![1]!;
  return new Map([[id, secret]]);
}

/** A temporary directory that lives for a whole file of tests (helpers/cli.ts's tempDir goes after each test); `remove` in afterAll. */
export function suiteDir(prefix = "scan-keys-verify-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
