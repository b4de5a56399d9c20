// gitleaks' JSON report (`gitleaks --report-format json`): an array of
// findings with gitleaks' field names, so tools that read gitleaks output
// keep working. Differences, documented in the README: positions are those
// of the secret (gitleaks gives the whole match's), columns count
// characters (gitleaks counts bytes), and Fingerprint is gitleaks' kind
// (`[commit:]file:rule-id:line`), which .gitleaksignore takes.
import type { Finding } from "../engine/types.js";
import type { ReportContext } from "./context.js";

const REDACTED = "REDACTED";

function gitleaksFinding(f: Finding, ctx: ReportContext, tags: Map<string, string[]>) {
  const match = f.match ?? f.secret;
  const commit = f.commit?.sha ?? "";
  return {
    RuleID: f.ruleId,
    Description: f.description,
    StartLine: f.line,
    EndLine: f.endLine,
    StartColumn: f.column,
    // gitleaks' end column is the last character's, not the one after it.
    EndColumn: Math.max(f.column, f.endColumn - 1),
    Match: ctx.redact ? match.split(f.secret).join(REDACTED) : match,
    Secret: ctx.redact ? REDACTED : f.secret,
    File: f.path,
    SymlinkFile: "",
    Commit: commit,
    Entropy: f.entropy ?? 0,
    Author: f.commit?.author ?? "",
    Email: f.commit?.email ?? "",
    Date: f.commit?.date ?? "",
    Message: f.commit?.message ?? "",
    Tags: [...(tags.get(f.ruleId) ?? []), ...(f.encoding ? [`decoded:${f.encoding}`] : []), ...(f.verification ? [`verified:${f.verification.verdict}`] : [])],
    Fingerprint: `${commit ? `${commit}:` : ""}${f.path}:${f.ruleId}:${f.line}`,
  };
}

export function gitleaksReport(findings: Finding[], ctx: ReportContext): string {
  const tags = new Map(ctx.rules.map((r) => [r.id, r.tags ?? []]));
  // gitleaks' encoder indents with one space.
  return `${JSON.stringify(findings.map((f) => gitleaksFinding(f, ctx, tags)), null, 1)}\n`;
}
