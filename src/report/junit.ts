// JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure
// Pipelines, CircleCI…): one failing test case per finding, one passing test
// case when the scan is clean. Pure: findings + context in, XML text out.

import type { Finding } from "../engine/types.js";
import type { ReportContext } from "./context.js";
import { remediationLines } from "./sarif.js";
import { summaryLines } from "./summary.js";
import { maskedLine } from "./text.js";
import { verdictLine } from "./verdict.js";

// Characters XML 1.0 does not allow at all, even as character references:
// C0 controls other than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Escapes text for an XML 1.0 element body; characters XML cannot hold become visible `\xNN` escapes. */
export function xmlText(s: string): string {
  return s
    .replace(ILLEGAL, visible)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Escapes text for a double-quoted XML attribute; tab, CR and LF are kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

function location(f: Finding): string {
  return `${f.path}:${f.line}:${f.column}${f.commit ? ` (commit ${f.commit.sha.slice(0, 12)})` : ""}`;
}

function details(f: Finding, ctx: ReportContext): string {
  const lines = [
    f.description,
    `rule:        ${f.ruleId} (${f.provider}, severity ${f.severity})`,
    `location:    ${location(f)}`,
    `secret:      ${ctx.redact ? f.redacted : f.secret}`,
    `line:        ${maskedLine(f, ctx.redact)}`,
  ];
  if (f.verification) lines.push(`verified:    ${verdictLine(f.verification)}`);
  if (f.encoding) lines.push(`encoding:    found ${f.encoding}-encoded`);
  if (f.commit) lines.push(`commit:      ${f.commit.sha} by ${f.commit.author} on ${f.commit.date}`);
  lines.push(`fingerprint: ${f.fingerprint}`, "", ...remediationLines(f.revoke));
  return lines.join("\n");
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** `--format junit`. */
export function junitReport(findings: Finding[], ctx: ReportContext): string {
  const tests = Math.max(1, findings.length);
  const failures = findings.length;
  const time = seconds(ctx.stats.durationMs);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scan-keys" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    `  <testsuite name="scan-keys" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    "    <properties>",
    `      <property name="scan-keys.version" value="${xmlAttr(ctx.version)}"/>`,
    `      <property name="mode" value="${xmlAttr(ctx.mode)}"/>`,
    `      <property name="files" value="${ctx.stats.files}"/>`,
    ...(ctx.stats.commits !== undefined ? [`      <property name="commits" value="${ctx.stats.commits}"/>`] : []),
    "    </properties>",
  ];
  if (findings.length === 0) {
    out.push(`    <testcase name="no secrets found" classname="scan-keys" time="${time}"/>`);
  }
  for (const f of findings) {
    const name = `${f.ruleId} at ${location(f)}`;
    out.push(
      `    <testcase name="${xmlAttr(name)}" classname="${xmlAttr(`scan-keys.${f.ruleId}`)}" file="${xmlAttr(f.path)}" line="${f.line}" time="0">`,
      `      <failure message="${xmlAttr(`${f.ruleId}: ${location(f)}`)}" type="${xmlAttr(f.ruleId)}">${xmlText(details(f, ctx))}</failure>`,
      "    </testcase>",
    );
  }
  out.push(`    <system-out>${xmlText(summaryLines(findings, ctx.stats).join("\n"))}</system-out>`, "  </testsuite>", "</testsuites>");
  return `${out.join("\n")}\n`;
}
