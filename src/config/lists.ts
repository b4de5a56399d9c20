// The two fingerprint lists: .scan-keys-ignore (reviewed false positives)
// and a baseline file (findings that existed when the scanner was adopted).

import type { LocationEntry } from "../engine/types.js";
import { configError } from "./error.js";
import { gitleaksReportEntries, isGitleaksReport } from "./gitleaks-lists.js";

export const FINGERPRINT = /^[0-9a-f]{16}$/;

/** Parses an ignore file: one fingerprint per line, optionally followed by a `# comment`; `#` lines and blank lines are skipped. */
export function parseIgnoreFile(text: string, file: string): Set<string> {
  const out = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, "").trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^([0-9A-Fa-f]{16})(?:\s+#.*)?$/.exec(line);
    if (!m) {
      throw configError(file, i + 1, `"${line.length > 40 ? `${line.slice(0, 37)}...` : line}" is not a fingerprint; each line holds one 16-character fingerprint from a report, optionally followed by a # comment`);
    }
    out.add(m[1]!.toLowerCase());
  });
  return out;
}

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  line: number;
}

export const BASELINE_VERSION = 1;

/**
 * Parses a baseline file: one written by `scan-keys baseline` (fingerprints),
 * or a gitleaks JSON report, as gitleaks --baseline-path takes (places).
 */
export function parseBaseline(text: string, file: string): { fingerprints: Set<string>; locations: LocationEntry[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg)?.[1];
    const line = pos === undefined ? undefined : text.slice(0, Number(pos)).split("\n").length;
    throw configError(file, line, `the baseline is not valid JSON (${msg.split("\n")[0]!.replace(/\.$/, "")}); write a new one with scan-keys baseline`);
  }
  if (isGitleaksReport(doc)) return { fingerprints: new Set(), locations: gitleaksReportEntries(doc, file) };
  const d = doc as { version?: unknown; findings?: unknown };
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || !Array.isArray(d.findings)) {
    throw configError(file, undefined, `not a scan-keys baseline (expected {"version": 1, "findings": [...]}) nor a gitleaks JSON report (an array of findings); write one with scan-keys baseline`);
  }
  if (d.version !== BASELINE_VERSION) {
    throw configError(file, undefined, `baseline version ${JSON.stringify(d.version)} is not supported (this scan-keys reads version ${BASELINE_VERSION}); write a new one with scan-keys baseline`);
  }
  const out = new Set<string>();
  d.findings.forEach((f, i) => {
    const fp = (f as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fp !== "string" || !FINGERPRINT.test(fp)) {
      throw configError(file, undefined, `finding ${i + 1} of the baseline has no valid "fingerprint" (16 lower-case hex characters); write a new one with scan-keys baseline`);
    }
    out.add(fp);
  });
  return { fingerprints: out, locations: [] };
}
