// The ignore file and the baseline both suppress by fingerprint (a hash of
// rule id and secret): stable when a line moves, different for a new secret.
import type { Finding } from "../engine/types.js";

export function inFingerprints(finding: Finding, fingerprints: ReadonlySet<string> | undefined): boolean {
  return fingerprints !== undefined && fingerprints.has(finding.fingerprint);
}
