// gitleaks' two lists of accepted findings, read as places:
// - .gitleaksignore: one gitleaks fingerprint a line, `commit:file:rule-id:line`
//   (a finding in history) or `file:rule-id:line` (anywhere); `#` comments;
// - a gitleaks JSON report (an array of findings) given to --baseline.
import type { LocationEntry } from "../engine/types.js";
import { configError } from "./error.js";

function cleanPath(p: string): string {
  return p.replaceAll("\\", "/").replace(/^(?:\.\/)+/, "");
}

/** Parses a .gitleaksignore file. */
export function parseGitleaksIgnore(text: string, file: string): LocationEntry[] {
  const out: LocationEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, "").trim();
    if (line === "" || line.startsWith("#")) return;
    // A file name may hold ":" (rare); the rule id and line number are the last two parts.
    const parts = line.split(":");
    const lineNo = Number(parts.pop());
    const ruleId = parts.pop() ?? "";
    const commit = parts.length > 1 && /^[0-9a-f]{7,40}$/i.test(parts[0]!) ? parts.shift() : undefined;
    const path = parts.join(":");
    if (!Number.isInteger(lineNo) || lineNo < 1 || ruleId === "" || path === "") {
      const shown = line.length > 60 ? `${line.slice(0, 57)}...` : line;
      throw configError(file, i + 1, `"${shown}" is not a gitleaks fingerprint; each line is commit:file:rule-id:line or file:rule-id:line`);
    }
    out.push({ file: cleanPath(path), ruleId, line: lineNo, ...(commit ? { commit } : {}) });
  });
  return out;
}

/** True when a parsed JSON document is a gitleaks report (an array of gitleaks findings). */
export function isGitleaksReport(doc: unknown): doc is unknown[] {
  return Array.isArray(doc);
}

/** The findings of a gitleaks JSON report, as places (and secrets, when the report was written unredacted). */
export function gitleaksReportEntries(doc: unknown[], file: string): LocationEntry[] {
  return doc.map((raw, i) => {
    const f = raw as Record<string, unknown> | null;
    if (typeof f !== "object" || f === null || typeof f.File !== "string" || typeof f.RuleID !== "string" || !Number.isInteger(f.StartLine)) {
      throw configError(file, undefined, `finding ${i + 1} of the gitleaks report has no File, RuleID or StartLine; give --baseline a report written by gitleaks --report-format json or scan-keys --format gitleaks`);
    }
    const secret = typeof f.Secret === "string" && f.Secret !== "" && f.Secret !== "REDACTED" && !f.Secret.endsWith("...") ? f.Secret : undefined;
    const commit = typeof f.Commit === "string" && f.Commit !== "" ? f.Commit : undefined;
    return { file: cleanPath(f.File), ruleId: f.RuleID, line: f.StartLine as number, ...(commit ? { commit } : {}), ...(secret ? { secret } : {}) };
  });
}
