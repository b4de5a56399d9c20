// A data verifier's request for one secret, and how its answer reads as a
// verdict. Pure: the network code (verify/https.ts) sends what this builds.

import type { Verification, VerifyRequest, VerifyResponse, VerifySpec } from "./types.js";
import { VERSION } from "../version.js";

/** The headers every verifier request carries: nothing about the scan, no other secret. */
export const BASE_HEADERS = { "User-Agent": `scan-keys/${VERSION} (key verification)`, Accept: "application/json" };

const fill = (template: string, secret: string): string => template.split("{secret}").join(secret);

function fillJson(v: unknown, secret: string): unknown {
  if (typeof v === "string") return fill(v, secret);
  if (Array.isArray(v)) return v.map((x) => fillJson(x, secret));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillJson(x, secret)]));
  return v;
}

export function buildRequest(spec: VerifySpec, secret: string): VerifyRequest {
  // The secret goes into the path escaped: it cannot add a segment or a query.
  const url = new URL(spec.url!.split("{secret}").join(encodeURIComponent(secret)));
  for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.append(k, fill(v, secret));
  const headers: Record<string, string> = { ...BASE_HEADERS };
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k] = fill(v, secret);
  if (spec.basic) headers.Authorization = `Basic ${Buffer.from(`${fill(spec.basic[0], secret)}:${fill(spec.basic[1], secret)}`).toString("base64")}`;
  let body: string | undefined;
  if (spec.json) {
    body = JSON.stringify(fillJson(spec.json, secret));
    headers["Content-Type"] = "application/json";
  } else if (spec.form) {
    body = new URLSearchParams(Object.entries(spec.form).map(([k, v]) => [k, fill(v, secret)])).toString();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  return { method: spec.method ?? "GET", host: url.hostname, path: `${url.pathname}${url.search}`, headers, ...(body !== undefined ? { body } : {}) };
}

function header(res: VerifyResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(", ") : v;
}

function jsonAt(body: unknown, path: string): unknown {
  let v = body;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = Array.isArray(v) && /^\d+$/.test(part) ? v[Number(part)] : (v as Record<string, unknown>)[part];
  }
  return v;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + 1)];
}

function parsed(res: VerifyResponse): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/** A field's value as words: a string, a number, or a list of them. Capped so a hostile answer cannot flood a report. */
function read(where: string, res: VerifyResponse, json: () => unknown): string[] | undefined {
  const colon = where.indexOf(":");
  const kind = where.slice(0, colon);
  const name = where.slice(colon + 1);
  let v: unknown;
  if (kind === "const") return name.split(",").map((w) => w.trim()).filter(Boolean);
  if (kind === "header") v = header(res, name);
  else v = jsonAt(json(), name);
  const words =
    typeof v === "string" ? v.split(/[,\s]+/) : typeof v === "number" || typeof v === "boolean" ? [String(v)] : Array.isArray(v) ? v.filter((x) => typeof x === "string" || typeof x === "number").map(String) : [];
  const out = words.map((w) => w.trim()).filter((w) => w.length > 0).slice(0, 50).map((w) => w.slice(0, 200));
  return out.length > 0 ? out : undefined;
}

/** Reads the answer: statuses first, then the ok field, then account and scopes. */
export function interpret(spec: VerifySpec, res: VerifyResponse): Verification {
  const live = spec.live ?? [200];
  const revoked = spec.revoked ?? [401, 403];
  let json: unknown;
  let jsonRead = false;
  const body = () => (jsonRead ? json : ((jsonRead = true), (json = parsed(res))));
  const other = generalStatus(res);
  if (revoked.includes(res.status)) {
    if (spec.revokedWhen === undefined) return { verdict: "revoked", docs: spec.docs };
    const [path, want] = splitOnce(spec.revokedWhen.slice("json:".length), "=");
    const said = jsonAt(body(), path);
    if ((typeof said === "string" || typeof said === "boolean" || typeof said === "number") && String(said) === want) return { verdict: "revoked", docs: spec.docs };
    // Refused, but not as an invalid key: a missing permission or a quota, so the key may well work.
    const why = typeof said === "string" && /^[\w .:-]{1,60}$/.test(said) ? ` (${said})` : "";
    return { verdict: "unknown", reason: `refused (HTTP ${res.status})${why}, but not as an invalid key`, docs: spec.docs };
  }
  if (!live.includes(res.status)) return { verdict: "unknown", reason: other ?? `unexpected answer (HTTP ${res.status})`, docs: spec.docs };
  if (spec.okField !== undefined) {
    // `field` must be true; `field=value` must be that value (Cloudflare answers 200 for an expired token, with status "expired").
    const [path, want] = spec.okField.includes("=") ? splitOnce(spec.okField, "=") : [spec.okField, undefined];
    const ok = jsonAt(body(), path);
    if (want === undefined ? ok === false : typeof ok === "string" && ok !== want) return { verdict: "revoked", docs: spec.docs };
    if (want === undefined ? ok !== true : ok !== want) return { verdict: "unknown", reason: `unexpected answer (HTTP ${res.status} without "${path}")`, docs: spec.docs };
  }
  const account = spec.account ? read(spec.account, res, body)?.join(" ") : undefined;
  const scopes = spec.scopes ? read(spec.scopes, res, body) : undefined;
  return { verdict: "live", ...(account ? { account } : {}), ...(scopes ? { scopes } : {}), docs: spec.docs };
}

/** What a status means whatever the verifier: rate limits, provider trouble, redirects. */
export function generalStatus(res: VerifyResponse): string | undefined {
  if (res.status === 429) {
    const after = header(res, "retry-after");
    const secs = after && /^\d{1,7}$/.test(after.trim()) ? ` (the provider asks to retry after ${after.trim()} s)` : after ? " (the provider gave a time to retry after)" : "";
    return `rate limited${secs}`;
  }
  if (res.status >= 300 && res.status < 400) return `redirected (HTTP ${res.status}); redirects are not followed`;
  if (res.status >= 500) return `provider error (HTTP ${res.status})`;
  return undefined;
}
