// Keys that providers publish as documentation or test samples. They have
// the real format and real entropy, so no heuristic can tell them from a
// leaked key; they are allowed by exact value, for every rule (a generic rule
// sees them as `api_key = "…"`). Each group names where the values come from.

const SAMPLES: readonly string[] = [
  // Firebase Android SDK (github.com/firebase/firebase-android-sdk): sample
  // google-services.json values and test resources; every checkout of the SDK
  // and of apps that vendor its samples holds them. gitleaks allows the same list.
  "AIzaSyabcdefghijklmnopqrstuvwxyz1234567",
  "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
  "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
  "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
  "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0",
  "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
  "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c",
  "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
  "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
  "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
  "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ",
  "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
  "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU",
  "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
  "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
  "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
  // 1Password's documented sample service-account token (quoted by secretlint's
  // 1Password rule): the JWK "k" of its "muk" member.
  "M8VPfIc8VEfThcMXLaKCKF8sMh5JMZsPAtu92fQNb-o",
  // RFC 6455 (WebSocket), section 1.3: the sample Sec-WebSocket-Key nonce.
  "dGhlIHNhbXBsZSBub25jZQ==",
];

const SET = new Set(SAMPLES);

/** True when `secret` is a provider's published sample key (exact value). */
export function isPublishedSample(secret: string): boolean {
  return SET.has(secret);
}
