// --format html: one self-contained audit page for a history or directory
// scan. Summary figures, a timeline of when keys were introduced, a sortable
// and filterable table, and what to do per provider. It loads nothing: the
// CSS and script are inline and the only ones a strict Content-Security-Policy
// allows (by hash); every value from the scanned repository is escaped
// (html-escape.ts); secrets stay redacted unless --no-redact. Pure: findings
// and context in, text out.

import { createHash } from "node:crypto";
import { SEVERITIES, severityRank, type Finding, type Severity } from "../engine/types.js";
import type { ReportContext } from "./context.js";
import { CSS, SCRIPT } from "./html-assets.js";
import { timelineSvg } from "./html-chart.js";
import { attr, html, revokeHtml } from "./html-escape.js";
import { byProvider, remediationHtml, type ProviderGroup } from "./html-remediation.js";
import { summaryLines } from "./summary.js";
import { maskedLine } from "./text.js";
import { formatBytes, plural } from "./units.js";
import { VERDICTS } from "../engine/types.js";
import { VERDICT_LABEL } from "./verdict.js";


type Present = "yes" | "no" | "unknown";

/**
 * Whether the secret is still in the scanned code: history findings carry
 * it (stillInHead); a directory or staged scan only finds what is there.
 */
function presence(f: Finding, ctx: ReportContext): boolean | undefined {
  return ctx.mode === "history" ? f.stillInHead : true;
}
const presentWord = (p: boolean | undefined): Present => (p === true ? "yes" : p === false ? "no" : "unknown");
const PRESENT_RANK: Record<Present, number> = { yes: 0, unknown: 1, no: 2 };
const PRESENT_LABEL: Record<Present, string> = { yes: "still present", unknown: "presence unknown", no: "removed" };

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
const time = (f: Finding) => (f.commit ? Date.parse(f.commit.date) : NaN);

/** Default order: still present first, then severity, then oldest commit first, then place. */
function ordered(findings: Finding[], ctx: ReportContext): Finding[] {
  const t = (f: Finding) => (Number.isFinite(time(f)) ? time(f) : Infinity);
  return [...findings].sort(
    (a, b) =>
      PRESENT_RANK[presentWord(presence(a, ctx))] - PRESENT_RANK[presentWord(presence(b, ctx))] ||
      severityRank(a.severity) - severityRank(b.severity) ||
      t(a) - t(b) ||
      a.path.localeCompare(b.path) ||
      a.line - b.line,
  );
}

interface Column {
  head: string;
  cell: (f: Finding, present: boolean | undefined) => { html: string; sort?: string | number };
  /** "nowrap" for short codes (sha, date) that read badly when broken. */
  cls?: "nowrap";
}

function columns(ctx: ReportContext, withCommits: boolean): Column[] {
  const shown = (f: Finding) => (ctx.redact ? f.redacted : f.secret).split("\n", 1)[0]!;
  const cols: Column[] = [
    { head: "Severity", cell: (f) => ({ html: `<span class="sev-${f.severity}">${f.severity}</span>`, sort: severityRank(f.severity) + 1 }) },
    { head: "Provider", cell: (f) => ({ html: html(f.provider) }) },
    { head: "Rule", cell: (f) => ({ html: `<code>${html(f.ruleId)}</code><span class="sub">${html(f.description)}</span>` }) },
    {
      head: "File:line",
      cell: (f) => ({
        html: `<code>${html(f.path)}:${f.line}</code><span class="sub mono">${html(maskedLine(f, ctx.redact))}</span>`,
        sort: `${f.path} ${String(f.line).padStart(9, "0")}`,
      }),
    },
  ];
  if (withCommits) {
    cols.push(
      {
        head: "Commit",
        cls: "nowrap",
        cell: (f) =>
          f.commit
            ? {
                html: `<code title="${attr(f.commit.sha)}">${html(f.commit.sha.slice(0, 12))}</code>${
                  f.commit.message ? `<span class="sub">${html(f.commit.message)}</span>` : ""
                }`,
              }
            : { html: "", sort: "" },
      },
      {
        head: "Author",
        cell: (f) => (f.commit ? { html: `<span title="${attr(f.commit.email)}">${html(f.commit.author)}</span>` } : { html: "" }),
      },
      {
        head: "Date",
        cls: "nowrap",
        cell: (f) => {
          const t = time(f);
          return Number.isFinite(t)
            ? { html: `<time datetime="${attr(f.commit!.date)}">${new Date(t).toISOString().slice(0, 10)}</time>`, sort: t }
            : { html: "", sort: "" };
        },
      },
    );
  }
  cols.push(
    { head: "Match", cell: (f) => ({ html: `<code class="match">${html(shown(f))}</code>` }) },
    {
      head: "Still present",
      cell: (_f, p) => ({ html: `<span class="present-${presentWord(p)}">${presentWord(p)}</span>`, sort: PRESENT_RANK[presentWord(p)] }),
    },
    { head: "Revoke", cell: (f) => ({ html: revokeHtml(f.revoke) }) },
  );
  if (ctx.verified) {
    cols.splice(1, 0, {
      head: "Verified",
      cell: (f) => {
        const v = f.verification;
        if (!v) return { html: "", sort: VERDICTS.length };
        const detail = [v.account, v.scopes?.join(", "), v.reason].filter(Boolean).join(" · ");
        return { html: `<span class="verdict-${v.verdict}">${html(VERDICT_LABEL[v.verdict])}</span>${detail ? `<span class="sub">${html(detail)}</span>` : ""}`, sort: VERDICTS.indexOf(v.verdict) };
      },
    });
  }
  return cols;
}

/** `findings` in display order: row i has the anchor f-(i+1), which the timeline's dots link to. */
function findingsTable(findings: Finding[], ctx: ReportContext, groups: ProviderGroup[]): string {
  const withCommits = findings.some((f) => f.commit);
  const cols = columns(ctx, withCommits);
  const rows = findings.map((f, i) => {
    const p = presence(f, ctx);
    const cells = cols.map((c) => {
      const { html: body, sort } = c.cell(f, p);
      return `<td${c.cls ? ` class="${c.cls}"` : ""}${sort !== undefined ? ` data-v="${attr(sort)}"` : ""}>${body}</td>`;
    });
    return `<tr id="f-${i + 1}" data-i="${i}" data-severity="${f.severity}" data-provider="${attr(f.provider)}" data-present="${presentWord(p)}"${f.verification ? ` data-verdict="${f.verification.verdict}"` : ""}>${cells.join("")}</tr>`;
  });
  const option = (v: string, label = v) => `<option value="${attr(v)}">${html(label)}</option>`;
  const controls = [
    `<div id="controls" hidden>`,
    `<label>Search<input id="filter-text" type="search" placeholder="file, rule, author, commit…" autocomplete="off"></label>`,
    `<label>Severity<select name="severity" id="filter-severity">${option("", "all")}${SEVERITIES.map((s) => option(s)).join("")}</select></label>`,
    `<label>Provider<select name="provider" id="filter-provider">${option("", "all")}${groups.map((g) => option(g.provider)).join("")}</select></label>`,
    `<label>Still present<select name="present" id="filter-present">${option("", "all")}${option("yes")}${option("no")}${
      findings.some((f) => presence(f, ctx) === undefined) ? option("unknown") : ""
    }</select></label>`,
    ...(ctx.verified ? [`<label>Verified<select name="verdict" id="filter-verdict">${option("", "all")}${VERDICTS.map((v) => option(v, VERDICT_LABEL[v])).join("")}</select></label>`] : []),
    `<button type="button" id="filter-reset">Reset</button>`,
    `<output id="shown" aria-live="polite"></output>`,
    `</div>`,
  ];
  return [
    ...controls,
    `<table id="findings-table"><thead><tr>${cols.map((c) => `<th scope="col">${html(c.head)}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join("\n");
}

function figures(findings: Finding[], ctx: ReportContext, groups: ProviderGroup[]): string {
  const present = groups.reduce((n, g) => n + g.present, 0);
  const removed = groups.reduce((n, g) => n + g.removed, 0);
  const unknown = findings.length - present - removed;
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const live = findings.filter((f) => f.verification?.verdict === "live").length;
  const items = [
    `<li><span class="n" id="count-total">${findings.length}</span>${findings.length === 1 ? "secret" : "secrets"}</li>`,
    ...(ctx.verified ? [`<li class="live"><span class="n" id="count-live">${live}</span>live ${live === 1 ? "key" : "keys"}</li>`] : []),
    `<li class="present"><span class="n" id="count-present">${present}</span>still present</li>`,
    ...(ctx.mode === "history" ? [`<li><span class="n" id="count-removed">${removed}</span>removed, still leaked</li>`] : []),
    ...(unknown ? [`<li><span class="n" id="count-unknown">${unknown}</span>presence unknown</li>`] : []),
    ...SEVERITIES.map((s) => `<li class="${s}"><span class="n" id="count-${s}">${count(s)}</span>${s} severity</li>`),
  ];
  const providerRows = groups.map((g) => {
    const n = (s: Severity) => g.findings.filter((f) => f.severity === s).length;
    return `<tr><td>${html(g.provider)}</td><td class="num">${g.findings.length}</td><td class="num">${g.present}</td>${SEVERITIES.map((s) => `<td class="num">${n(s)}</td>`).join("")}</tr>`;
  });
  return [
    `<ul class="figures">${items.join("")}</ul>`,
    `<h3>By provider</h3>`,
    `<table class="providers" id="providers"><thead><tr><th scope="col">Provider</th><th scope="col" class="num">Findings</th><th scope="col" class="num">Still present</th>${SEVERITIES.map((s) => `<th scope="col" class="num">${s[0]!.toUpperCase()}${s.slice(1)}</th>`).join("")}</tr></thead>`,
    `<tbody>${providerRows.join("")}</tbody></table>`,
  ].join("\n");
}

function scope(ctx: ReportContext): string {
  const s = ctx.stats;
  const what =
    ctx.mode === "history"
      ? `History scan of ${plural(s.commits ?? 0, "commit")} (${plural(s.files, "file change")}, ${formatBytes(s.bytes)} of added lines)`
      : ctx.mode === "staged"
        ? `Scan of the staged change (${plural(s.files, "file")}, ${formatBytes(s.bytes)})`
        : `Directory scan of ${plural(s.files, "file")} (${formatBytes(s.bytes)})`;
  const redaction = ctx.redact
    ? "Secrets are redacted: only a prefix is shown."
    : "<strong>This file contains full secrets (--no-redact): do not share it.</strong>";
  const p = ctx.place;
  const where = p
    ? `<p id="place">Repository <code>${html(p.repository)}</code>, ${p.commit ? `commit <code>${html(p.commit)}</code>` : "no commit yet"}, scanned <time datetime="${attr(p.scannedAt)}">${html(p.scannedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC"))}</time>.</p>`
    : "";
  return `<p>${what}, by scan-keys ${html(ctx.version)}. ${redaction}</p>${where}`;
}

function suppressedList(ctx: ReportContext): string {
  if (!ctx.suppressed?.length) return "";
  const items = ctx.suppressed.map(
    ({ finding: f, by }) => `<li><code>${html(f.path)}:${f.line}</code> <code>${html(f.ruleId)}</code> by ${html(by)}, fingerprint <code>${f.fingerprint}</code></li>`,
  );
  return `<h3>Suppressed findings</h3><ul>${items.join("")}</ul>`;
}

export function htmlReport(findings: Finding[], ctx: ReportContext): string {
  const groups = byProvider(findings, (f) => presence(f, ctx));
  const history = ctx.mode === "history";
  const sorted = ordered(findings, ctx);
  const points = sorted.map((f, i) => ({
    id: `f-${i + 1}`,
    time: time(f),
    present: presence(f, ctx),
    label: `${f.provider}: ${f.ruleId} in ${f.path}:${f.line}${f.commit ? `, ${f.commit.sha.slice(0, 12)} by ${f.commit.author}` : ""} (${PRESENT_LABEL[presentWord(presence(f, ctx))]})`,
  }));
  const csp = `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(CSS)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const body =
    findings.length === 0
      ? `<p id="clean">No secrets found.</p>`
      : [
          `<section id="summary"><h2>Summary</h2>`,
          figures(findings, ctx, groups),
          `</section>`,
          `<section id="when"><h2>When keys were introduced</h2>`,
          timelineSvg(points),
          `</section>`,
          `<section id="findings"><h2>Findings</h2>`,
          `<p class="muted">Still present first, then by severity and commit date. ${history ? "A removed key is still in history and live until it is rotated." : ""}</p>`,
          findingsTable(sorted, ctx, groups),
          `</section>`,
          `<section id="remediation"><h2>What to do, per provider</h2>`,
          remediationHtml(groups, history),
          `</section>`,
        ].join("\n");
  const title = findings.length === 0 ? "scan-keys audit: no secrets found" : `scan-keys audit: ${plural(findings.length, "secret")}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${html(title)}</h1>
${scope(ctx)}
</header>
<main>
${body}
<section id="details"><h2>Scan details</h2>
<pre>${summaryLines(findings, ctx.stats).map(html).join("\n")}</pre>
${suppressedList(ctx)}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
