// Verifiers in code, for credentials one template cannot test: two parts
// found apart (an AWS key id and its secret key, a Twilio Account SID and
// its auth token) or a request that must be signed. Each sends one read-only
// request to its provider's own host (named-hosts.ts) and cites the page
// that documents it.

import type { Finding } from "../engine/types.js";
import { NAMED_HOSTS } from "./named-hosts.js";
import { BASE_HEADERS, generalStatus } from "./request.js";
import { amzDate, signV4 } from "./sigv4.js";
import type { Verification, VerifyRequest, VerifyResponse } from "./types.js";

/** A named verifier made ready for one finding: the key that identifies the credential, its request and how to read the answer. */
export interface Prepared {
  /** Identifies the credential (all its parts), so each is verified once; never printed. */
  key: string;
  /** Findings of the other parts: they get the same verdict. */
  partners: Finding[];
  build(now: Date): VerifyRequest;
  read(res: VerifyResponse): Verification;
}

export interface NamedVerifier {
  host: string;
  /** The request for `f`, with `near` (the findings of the same file and commit) for its other part; or why it cannot be built. */
  prepare(f: Finding, near: Finding[], docs: string): Prepared | { reason: string };
}

/** The nearest finding of one of `ruleIds` by line: the part written next to this one. */
function nearest(f: Finding, near: Finding[], ruleIds: string[]): Finding | undefined {
  let best: Finding | undefined;
  for (const n of near) {
    if (n === f || !ruleIds.includes(n.ruleId)) continue;
    if (!best || Math.abs(n.line - f.line) < Math.abs(best.line - f.line)) best = n;
  }
  return best;
}

const xmlField = (body: string, name: string): string | undefined => new RegExp(`<${name}>([^<]{1,300})</${name}>`).exec(body)?.[1];

/** STS GetCallerIdentity: works for any valid key whatever its permissions, and names the caller. */
const awsSts: NamedVerifier = {
  host: NAMED_HOSTS["aws-sts"]!,
  prepare(f, near, docs) {
    const idFinding = f.ruleId === "aws-secret-access-key" ? nearest(f, near, ["aws-access-key-id"]) : f;
    const secretFinding = f.ruleId === "aws-secret-access-key" ? f : nearest(f, near, ["aws-secret-access-key"]);
    if (!idFinding || !secretFinding) return { reason: "an AWS key needs its other part (access key id and secret access key) in the same file" };
    const keyId = idFinding.secret;
    if (keyId.startsWith("ASIA")) return { reason: "temporary AWS credentials (ASIA…) need their session token" };
    const secret = secretFinding.secret;
    return {
      key: `aws\0${keyId}\0${secret}`,
      partners: [f === idFinding ? secretFinding : idFinding],
      build(now) {
        const body = "Action=GetCallerIdentity&Version=2011-06-15";
        const host = NAMED_HOSTS["aws-sts"]!;
        const signed = signV4({
          method: "POST", host, path: "/", body, region: "us-east-1", service: "sts", accessKeyId: keyId, secretAccessKey: secret, amzDate: amzDate(now),
          headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        });
        return { method: "POST", host, path: "/", headers: { ...BASE_HEADERS, Accept: "text/xml", ...signed }, body };
      },
      read(res) {
        if (res.status === 200) {
          const arn = xmlField(res.body, "Arn");
          return { verdict: "live", ...(arn ? { account: arn } : {}), docs };
        }
        const code = xmlField(res.body, "Code");
        if (res.status === 403 && (code === "InvalidClientTokenId" || code === "ExpiredToken")) return { verdict: "revoked", docs };
        // The key id exists, but the secret key found near it does not sign for it: it may be another key's.
        if (res.status === 403 && code === "SignatureDoesNotMatch") return { verdict: "unknown", reason: "the secret access key found beside this key id does not match it", docs };
        return { verdict: "unknown", reason: generalStatus(res) ?? `unexpected answer (HTTP ${res.status}${code ? ` ${code.slice(0, 60)}` : ""})`, docs };
      },
    };
  },
};

const ACCOUNT_SID = /AC[a-f0-9]{32}/;

/** Twilio: the auth token with its Account SID (written beside it), as HTTP basic auth on the account's own resource. */
const twilio: NamedVerifier = {
  host: NAMED_HOSTS.twilio!,
  prepare(f, near, docs) {
    const sid = [f.match ?? "", f.lineText, ...near.filter((n) => Math.abs(n.line - f.line) <= 5).map((n) => n.lineText)].map((t) => ACCOUNT_SID.exec(t)?.[0]).find((s) => s);
    if (!sid) return { reason: "a Twilio auth token needs its Account SID (AC…) near it" };
    return {
      key: `twilio\0${sid}\0${f.secret}`,
      partners: [],
      build() {
        const auth = Buffer.from(`${sid}:${f.secret}`).toString("base64");
        return { method: "GET", host: NAMED_HOSTS.twilio!, path: `/2010-04-01/Accounts/${sid}.json`, headers: { ...BASE_HEADERS, Authorization: `Basic ${auth}` } };
      },
      read(res) {
        if (res.status === 401) return { verdict: "revoked", docs };
        if (res.status !== 200) return { verdict: "unknown", reason: generalStatus(res) ?? `unexpected answer (HTTP ${res.status})`, docs };
        let j: Record<string, unknown> = {};
        try {
          j = JSON.parse(res.body) as Record<string, unknown>;
        } catch {
          // the status decides; the name is a bonus
        }
        const name = typeof j.friendly_name === "string" ? ` (${j.friendly_name.slice(0, 100)})` : "";
        const status = typeof j.status === "string" ? [j.status.slice(0, 40)] : undefined;
        if (j.status === "closed" || j.status === "suspended") return { verdict: "revoked", account: `${sid}${name}`, docs };
        return { verdict: "live", account: `${sid}${name}`, ...(status ? { scopes: [`account ${status[0]}`, ...(typeof j.type === "string" ? [j.type.slice(0, 40)] : [])] } : {}), docs };
      },
    };
  },
};

export const NAMED: Record<string, NamedVerifier> = { "aws-sts": awsSts, twilio };
