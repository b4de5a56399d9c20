// Redaction keeps enough of a secret to recognise it (its provider prefix and
// a few characters) and never enough to use it.


const PREFIX = /^[A-Za-z0-9]{1,12}[-_.$]([A-Za-z0-9]{1,12}[-_.$])?/;

/** What a secret hidden whole (--redact, --redact=100) shows. */
export const REDACTED = "REDACTED";

/**
 * The secret as reports show it. `hidePercent` (gitleaks' --redact=N) hides
 * at least that share of it; it never shows more than the prefix rule does.
 */
export function redactSecret(secret: string, hidePercent = 0): string {
  const cap = Math.floor((secret.length * (100 - hidePercent)) / 100);
  const cut = (s: string, n: number, gap: string) => (Math.min(n, cap) <= 0 ? REDACTED : n <= cap ? `${s.slice(0, n)}${gap}` : `${s.slice(0, cap)}…`);
  if (secret.includes("\n")) {
    // Multi-line secrets (PEM blocks): the header names the kind of key.
    const first = secret.split(/\r?\n/, 1)[0]!.trim();
    return first.startsWith("-----BEGIN") ? cut(first, first.length, " …") : cut(first, 4, "…");
  }
  const prefix = PREFIX.exec(secret)?.[0].length ?? 0;
  // Visible: the prefix plus 4 characters, but never more than a quarter of the random part.
  const visible = prefix + Math.min(4, Math.floor((secret.length - prefix) / 4));
  return cut(secret, visible, "…");
}

/** Short stable hash of rule and secret: identifies a finding without revealing it. */
let createHash: typeof import("node:crypto").createHash | undefined;

export function fingerprintOf(ruleId: string, secret: string): string {
  // Loaded on the first finding: a clean pre-commit run never pays for crypto.
  createHash ??= process.getBuiltinModule("node:crypto").createHash;
  return createHash("sha256").update(ruleId).update("\0").update(secret).digest("hex").slice(0, 16);
}
