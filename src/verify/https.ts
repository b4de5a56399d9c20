// Sends one verification request: TLS with certificate checks (Node's
// defaults plus NODE_EXTRA_CA_CERTS), a time-out, an answer capped in size,
// no redirect followed, HTTPS_PROXY honoured. Every failure is a short
// reason for an `unknown` verdict; none quotes the request, so none holds
// the secret.

import { Agent, request } from "node:https";
import { connect as tlsConnect } from "node:tls";
import { openTunnel, proxyFor } from "./proxy.js";
import type { VerifyRequest, VerifyResponse } from "./types.js";

/** Answers larger than this are not read: a verdict needs a status and a small JSON body. */
export const MAX_BODY = 64 * 1024;

/**
 * For tests only (README): SCAN_KEYS_VERIFY_TEST_ADDRESS=127.0.0.1:PORT sends
 * every verifier's connection to a local server, still as TLS for the
 * provider's host name (certificate checked for that name, Host header
 * kept). Only a loopback address is accepted, so the variable cannot send a
 * key anywhere else.
 */
export function testAddress(env: NodeJS.ProcessEnv): { host: string; port: number } | undefined {
  const raw = env.SCAN_KEYS_VERIFY_TEST_ADDRESS;
  if (!raw) return undefined;
  const m = /^(127\.0\.0\.1|\[::1\]|localhost):(\d{1,5})$/.exec(raw.trim());
  if (!m) throw Object.assign(new Error("SCAN_KEYS_VERIFY_TEST_ADDRESS must be 127.0.0.1:PORT (it is for tests only)"), { name: "UsageError" });
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

export class VerifyFailure extends Error {
  override name = "VerifyFailure";
}

/** A network error as a reason: its code, never its message (which may quote what was sent). */
export function reasonOf(err: unknown, timeoutMs: number): string {
  if (err instanceof VerifyFailure) return err.message;
  const code = String((err as NodeJS.ErrnoException)?.code ?? "");
  if (code === "ABORT_ERR") return "the verification time budget ran out";
  if (code === "ETIMEDOUT" || code === "TIMEOUT") return `no answer within ${timeoutMs / 1000} s`;
  if (code === "ECONNRESET" || code === "EPIPE") return "the connection was reset";
  if (code === "ECONNREFUSED") return "the connection was refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name did not resolve (offline?)";
  if (code === "PROXY_REFUSED") return (err as Error).message;
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/.test(code) || code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return `the TLS certificate check failed (${code})`;
  }
  return code ? `network error (${code})` : "network error";
}

export interface SendOptions {
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** Aborted when the whole phase's budget is spent. */
  signal: AbortSignal;
}

const agents = new Map<string, Agent>();
/** One keep-alive agent per host: a history with many keys of one provider pays one TLS handshake per connection, not per key. */
function agentFor(host: string): Agent {
  let a = agents.get(host);
  if (!a) agents.set(host, (a = new Agent({ keepAlive: true, maxSockets: 4 })));
  return a;
}

/** Closes idle keep-alive connections so the process can end. */
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

export async function send(req: VerifyRequest, opts: SendOptions): Promise<VerifyResponse> {
  const local = testAddress(opts.env);
  const proxy = proxyFor(req.host, opts.env);
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = AbortSignal.any([opts.signal, timeout]);
  const timedOut = () => timeout.aborted && !opts.signal.aborted;
  const headers: Record<string, string> = { ...req.headers, Host: req.host };
  if (req.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(req.body));
  try {
    const socket = proxy ? await openTunnel(proxy, req.host, signal) : undefined;
    const target = socket
      ? { createConnection: () => tlsConnect({ socket, servername: req.host }) }
      : local
        ? { host: local.host, port: local.port, agent: agentFor(`${req.host}@test`) }
        : { host: req.host, port: 443, agent: agentFor(req.host) };
    return await new Promise<VerifyResponse>((resolve, reject) => {
      const r = request({ ...target, servername: req.host, method: req.method, path: req.path, headers, signal, rejectUnauthorized: true }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            // Rejected first: destroying the socket reports a reset, which is not what happened.
            reject(new VerifyFailure(`the answer was larger than ${MAX_BODY / 1024} KB`));
            res.destroy();
            r.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
        res.on("aborted", () => reject(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
      });
      r.on("error", reject);
      r.end(req.body);
    });
  } catch (err) {
    if (timedOut()) throw new VerifyFailure(`no answer within ${opts.timeoutMs / 1000} s`);
    throw err;
  }
}
