// What a verifier is (data on a rule, or a named one in code) and what it
// answers. Plain data: it crosses from rules/*.toml through the build into
// the verify room, and the verdict travels on the Finding into every report.

export { VERDICTS, type VerdictName, type Verification } from "../engine/types.js";
import type { Verification } from "../engine/types.js";

/**
 * A rule's `verify` table (rules/*.toml). Either one request described as
 * data, or `named`: a verifier in code (verify/named.ts) for keys that need
 * two parts or a signature. `{secret}` in a template is the finding's secret.
 */
export interface VerifySpec {
  /** A code verifier's name (verify/named.ts); the other request fields are then not used. */
  named?: string;
  /** HTTPS URL on the provider's own host; `{secret}` may appear in the path. */
  url?: string;
  /** GET (default), POST or HEAD. */
  method?: string;
  /** Request headers; values are templates (`Bearer {secret}`). */
  headers?: Record<string, string>;
  /** HTTP basic auth: [user, password], templates. */
  basic?: [string, string];
  /** Query parameters appended to the URL; values are templates. */
  query?: Record<string, string>;
  /** A JSON body (POST); string values are templates. */
  json?: Record<string, unknown>;
  /** A form body (application/x-www-form-urlencoded); values are templates. */
  form?: Record<string, string>;
  /** Statuses meaning the key works (default [200]). */
  live?: number[];
  /** Statuses meaning the key is invalid, revoked or expired (default [401, 403]). */
  revoked?: number[];
  /**
   * `json:field=value`: a revoked status counts as revoked only when the answer
   * says so (ElevenLabs and Figma refuse a key that lacks a permission with the
   * same status as an invalid one); any other refusal reads as unknown.
   */
  revokedWhen?: string;
  /** A JSON field that must be true for a live status to count (Slack answers 200 with ok=false), or `field=value` that must hold that value (another value: revoked). */
  okField?: string;
  /** Where the account is named: `json:a.b`, `header:name`. */
  account?: string;
  /** Where the scopes are listed: `json:a.b` (array or string), `header:name` (comma list), `const:words`. */
  scopes?: string;
  /** The provider documentation page for this request. */
  docs: string;
}

/** One request, ready to send: everything the network code needs and nothing else. */
export interface VerifyRequest {
  method: string;
  host: string;
  /** Path and query, starting with `/`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What came back, as far as a verdict needs it. */
export interface VerifyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
