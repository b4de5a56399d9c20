// "What to do" for the HTML report: one block per provider that has
// findings, with where to revoke each kind of key, since when it was exposed,
// and how many are still in the code. The steps reuse the CI reporters'
// remediation text (sarif.ts remediationLines) so every report gives the
// same advice.

import type { Finding } from "../engine/types.js";
import { html, revokeHtml } from "./html-escape.js";
import { remediationLines } from "./sarif.js";
import { plural } from "./units.js";

/** Providers whose keys are not revoked on a web page: what to do instead. */
const EXTRA: Record<string, string> = {
  "Private key":
    "A private key cannot be revoked in one place: replace it everywhere it is trusted (servers, deploy keys, certificates) and issue a new one.",
  "Sensitive file":
    "The file itself was committed: rotate every credential it holds, delete it from the repository and add its name to .gitignore.",
  Generic:
    "The value was found by its name and randomness, not by a provider's key format: find which service issued it, then revoke it there.",
};

export interface ProviderGroup {
  provider: string;
  findings: Finding[];
  present: number;
  /** Known to be gone from the code (history findings no longer in HEAD). */
  removed: number;
}

/** Findings by provider, providers with secrets still present first, then by count. */
export function byProvider(findings: Finding[], isPresent: (f: Finding) => boolean | undefined): ProviderGroup[] {
  const groups = new Map<string, ProviderGroup>();
  for (const f of findings) {
    const g = groups.get(f.provider) ?? { provider: f.provider, findings: [], present: 0, removed: 0 };
    g.findings.push(f);
    const p = isPresent(f);
    if (p === true) g.present++;
    else if (p === false) g.removed++;
    groups.set(f.provider, g);
  }
  return [...groups.values()].sort(
    (a, b) => b.present - a.present || b.findings.length - a.findings.length || a.provider.localeCompare(b.provider),
  );
}

function earliest(findings: Finding[]): string | undefined {
  const dates = findings.map((f) => (f.commit ? Date.parse(f.commit.date) : NaN)).filter(Number.isFinite);
  return dates.length ? new Date(dates.reduce((a, b) => Math.min(a, b))).toISOString().slice(0, 10) : undefined;
}

function providerBlock(g: ProviderGroup, history: boolean): string {
  // Each kind of key (rule) the provider has here, with its own revoke place.
  const kinds = new Map<string, { description: string; revoke: string; n: number }>();
  for (const f of g.findings) {
    const k = kinds.get(f.ruleId) ?? { description: f.description, revoke: f.revoke, n: 0 };
    k.n++;
    kinds.set(f.ruleId, k);
  }
  const revokeItems = [...kinds].map(
    ([id, k]) => `<li><strong>${html(k.description)}</strong> (<code>${html(id)}</code>, ${plural(k.n, "finding")}): ${revokeHtml(k.revoke)}</li>`,
  );
  const since = earliest(g.findings);
  const [, moveOut, falsePositive] = remediationLines("");
  const gone = g.removed;
  const steps = [
    `<li>Revoke or rotate ${g.findings.length === 1 ? "the key" : "every key"} now. A key that reached git is leaked, even after the line is deleted${
      history && gone > 0 ? ` (${plural(gone, "finding")} here ${gone === 1 ? "is" : "are"} no longer in the code, and still live until rotated)` : ""
    }:<ul>${revokeItems.join("")}</ul></li>`,
    ...(since ? [`<li>Check the provider's usage or audit logs for use of these keys since ${html(since)}, when the first one was committed.</li>`] : []),
    ...(EXTRA[g.provider] ? [`<li>${html(EXTRA[g.provider]!)}</li>`] : []),
    `<li>${html(moveOut!)}${g.present ? ` ${plural(g.present, "finding")} ${g.present === 1 ? "is" : "are"} still present.` : ""}</li>`,
    `<li>${html(falsePositive!)}</li>`,
  ];
  return `<section class="provider"><h3>${html(g.provider)} <span class="count">${plural(g.findings.length, "finding")}</span></h3><ol>${steps.join("")}</ol></section>`;
}

export function remediationHtml(groups: ProviderGroup[], history: boolean): string {
  const cmd = history ? "scan-keys baseline --history --all" : "scan-keys baseline";
  const accepted =
    `<p>When every key is rotated, record the findings you accept (rotated keys that stay in history, false positives) so later scans report only new ones: ` +
    `<code>${cmd}</code> writes <code>.scan-keys-baseline.json</code> (fingerprints only, never a secret); commit it and scan with ` +
    `<code>--baseline .scan-keys-baseline.json</code>, or set <code>baseline = ".scan-keys-baseline.json"</code> in <code>.scan-keys.toml</code>.</p>`;
  return `${groups.map((g) => providerBlock(g, history)).join("\n")}\n${accepted}`;
}
