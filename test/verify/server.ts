// The local provider: checks each request against the documented shapes
// (providers.ts, plus AWS STS and Twilio, which are signed or two-part) and
// answers live, revoked or rate-limited as the test decides per secret.
import type { ServerResponse } from "node:http";
import { signV4 } from "../../src/verify/sigv4.js";
import { RATE_LIMITED, SHAPES, type Answer, type Shape } from "./providers.js";
// @ts-expect-error plain ESM helper shared with bench/bench-verify.mjs
import { makeCerts, startServer } from "../helpers/verify-tls.mjs";

export type Mode = "live" | "revoked" | "limited";

export interface Seen {
  method: string;
  host: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: string;
}

export interface Checked {
  host: string;
  /** The secret the request carried, where the provider expects it. */
  secret?: string;
  /** Everything about the request that differs from the documented shape (empty: it matched). */
  problems: string[];
}

const NAMED_HOSTS = ["sts.amazonaws.com", "api.twilio.com"];
/** Every host a verifier may send to, plus one a redirect may name. */
export const ALL_HOSTS = [...new Set([...SHAPES.map((s) => s.host), ...NAMED_HOSTS, "elsewhere.example"])];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function extract(template: string, actual: string | undefined, decode = false): string | undefined {
  if (actual === undefined) return undefined;
  const m = new RegExp(`^${escape(template).replace(/\\\$S/g, "(.+)")}$`).exec(actual);
  if (!m) return undefined;
  return decode ? decodeURIComponent(m[1]!) : m[1]!;
}
const header = (seen: Seen, name: string) => {
  const v = seen.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
};

/** The secret in every form a request could carry it. */
const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")];

/** Headers other than `allowed` must not hold the secret in any form; nor may they name anything but the request. */
function nowhereElse(seen: Seen, secret: string, allowed: string[], problems: string[]): void {
  for (let i = 0; i < seen.rawHeaders.length; i += 2) {
    const name = seen.rawHeaders[i]!.toLowerCase();
    if (allowed.includes(name)) continue;
    if (forms(secret).some((f) => seen.rawHeaders[i + 1]!.includes(f))) problems.push(`the secret is also in the ${name} header`);
  }
}

function checkShape(shape: Shape, seen: Seen): Checked {
  const problems: string[] = [];
  if (seen.method !== shape.method) problems.push(`method ${seen.method}, documented ${shape.method}`);
  let secret: string | undefined;
  // The headers the secret may be in: those the provider documents it in.
  const allowed = new Set<string>();
  const take = (s: string | undefined, where: string) => {
    if (s === undefined) return problems.push(`no secret where the provider expects it (${where})`);
    if (secret !== undefined && s !== secret) problems.push(`two different secrets (${where})`);
    secret = s;
  };
  if (shape.path.includes("$S")) take(extract(shape.path, seen.url, true), "path");
  else if (seen.url !== shape.path) problems.push(`path ${seen.url}, documented ${shape.path}`);
  for (const [name, template] of Object.entries(shape.headers ?? {})) {
    if (template.includes("$S")) allowed.add(name);
    if (template.includes("$S")) take(extract(template, header(seen, name)), `${name} header`);
    else if (header(seen, name) !== template) problems.push(`${name}: ${header(seen, name)}, documented ${template}`);
  }
  if (shape.basic) {
    allowed.add("authorization");
    const auth = header(seen, "authorization") ?? "";
    const decoded = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString("utf8") : undefined;
    take(extract(`${shape.basic[0]}:${shape.basic[1]}`, decoded), "basic auth");
  }
  const expectedBody = shape.body ?? "";
  if (seen.body !== (secret ? expectedBody.split("$S").join(secret) : expectedBody)) problems.push(`body ${JSON.stringify(seen.body.slice(0, 80))}, documented ${JSON.stringify(expectedBody)}`);
  if (secret) {
    nowhereElse(seen, secret, [...allowed], problems);
    if (!shape.path.includes("$S") && forms(secret).some((f) => seen.url.includes(f))) problems.push("the secret is also in the path");
  }
  return { host: shape.host, ...(secret ? { secret } : {}), problems };
}

/** AWS STS GetCallerIdentity, SigV4-signed with the planted secret access key. */
function checkSts(seen: Seen, awsSecrets: Map<string, string>): Checked {
  const problems: string[] = [];
  if (seen.method !== "POST" || seen.url !== "/") problems.push(`${seen.method} ${seen.url}, documented POST /`);
  if (seen.body !== "Action=GetCallerIdentity&Version=2011-06-15") problems.push(`body ${seen.body}`);
  const type = header(seen, "content-type");
  if (type !== "application/x-www-form-urlencoded; charset=utf-8") problems.push(`content-type ${type}`);
  const date = header(seen, "x-amz-date") ?? "";
  const m = /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]{20})\/(\d{8})\/us-east-1\/sts\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=([0-9a-f]{64})$/.exec(header(seen, "authorization") ?? "");
  if (!m || !/^\d{8}T\d{6}Z$/.test(date) || m[2] !== date.slice(0, 8)) return { host: "sts.amazonaws.com", problems: [...problems, `authorization ${header(seen, "authorization")}`] };
  const keyId = m[1]!;
  const secretKey = awsSecrets.get(keyId);
  if (!secretKey) return { host: "sts.amazonaws.com", problems: [...problems, "an access key id that was not planted"] };
  const expected = signV4({ method: "POST", host: "sts.amazonaws.com", path: "/", body: seen.body, region: "us-east-1", service: "sts", accessKeyId: keyId, secretAccessKey: secretKey, amzDate: date, headers: { "content-type": type ?? "" } });
  if (expected.Authorization !== header(seen, "authorization")) problems.push("the signature does not verify");
  for (const f of forms(secretKey)) if (JSON.stringify(seen).includes(f)) problems.push("the secret access key itself was sent");
  return { host: "sts.amazonaws.com", secret: keyId, problems };
}

function checkTwilio(seen: Seen): Checked {
  const problems: string[] = [];
  const m = /^\/2010-04-01\/Accounts\/(AC[a-f0-9]{32})\.json$/.exec(seen.url);
  if (seen.method !== "GET" || !m) return { host: "api.twilio.com", problems: [`${seen.method} ${seen.url}`] };
  const auth = header(seen, "authorization") ?? "";
  const decoded = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString("utf8") : "";
  const [sid, token] = decoded.split(":");
  if (sid !== m[1]) problems.push("basic auth user is not the Account SID of the path");
  if (!token) return { host: "api.twilio.com", problems: [...problems, "no auth token"] };
  if (seen.body !== "") problems.push("a body");
  nowhereElse(seen, token, ["authorization"], problems);
  return { host: "api.twilio.com", secret: token, problems };
}

export function check(seen: Seen, awsSecrets: Map<string, string>): Checked & { shape?: Shape } {
  const host = seen.host.replace(/:\d+$/, "");
  if (host === "sts.amazonaws.com") return checkSts(seen, awsSecrets);
  if (host === "api.twilio.com") return checkTwilio(seen);
  const candidates = SHAPES.filter((s) => s.host === host);
  if (candidates.length === 0) return { host, problems: [`a request to ${host}, which no verifier names`] };
  // Several shapes share a host: the one whose path fits.
  const results = candidates.map((s) => ({ ...checkShape(s, seen), shape: s }));
  return results.find((r) => r.problems.length === 0) ?? results.find((r) => !r.problems.some((p) => p.startsWith("path"))) ?? results[0]!;
}

const STS_LIVE = '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/deploy</Arn><UserId>AIDAEXAMPLEUSERID</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const STS_REVOKED = '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>0</RequestId></ErrorResponse>';

function answerFor(host: string, shape: Shape | undefined, mode: Mode): Answer {
  if (mode === "limited") return RATE_LIMITED;
  if (host === "sts.amazonaws.com") return mode === "live" ? { status: 200, headers: { "Content-Type": "text/xml" }, body: STS_LIVE } : { status: 403, headers: { "Content-Type": "text/xml" }, body: STS_REVOKED };
  if (host === "api.twilio.com") {
    return mode === "live"
      ? { status: 200, body: JSON.stringify({ sid: "see-path", friendly_name: "Acme", status: "active", type: "Full" }) }
      : { status: 401, body: JSON.stringify({ code: 20003, message: "Authenticate", status: 401 }) };
  }
  return mode === "live" ? shape!.live : shape!.revoked;
}

export function send(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status, { "Content-Type": "application/json", ...(a.headers ?? {}) });
  res.end(a.body);
}

export interface Provider {
  port: number;
  caPath: string;
  env: NodeJS.ProcessEnv;
  /** Every request checked, in arrival order. */
  log: Checked[];
  close(): Promise<void>;
}

/**
 * Starts the local provider. `modeOf` picks the answer for a secret;
 * `awsSecrets` maps planted access key ids to their secret keys.
 */
export async function startProvider(modeOf: (secret: string) => Mode, awsSecrets = new Map<string, string>()): Promise<Provider> {
  const certs = makeCerts(ALL_HOSTS);
  const log: Checked[] = [];
  const server = await startServer(certs, (seen: Seen, res: ServerResponse) => {
    const c = check(seen, awsSecrets);
    log.push({ host: c.host, ...(c.secret ? { secret: c.secret } : {}), problems: c.problems });
    if (c.problems.length > 0 || !c.secret) return send(res, { status: 400, body: JSON.stringify({ problems: c.problems }) });
    send(res, answerFor(c.host, c.shape, modeOf(c.secret)));
  });
  return {
    port: server.port,
    caPath: certs.caPath,
    env: { SCAN_KEYS_VERIFY_TEST_ADDRESS: `127.0.0.1:${server.port}`, NODE_EXTRA_CA_CERTS: certs.caPath },
    log,
    async close() {
      await server.close();
      certs.remove();
    },
  };
}
