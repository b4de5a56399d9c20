// AWS Signature Version 4, the signing AWS documents for every API
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
// with node:crypto. Only what a verifier needs: one request, headers signed,
// no chunked payloads.

import { createHash, createHmac } from "node:crypto";

const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string): Buffer => createHmac("sha256", key).update(s, "utf8").digest();

/** RFC 3986 encoding, as SigV4's canonical query wants it. */
const uriEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignInput {
  method: string;
  host: string;
  path: string;
  /** Query parameters, unencoded. */
  query?: [string, string][];
  /** Headers to sign besides host and x-amz-date (lower-case names). */
  headers?: Record<string, string>;
  body: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** yyyymmddThhmmssZ */
  amzDate: string;
}

/** The headers to send: x-amz-date and Authorization, plus the given ones. */
export function signV4(i: SignInput): Record<string, string> {
  const headers: Record<string, string> = { ...(i.headers ?? {}), host: i.host, "x-amz-date": i.amzDate };
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]!.trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const query = (i.query ?? [])
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [i.method, i.path, query, canonicalHeaders, signedHeaders, sha256(i.body)].join("\n");
  const date = i.amzDate.slice(0, 8);
  const scope = `${date}/${i.region}/${i.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", i.amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${i.secretAccessKey}`, date), i.region), i.service), "aws4_request");
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  const out: Record<string, string> = { ...(i.headers ?? {}), "X-Amz-Date": i.amzDate };
  out.Authorization = `AWS4-HMAC-SHA256 Credential=${i.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return out;
}

/** 2026-01-02T03:04:05.678Z → 20260102T030405Z */
export const amzDate = (d: Date): string => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
