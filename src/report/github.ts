// GitHub Actions workflow commands: one `::error file=…,line=…::message` line
// per finding, so each finding shows up as an annotation on the pull request's
// diff and in the run summary. Pure: findings + context in, text out.
//
// Escaping follows the Actions runner (actions/toolkit, command.ts):
// - data (the message):       %  →  %25,  \r → %0D,  \n → %0A
// - property values:          the same, plus  :  →  %3A  and  ,  →  %2C
// Because line breaks are always escaped, nothing from a scanned file can
// start a workflow command of its own on a new line.

import type { Finding, Severity } from "../engine/types.js";
import type { ReportContext } from "./context.js";
import { sanitize } from "./sanitize.js";
import { remediationLines } from "./sarif.js";
import { verdictLine } from "./verdict.js";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { high: "error", medium: "warning", low: "notice" };

// Terminal control characters other than CR/LF (which the escaping below
// encodes) and the bidi overrides are shown as visible escapes in the log;
// tabs become spaces.
function neutralise(s: string): string {
  return sanitize(s, { keepLineBreaks: true }).replace(/\t/g, " ");
}

/** Escapes a workflow command's message (the part after `::`). */
export function escapeData(s: string): string {
  return neutralise(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value (`file=`, `title=`, …). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One workflow command line, e.g. `::error file=a.ts,line=3::text`. */
export function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${command}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

function message(f: Finding, ctx: ReportContext): string {
  const lines = [`${f.description}: ${ctx.redact ? f.redacted : f.secret}${f.encoding ? ` (found ${f.encoding}-encoded)` : ""}`];
  if (f.verification) lines.push(`Verified: ${verdictLine(f.verification)}.`);
  if (f.commit) lines.push(`Added in commit ${f.commit.sha} by ${f.commit.author} on ${f.commit.date}.`);
  lines.push(...remediationLines(f.revoke), `Rule ${f.ruleId}, fingerprint ${f.fingerprint}.`);
  return lines.join("\n");
}

/** `--format github`. Prints nothing when the scan is clean. */
export function githubReport(findings: Finding[], ctx: ReportContext): string {
  const out: string[] = [];
  for (const f of findings) {
    const sameLine = f.endLine === f.line;
    out.push(
      workflowCommand(
        COMMAND[f.severity] ?? "error",
        {
          file: f.path,
          line: f.line,
          endLine: f.endLine || f.line,
          // The runner only honours columns on single-line annotations.
          col: sameLine ? f.column : undefined,
          endColumn: sameLine ? f.endColumn : undefined,
          title: `scan-keys: ${f.verification?.verdict === "live" ? "LIVE " : ""}${f.provider} secret (${f.ruleId})`,
        },
        message(f, ctx),
      ),
    );
  }
  for (const u of ctx.stats.unreadable) {
    out.push(workflowCommand("warning", { file: u.path, title: "scan-keys: file not scanned" }, `Could not read ${u.path}: ${u.reason}`));
  }
  for (const u of ctx.stats.skipped ?? []) {
    out.push(workflowCommand("warning", { file: u.path, title: "scan-keys: file not scanned" }, `Did not read ${u.path}: ${u.reason}`));
  }
  for (const n of ctx.stats.notes ?? []) out.push(workflowCommand("warning", { title: "scan-keys" }, n));
  return out.length ? `${out.join("\n")}\n` : "";
}
