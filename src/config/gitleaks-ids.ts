// gitleaks' default rules and scan-keys' built-in rules often name the same
// kind of key differently. When a .gitleaks.toml that extends the defaults
// names one of gitleaks' ids (in disabledRules, targetRules, or a [[rules]]
// table that only adds an allowlist), it means the built-in rules below.
// Ids the two sets share (slack-bot-token, jwt, ...) need no entry. A
// counterpart this build lacks is skipped quietly: the user did not name it.

export const GITLEAKS_ID_ALIASES: Readonly<Record<string, readonly string[]>> = {
  "generic-api-key": [
    "generic-secret-assignment",
    "generic-secret-assignment-unquoted",
    "generic-password-assignment",
    "generic-password-assignment-unquoted",
    "generic-key-assignment",
    "generic-escaped-text-secret",
  ],
  "aws-access-token": ["aws-access-key-id"],
  "gcp-api-key": ["google-api-key"],
  "github-pat": ["github-personal-access-token"],
  "github-oauth": ["github-oauth-token"],
  "github-app-token": ["github-user-to-server-token", "github-app-installation-token"],
  "gitlab-pat": ["gitlab-personal-access-token"],
  "openai-api-key": ["openai-legacy-key", "openai-project-key", "openai-service-account-key", "openai-admin-key"],
  "stripe-access-token": ["stripe-live-secret-key", "stripe-live-restricted-key", "stripe-test-secret-key"],
  "sendgrid-api-token": ["sendgrid-api-key"],
  "private-key": [
    "private-key-rsa",
    "private-key-ec",
    "private-key-dsa",
    "private-key-openssh",
    "private-key-openssh-encrypted",
    "private-key-pkcs8",
    "private-key-pkcs8-encrypted",
    "private-key-pem-encrypted",
    "pgp-private-key-block",
    "putty-private-key",
  ],
};
