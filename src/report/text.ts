// The default, human report: where, what, the line with the secret masked,
// and what to do now.

import pc from "picocolors";
import type { Finding } from "../engine/types.js";
import type { ReportContext } from "./context.js";
import { sanitize } from "./sanitize.js";
import { summaryLines } from "./summary.js";
import { liveFirst, verdictCounts, verdictLine } from "./verdict.js";

type Paint = (s: string) => string;

function painter(on: boolean) {
  const id: Paint = (s) => s;
  return on
    ? { bold: pc.bold, red: pc.red, yellow: pc.yellow, dim: pc.dim, cyan: pc.cyan, green: pc.green }
    : { bold: id, red: id, yellow: id, dim: id, cyan: id, green: id };
}

/** The finding's line with the secret replaced by its redacted form (or kept, with --no-redact). */
export function maskedLine(f: Finding, redact: boolean): string {
  const at = f.lineTextColumn - 1;
  const secretHere = f.secret.split("\n", 1)[0]!;
  const before = f.lineText.slice(0, at);
  const after = f.lineText.slice(at + secretHere.length);
  const shown = redact ? f.redacted.split("\n", 1)[0]! : secretHere;
  return sanitize(`${before}${shown}${after}`.trim());
}

function location(f: Finding): string {
  const where = `${sanitize(f.path)}:${f.line}:${f.column}`;
  return f.commit ? `${where} (commit ${f.commit.sha.slice(0, 12)})` : where;
}

function formatFinding(f: Finding, ctx: ReportContext, c: ReturnType<typeof painter>): string {
  const sev = f.severity === "high" ? c.red(f.severity) : f.severity === "medium" ? c.yellow(f.severity) : c.dim(f.severity);
  const lines = [
    `${c.bold(location(f))}  ${c.cyan(f.ruleId)}  ${sev}`,
    `  ${f.provider}: ${f.description}${f.encoding ? ` (found ${f.encoding}-encoded)` : ""}`,
    `  secret:      ${sanitize(ctx.redact ? f.redacted : f.secret.split("\n", 1)[0]!)}`,
  ];
  if (f.verification) {
    const v = verdictLine(f.verification);
    lines.push(`  verified:    ${f.verification.verdict === "live" ? c.red(c.bold(v)) : f.verification.verdict === "revoked" ? c.dim(v) : v}`);
  }
  lines.push(`  line:        ${maskedLine(f, ctx.redact)}`);
  if (f.commit) {
    lines.push(`  commit:      ${f.commit.sha} by ${sanitize(f.commit.author)} <${sanitize(f.commit.email)}> on ${f.commit.date}`);
    if (f.commit.message) lines.push(`  message:     ${sanitize(f.commit.message)}`);
  }
  if (f.stillInHead !== undefined) {
    lines.push(
      f.stillInHead
        ? `  in HEAD:     ${c.red("yes")}, still in the current tree: rotate it, then remove it`
        : `  in HEAD:     no, deleted since, but still in history: rotate it anyway`,
    );
  }
  lines.push(`  revoke:      ${f.revoke}`, `  fingerprint: ${f.fingerprint}`);
  return lines.join("\n");
}

function advice(ctx: ReportContext, c: ReturnType<typeof painter>): string[] {
  const out = [c.bold("What to do now:")];
  if (ctx.mode === "staged") {
    out.push(
      "  1. Remove the key from the staged file: edit the line, then `git add` it again (or `git restore --staged <file>` to unstage).",
    );
  } else {
    out.push("  1. Remove the key from the file; if it was ever committed or pushed, treat it as leaked.");
  }
  out.push(
    ctx.mode === "staged"
      ? "  2. If the key was ever committed or pushed anywhere, revoke or rotate it at the address shown under \"revoke\": it is compromised."
      : "  2. Revoke or rotate the key at the address shown under \"revoke\": a key that reached git history is compromised.",
    "  3. Load it at run time instead: an environment variable, or a .env file that .gitignore covers.",
    "  4. A false positive? Add `scan-keys:allow` in a comment on that line, or put the fingerprint in .scan-keys-ignore.",
  );
  if (ctx.mode === "staged") out.push("  Last resort, if you are sure: `git commit --no-verify` skips the hook.");
  return out;
}

export function textReport(findings: Finding[], ctx: ReportContext): string {
  const c = painter(ctx.color);
  const out: string[] = [];
  for (const f of ctx.verified ? liveFirst(findings) : findings) out.push(formatFinding(f, ctx, c), "");
  if (ctx.suppressed?.length) {
    out.push(c.bold("Suppressed findings:"));
    for (const { finding, by } of ctx.suppressed) out.push(`  ${location(finding)}  ${finding.ruleId}  (by ${by})  ${finding.fingerprint}`);
    out.push("");
  }
  if (findings.length > 0) {
    const verdict = ctx.mode === "staged" ? ": commit blocked" : "";
    out.push(c.red(c.bold(`✖ ${findings.length} secret${findings.length === 1 ? "" : "s"} found${verdict}.`)), ...advice(ctx, c), "");
  } else {
    out.push(c.green("✔ no secrets found."));
  }
  if (ctx.verified && findings.length > 0) out.push(c.bold(`verified: ${verdictCounts(findings)}.`));
  if (ctx.config) out.push(c.dim(`config: ${sanitize(ctx.config)}`));
  out.push(...summaryLines(findings, ctx.stats).map((l) => c.dim(l)));
  // A blocked commit ends with the one command that fixes it (see scan-keys fix).
  if (findings.length > 0 && ctx.mode === "staged") out.push("", c.bold("Fix it in one command: npx scan-keys fix   (add --dry-run to see the changes first)"));
  return `${out.join("\n")}\n`;
}
