// How every report words --verify's verdict: "live · octocat · repo, workflow",
// "unknown (rate limited)". Account and scopes come from a provider's
// answer, so reporters escape them like any other outside text.

import { VERDICTS, type Finding, type Verification } from "../engine/types.js";
import { sanitize } from "./sanitize.js";

export const VERDICT_LABEL: Record<Verification["verdict"], string> = { live: "live", revoked: "revoked", unknown: "unknown", "not-verifiable": "not verifiable" };

/** One line: the verdict, then the account and scopes (live), or the reason. */
export function verdictLine(v: Verification): string {
  const parts = [VERDICT_LABEL[v.verdict]];
  if (v.account) parts.push(v.account);
  if (v.scopes?.length) parts.push(v.scopes.join(", "));
  const line = parts.join(" · ");
  return sanitize(v.reason ? `${line} (${v.reason})` : line);
}

/** Live keys first, then unknown, not verifiable, revoked; the scan's order within each. */
export function liveFirst(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.verification ? VERDICTS.indexOf(f.verification.verdict) : 0);
  return findings.map((f, i) => [f, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([f]) => f);
}

/** "3 live keys, 1 revoked, 2 unknown, 4 not verifiable", for summaries. */
export function verdictCounts(findings: Finding[]): string {
  const n = (v: Verification["verdict"]) => findings.filter((f) => f.verification?.verdict === v).length;
  const live = n("live");
  return [`${live} live key${live === 1 ? "" : "s"}`, `${n("revoked")} revoked`, `${n("unknown")} unknown`, `${n("not-verifiable")} not verifiable`].join(", ");
}
