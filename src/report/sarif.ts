// SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).
// One run; the rules that produced findings in tool.driver.rules with the
// remediation as help; one result per finding with a relative location under
// %SRCROOT%, a partial fingerprint that never reveals the secret, and the
// commit for findings from history. Pure: findings + context in, text out.

import type { Finding, Severity } from "../engine/types.js";
import type { ReportContext, RuleInfo } from "./context.js";
import { sanitize } from "./sanitize.js";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const INFORMATION_URI = "https://www.npmjs.com/package/scan-keys";
/** Key under result.partialFingerprints; bump the version if the fingerprint's definition changes. */
export const FINGERPRINT_KEY = "scanKeys/v1";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { high: "error", medium: "warning", low: "note" };
// GitHub code scanning reads properties["security-severity"] (0.1–10) to rank security alerts:
// 7.0–8.9 is "high", 4.0–6.9 "medium", 0.1–3.9 "low".
const SECURITY_SEVERITY: Record<Severity, string> = { high: "8.0", medium: "5.5", low: "2.0" };

export function sarifLevel(s: Severity): "error" | "warning" | "note" {
  return LEVEL[s] ?? "warning";
}

const isUrl = (s: string) => /^https?:\/\/\S+$/.test(s.trim());

/** What to do about a found secret, as plain text lines. Shared by the CI reporters. */
export function remediationLines(revoke: string): string[] {
  const where = revoke.trim() ? revoke.trim() : "with the provider that issued it";
  return [
    `Revoke or rotate the key now: ${where}. A key that reached a git repository is leaked, even after the line is deleted.`,
    "Remove it from the code and load it at run time instead: an environment variable, or a .env file that .gitignore covers.",
    "False positive? Add a comment containing scan-keys:allow on that line, or add the finding's fingerprint to .scan-keys-ignore.",
  ];
}

function helpText(rule: RuleInfo): string {
  return [`${rule.description} (${rule.provider}).`, "", ...remediationLines(rule.revoke).map((l, i) => `${i + 1}. ${l}`)].join("\n");
}

function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

function helpMarkdown(rule: RuleInfo): string {
  const revoke = rule.revoke.trim();
  const where = !revoke ? "with the provider that issued it" : isUrl(revoke) ? `<${revoke}>` : mdEscape(revoke);
  return [
    `**${mdEscape(rule.description)}** (${mdEscape(rule.provider)})`,
    "",
    "A key that reached a git repository is leaked, even after the line is deleted: anyone with a clone, a fork or a CI log has it.",
    "",
    `1. **Revoke or rotate the key now:** ${where}.`,
    "2. **Remove it from the code** and load it at run time instead: an environment variable, or a `.env` file that `.gitignore` covers.",
    "3. **False positive?** Add a comment containing `scan-keys:allow` on that line, or add the finding's fingerprint to `.scan-keys-ignore`.",
  ].join("\n");
}

function ruleName(id: string): string {
  // SARIF's reportingDescriptor.name: a readable identifier, conventionally PascalCase.
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

function ruleFromFinding(f: Finding): RuleInfo {
  return { id: f.ruleId, provider: f.provider, description: f.description, revoke: f.revoke, severity: f.severity };
}

function reportingDescriptor(rule: RuleInfo) {
  const tags = ["security", "secret", rule.provider.toLowerCase()];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} (${rule.provider}). A credential of this kind committed to a repository is leaked.` },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    ...(isUrl(rule.revoke) ? { helpUri: rule.revoke.trim() } : {}),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: [...new Set(tags)],
      precision: rule.severity === "low" ? "medium" : "high",
      "security-severity": SECURITY_SEVERITY[rule.severity] ?? "5.5",
      provider: rule.provider,
    },
  };
}

/**
 * A relative path as a SARIF artifactLocation.uri (a URI reference): each
 * segment percent-encoded so spaces, `#`, `%`, `?` and non-ASCII survive.
 */
export function pathToUri(path: string): string {
  return path
    .replace(/\\/g, "/")
    .replace(/^\.\//, "")
    .split("/")
    .map((seg) => encodeURIComponent(seg))
    .join("/");
}

function resultMessage(f: Finding, redact: boolean): string {
  const shown = redact ? f.redacted : f.secret;
  const where = f.commit ? ` in commit ${f.commit.sha.slice(0, 12)}` : "";
  const head = f.stillInHead === true ? " It is still in HEAD." : f.stillInHead === false ? " It is no longer in HEAD but stays in history." : "";
  const enc = f.encoding ? ` (found ${f.encoding}-encoded)` : "";
  return `${f.description.replace(/\.$/, "")}${enc}${where}: ${sanitize(shown)}. Revoke it, then load it from the environment.${head}`;
}

function region(f: Finding) {
  const startLine = Math.max(1, f.line);
  const endLine = Math.max(startLine, f.endLine || startLine);
  const startColumn = Math.max(1, f.column);
  let endColumn = Math.max(1, f.endColumn || startColumn + 1);
  if (endLine === startLine && endColumn <= startColumn) endColumn = startColumn + 1;
  return { startLine, startColumn, endLine, endColumn };
}

function result(f: Finding, ruleIndex: number, redact: boolean) {
  const properties: Record<string, unknown> = {
    provider: f.provider,
    severity: f.severity,
    fingerprint: f.fingerprint,
    source: f.source,
    revoke: f.revoke,
  };
  if (f.entropy !== undefined) properties.entropy = Math.round(f.entropy * 100) / 100;
  if (f.encoding) properties.encoding = f.encoding;
  if (f.verification) {
    const v = f.verification;
    properties.verification = v.verdict;
    if (v.reason) properties.verificationReason = v.reason;
    if (v.account) properties.verifiedAccount = v.account;
    if (v.scopes) properties.verifiedScopes = v.scopes;
    if (v.docs) properties.verificationDocs = v.docs;
  }
  if (f.commit) {
    properties.commitSha = f.commit.sha;
    properties.author = sanitize(f.commit.author);
    properties.date = f.commit.date;
    if (f.commit.message !== undefined) properties.commitMessage = sanitize(f.commit.message);
  }
  if (f.stillInHead !== undefined) properties.stillInHead = f.stillInHead;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: resultMessage(f, redact) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(f.path), uriBaseId: "%SRCROOT%" },
          region: region(f),
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties,
  };
}

/** The SARIF log as an object (for callers that want to merge or inspect it). */
export function sarifLog(findings: Finding[], ctx: ReportContext) {
  const rules: RuleInfo[] = [];
  const index = new Map<string, number>();
  const add = (r: RuleInfo) => {
    if (index.has(r.id)) return;
    index.set(r.id, rules.length);
    rules.push(r);
  };
  for (const r of [...ctx.rules].sort((a, b) => a.id.localeCompare(b.id))) add(r);
  for (const f of findings) add(ruleFromFinding(f));

  const notRead = (u: { path: string; reason: string }) => ({
    level: "warning" as const,
    message: { text: `Could not read ${sanitize(u.path)}: ${sanitize(u.reason)}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(u.path), uriBaseId: "%SRCROOT%" } } }],
  });
  const notifications = [
    ...ctx.stats.unreadable.map(notRead),
    ...(ctx.stats.skipped ?? []).map((u) => ({ ...notRead(u), message: { text: `Did not read ${sanitize(u.path)}: ${sanitize(u.reason)}` } })),
    // Notes on how the scan ran (a shallow clone's cut history, git missing) are warnings too.
    ...(ctx.stats.notes ?? []).map((n) => ({ level: "warning" as const, message: { text: sanitize(n) } })),
  ];

  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0" as const,
    runs: [
      {
        tool: {
          driver: {
            name: "scan-keys",
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(reportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        columnKind: "utf16CodeUnits" as const,
        results: findings.map((f) => result(f, index.get(f.ruleId)!, ctx.redact)),
        properties: {
          mode: ctx.mode,
          files: ctx.stats.files,
          bytes: ctx.stats.bytes,
          ...(ctx.stats.commits !== undefined ? { commits: ctx.stats.commits } : {}),
          skippedBinary: ctx.stats.skippedBinary,
          skippedTooLarge: ctx.stats.skippedTooLarge,
          skippedUnreadable: ctx.stats.skippedUnreadable,
          skippedOther: ctx.stats.skippedOther ?? 0,
          ...(ctx.stats.notes?.length ? { notes: ctx.stats.notes } : {}),
        },
      },
    ],
  };
}

/** `--format sarif`. */
export function sarifReport(findings: Finding[], ctx: ReportContext): string {
  return `${JSON.stringify(sarifLog(findings, ctx), null, 2)}\n`;
}
