// Redaction keeps enough of a secret to recognise it (its provider prefix and
// a few characters) and never enough to use it.


const PREFIX = /^[A-Za-z0-9]{1,12}[-_.$]([A-Za-z0-9]{1,12}[-_.$])?/;

export function redactSecret(secret: string): string {
  if (secret.includes("\n")) {
    // Multi-line secrets (PEM blocks): the header names the kind of key.
    const first = secret.split(/\r?\n/, 1)[0]!.trim();
    return first.startsWith("-----BEGIN") ? `${first} …` : `${first.slice(0, 4)}…`;
  }
  const prefix = PREFIX.exec(secret)?.[0].length ?? 0;
  // Visible: the prefix plus 4 characters, but never more than a quarter of the random part.
  const visible = prefix + Math.min(4, Math.floor((secret.length - prefix) / 4));
  return `${secret.slice(0, visible)}…`;
}

/** Short stable hash of rule and secret: identifies a finding without revealing it. */
let createHash: typeof import("node:crypto").createHash | undefined;

export function fingerprintOf(ruleId: string, secret: string): string {
  // Loaded on the first finding: a clean pre-commit run never pays for crypto.
  createHash ??= process.getBuiltinModule("node:crypto").createHash;
  return createHash("sha256").update(ruleId).update("\0").update(secret).digest("hex").slice(0, 16);
}
