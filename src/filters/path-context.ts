// Path context: documentation examples and the test fixtures of vendored
// packages are full of sample credentials ("This-is-my-password", sample
// JWTs, sample KMS ciphertexts in aws-sdk's *.examples.json). There a
// generic-looking finding (a secret-like name with a random-looking value, a
// bare JWT) is far more likely a sample than a leak, so it is suppressed,
// counted and listed like every other suppression (--show-suppressed). A key
// in a provider's real format (AKIA…, ghp_…, sk-ant-…) is reported wherever
// it is: a live key pasted into an example is still a leak.

import type { Finding } from "../engine/types.js";

/** Directories that hold other people's code. */
const VENDORED = new Set(["node_modules", "bower_components", "jspm_packages", "vendor", "third_party", "third-party", "site-packages", "dist-packages", ".yarn"]);
/** Directories of documentation, samples and tests inside a package. */
const DOC_DIRS = new Set([
  "doc", "docs", "documentation", "example", "examples", "sample", "samples", "demo", "demos",
  "test", "tests", "__tests__", "spec", "specs", "fixtures", "__fixtures__", "testdata", "test-data", "__mocks__",
]);
/** Files that are documentation wherever they are (the AWS SDKs' API usage examples). */
const DOC_FILE = /\.examples?\.json$/i;
/** Inside a vendored package: prose and type declarations (their comments carry usage examples). */
const VENDORED_DOC_FILE = /\.(?:d\.ts|d\.mts|d\.cts|md|markdown|mdx|rst|txt)$/i;

/** True when `path` is documentation or a test fixture (see above). */
export function isDocumentationPath(path: string): boolean {
  if (DOC_FILE.test(path)) return true;
  const parts = path.split("/");
  const vendoredAt = parts.findIndex((p) => VENDORED.has(p));
  if (vendoredAt < 0) return false;
  if (VENDORED_DOC_FILE.test(path)) return true;
  for (let i = vendoredAt + 1; i < parts.length - 1; i++) if (DOC_DIRS.has(parts[i]!.toLowerCase())) return true;
  return false;
}

/** Generic-looking: found by a secret-like name or a token's structure, not by a provider's key format. */
export function isGenericFinding(f: Finding): boolean {
  return f.ruleId.startsWith("generic-") || f.ruleId === "jwt" || f.provider === "Generic";
}

/** True when a finding is a generic-looking one in documentation or a vendored test fixture. */
export function isDocumentationSample(f: Finding): boolean {
  return isGenericFinding(f) && isDocumentationPath(f.path);
}
