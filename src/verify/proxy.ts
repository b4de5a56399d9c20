// HTTPS_PROXY / NO_PROXY, as enterprise networks need them. Node 20's
// https.request and fetch ignore these variables (Node 24 reads them only
// behind NODE_USE_ENV_PROXY), and no dependency of the project tunnels, so a
// proxied request opens a CONNECT tunnel itself (node:http) and runs TLS to
// the provider inside it: the proxy sees the host name, never the key.

import { request as httpRequest } from "node:http";
import type { Socket } from "node:net";

/** The proxy for `host`, or undefined for a direct connection. */
export function proxyFor(host: string, env: NodeJS.ProcessEnv): URL | undefined {
  const raw = env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy;
  if (!raw) return undefined;
  if (bypassed(host, env.NO_PROXY ?? env.no_proxy ?? "")) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    if (url.protocol !== "http:") return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** NO_PROXY: `*`, or a comma/space list of hosts and domain suffixes (`.corp.example`, `corp.example`), ports ignored. */
export function bypassed(host: string, noProxy: string): boolean {
  const h = host.toLowerCase();
  for (let entry of noProxy.split(/[,\s]+/)) {
    entry = entry.trim().toLowerCase().replace(/:\d+$/, "");
    if (!entry) continue;
    if (entry === "*") return true;
    const bare = entry.replace(/^\*?\./, "");
    if (h === bare || h.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** A CONNECT tunnel to host:443 through `proxy`, or an Error saying why not (never naming more than the host). */
export function openTunnel(proxy: URL, host: string, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const auth = proxy.username ? { "Proxy-Authorization": `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}` } : {};
    const req = httpRequest({ host: proxy.hostname, port: Number(proxy.port || 80), method: "CONNECT", path: `${host}:443`, headers: { Host: `${host}:443`, ...auth }, signal });
    req.on("connect", (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(Object.assign(new Error(`the proxy refused the tunnel (HTTP ${res.statusCode})`), { code: "PROXY_REFUSED" }));
    });
    req.on("error", reject);
    req.end();
  });
}
