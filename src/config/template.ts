// The starter config `scan-keys init` writes: every option, commented out,
// each with one line saying what it does. The first line points Taplo (and
// VS Code's Even Better TOML) at the JSON Schema the package ships; rule ids
// named here are real ones (test/init.test.ts checks).

export const STARTER_CONFIG = `#:schema ./node_modules/scan-keys/dist/scan-keys.schema.json
# scan-keys configuration. Every option is commented out: uncomment what you need.
# Reference: the "Configuration" section of the scan-keys README. Unknown keys are errors.
# Every pattern below is RE2 syntax (as in gitleaks and Go): no lookaround, no backreferences.

# Keep the built-in rules and add the [[rules]] below (true, the default), or use only yours (false).
# extend = true

# Turn off built-in rules by id (scan-keys rules lists them).
# disable = ["generic-password-assignment-unquoted"]

# A baseline (written by scan-keys baseline; it must exist) that every scan uses when --baseline is not given.
# baseline = ".scan-keys-baseline.json"

# Top-level keys go above this line: TOML puts every key after a [table] header into that table.

# Minimum Shannon entropy (bits per character, 0-8) a secret needs for a rule to report it.
# [entropy]
# "generic-secret-assignment" = 4.0

[allowlist]
# Files whose findings are suppressed (micromatch globs, relative to the repository root; still scanned and counted).
# paths = ["test/fixtures/**", "**/*.snap"]
# RE2 regular expressions ((?i) ignores case) on the secret: a matching secret is suppressed.
# regexes = ["^AKIA[0-9A-Z]{12}TEST$"]
# RE2 regular expressions on the whole source line: findings on a matching line are suppressed.
# lines = ["// fake key for tests"]
# Words that mark a secret as a placeholder: a secret containing one (any case) is suppressed.
# stopwords = ["sample", "testing"]

# A rule of your own, in the same format as the built-in rules (rules/*.toml in the scan-keys package).
# Its examples run every time the config loads; "~~" is removed from them first, so split example
# secrets with it (acme_live_12~~34...) and this file does not trip the scan itself.
# [[rules]]
# id = "acme-api-key"                       # lower-case letters, digits and dashes
# provider = "Acme"
# description = "Acme API key"
# regex = '\\b(acme_live_[A-Za-z0-9]{24})\\b' # RE2 regex; the secret is capture group 1 (or secretGroup)
# keywords = ["acme_live_"]                 # lower-case; the rule runs only where one occurs
# entropy = 3.0                             # optional minimum entropy of the secret
# severity = "high"                         # optional: high (default), medium or low
# judge = "secret"                          # optional, for values with no format of their own: "secret", "password"
#                                           # or "url" lets the generic judge set medium/low or drop look-alikes
# revoke = "https://acme.example/settings/api-keys"
# examples.match = ['ACME_KEY=acme_live_Zq3~~Xv8LmN2pR7tK4wY9bC1dF']
# examples.nomatch = ['ACME_KEY=acme_live_YOUR_KEY_HERE']
`;
