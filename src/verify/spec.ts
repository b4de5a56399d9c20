// Checking a `verify` table before any request is sent: an https URL with no
// credentials of its own, templates that only ever name {secret}, statuses
// and field paths of the right shape, a documentation page. Pure: no I/O.

import { NAMED_HOSTS } from "./named-hosts.js";
import type { VerifySpec } from "./types.js";

const KEYS = new Set(["named", "url", "method", "headers", "basic", "query", "json", "form", "live", "revoked", "revokedWhen", "okField", "account", "scopes", "docs"]);
const METHODS = new Set(["GET", "POST", "HEAD"]);
const FIELD = /^(?:json:[A-Za-z0-9_.-]+|header:[A-Za-z0-9-]+|const:[ -~]+)$/;
/** Header names a template may set: a token, and none that steers the connection. */
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "proxy-authorization"]);

export class VerifySpecError extends Error {
  override name = "VerifySpecError";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringRecord = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === "string");
const isStatusList = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x) && x >= 200 && x <= 599);

/** `{secret}` is the only name a template may hold: none names another value (no environment, no file). Braces around spaces (GraphQL) are text. */
function checkTemplate(where: string, value: string): void {
  const names = value.match(/\{[A-Za-z_$][\w.$:-]*\}/g) ?? [];
  for (const n of names) if (n !== "{secret}") throw new VerifySpecError(`${where} names ${n}; a template may only hold {secret}`);
  if (/[\r\n]/.test(value)) throw new VerifySpecError(`${where} holds a line break`);
}

function templatesOf(spec: VerifySpec): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(spec.headers ?? {})) out.push([`verify.headers.${k}`, v]);
  for (const [k, v] of Object.entries(spec.query ?? {})) out.push([`verify.query.${k}`, v]);
  for (const [k, v] of Object.entries(spec.form ?? {})) out.push([`verify.form.${k}`, v]);
  if (spec.basic) out.push(["verify.basic", spec.basic[0]], ["verify.basic", spec.basic[1]]);
  const walk = (v: unknown, at: string): void => {
    if (typeof v === "string") out.push([at, v]);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (isRecord(v)) for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  walk(spec.json, "verify.json");
  return out;
}

/** The host a verifier sends to: its URL's, or its named verifier's. */
export function verifierHost(spec: VerifySpec): string {
  if (spec.named) return NAMED_HOSTS[spec.named]!;
  return new URL(spec.url!).hostname;
}

/**
 * Checks a rule's `verify` table; returns it typed. `allowedHosts`, when
 * given, is the set of hosts the built-in verifiers name: a user's rule may
 * send a key only to a provider's own host that scan-keys already trusts.
 */
export function validateVerifySpec(raw: unknown, allowedHosts?: ReadonlySet<string>): VerifySpec {
  if (!isRecord(raw)) throw new VerifySpecError(`"verify" must be a table`);
  for (const k of Object.keys(raw)) if (!KEYS.has(k)) throw new VerifySpecError(`unknown key "verify.${k}"`);
  const spec = raw as unknown as VerifySpec;
  if (typeof spec.docs !== "string" || !/^https:\/\/[^\s]+$/.test(spec.docs)) throw new VerifySpecError(`"verify.docs" must cite the provider's documentation page (an https URL)`);
  if (spec.named !== undefined) {
    if (typeof spec.named !== "string" || !Object.hasOwn(NAMED_HOSTS, spec.named)) {
      throw new VerifySpecError(`"verify.named" must be one of ${Object.keys(NAMED_HOSTS).join(", ")}`);
    }
    const extra = Object.keys(raw).filter((k) => k !== "named" && k !== "docs");
    if (extra.length) throw new VerifySpecError(`"verify.named" takes only "docs"; "verify.${extra[0]}" belongs to a request described as data`);
  } else {
    if (typeof spec.url !== "string") throw new VerifySpecError(`"verify.url" must be a string (or give "verify.named")`);
    let url: URL;
    try {
      url = new URL(spec.url.replace(/\{secret\}/g, "x"));
    } catch {
      throw new VerifySpecError(`"verify.url" is not a URL`);
    }
    if (url.protocol !== "https:") throw new VerifySpecError(`"verify.url" must be https (a key is never sent in clear text)`);
    if (url.username || url.password) throw new VerifySpecError(`"verify.url" must not hold credentials of its own`);
    if (url.port !== "") throw new VerifySpecError(`"verify.url" must use the default https port`);
    if (url.hostname.includes("{secret}") || /\{secret\}/.test(new URL(spec.url).host)) throw new VerifySpecError(`"verify.url" must not put {secret} in the host`);
    checkTemplate("verify.url", spec.url);
    if (spec.method !== undefined && (typeof spec.method !== "string" || !METHODS.has(spec.method))) throw new VerifySpecError(`"verify.method" must be GET, POST or HEAD`);
    for (const k of ["headers", "query", "form"] as const) {
      if (spec[k] !== undefined && !isStringRecord(spec[k])) throw new VerifySpecError(`"verify.${k}" must be a table of strings`);
    }
    for (const name of Object.keys(spec.headers ?? {})) {
      if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) throw new VerifySpecError(`"verify.headers" may not set "${name}"`);
    }
    if (spec.basic !== undefined && !(Array.isArray(spec.basic) && spec.basic.length === 2 && spec.basic.every((x) => typeof x === "string"))) {
      throw new VerifySpecError(`"verify.basic" must be [user, password]`);
    }
    if (spec.json !== undefined && !isRecord(spec.json)) throw new VerifySpecError(`"verify.json" must be a table`);
    if (spec.json !== undefined && spec.form !== undefined) throw new VerifySpecError(`"verify.json" and "verify.form" cannot both be given`);
    if ((spec.json !== undefined || spec.form !== undefined) && spec.method !== "POST") throw new VerifySpecError(`a body ("verify.json" or "verify.form") needs method = "POST"`);
    for (const k of ["live", "revoked"] as const) {
      if (spec[k] !== undefined && !isStatusList(spec[k])) throw new VerifySpecError(`"verify.${k}" must be a list of HTTP statuses`);
    }
    if (spec.live?.some((s) => spec.revoked?.includes(s))) throw new VerifySpecError(`"verify.live" and "verify.revoked" share a status`);
    if (spec.revokedWhen !== undefined && (typeof spec.revokedWhen !== "string" || !/^json:[A-Za-z0-9_.-]+=[ -~]+$/.test(spec.revokedWhen))) throw new VerifySpecError(`"verify.revokedWhen" must be json:field.path=value`);
    if (spec.okField !== undefined && (typeof spec.okField !== "string" || !/^[A-Za-z0-9_.-]+(?:=[ -~]+)?$/.test(spec.okField))) throw new VerifySpecError(`"verify.okField" must be a JSON field path, or field.path=value`);
    for (const k of ["account", "scopes"] as const) {
      if (spec[k] !== undefined && (typeof spec[k] !== "string" || !FIELD.test(spec[k]))) throw new VerifySpecError(`"verify.${k}" must be json:field.path, header:name or const:text`);
    }
    const templates = templatesOf(spec);
    for (const [where, value] of templates) checkTemplate(where, value);
    if (![spec.url, ...templates.map(([, v]) => v)].some((v) => v.includes("{secret}"))) throw new VerifySpecError(`no template holds {secret}, so the request would not test the key`);
  }
  if (allowedHosts && !allowedHosts.has(verifierHost(spec))) {
    throw new VerifySpecError(`"verify" sends to ${verifierHost(spec)}, which no built-in verifier names; a key is only ever sent to its provider's own host`);
  }
  return spec;
}
