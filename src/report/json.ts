// Machine-readable report; the schema is documented in README.md ("JSON output").
import type { Finding } from "../engine/types.js";
import type { ReportContext } from "./context.js";

export const JSON_REPORT_VERSION = 1;

/** A finding as the JSON report (and the API, src/api.ts) gives it: the secret redacted unless `redact` is false. */
export function jsonFinding(f: Finding, redact: boolean) {
  return {
    ruleId: f.ruleId,
    provider: f.provider,
    description: f.description,
    severity: f.severity,
    file: f.path,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    match: redact ? f.redacted : f.secret,
    fingerprint: f.fingerprint,
    entropy: f.entropy ?? null,
    ...(f.encoding ? { encoding: f.encoding } : {}),
    ...(f.commit ? { commit: f.commit } : {}),
    ...(f.stillInHead !== undefined ? { stillInHead: f.stillInHead } : {}),
    revoke: f.revoke,
    // --verify only: { verdict, reason?, account?, scopes?, docs? }
    ...(f.verification ? { verification: f.verification } : {}),
  };
}

export function jsonReport(findings: Finding[], ctx: ReportContext): string {
  const { unreadable, ...stats } = ctx.stats;
  const doc = {
    version: JSON_REPORT_VERSION,
    findings: findings.map((f) => jsonFinding(f, ctx.redact)),
    ...(ctx.suppressed ? { suppressed: ctx.suppressed.map(({ finding, by }) => ({ ...jsonFinding(finding, ctx.redact), suppressedBy: by })) } : {}),
    stats: { ...stats, unreadable },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
