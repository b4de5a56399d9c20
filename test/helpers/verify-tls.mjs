// A local stand-in for the providers' HTTPS endpoints, for the --verify tests
// and bench/bench-verify.mjs: a test CA made now with openssl, a server
// certificate for every verifier host, and an HTTPS server on 127.0.0.1.
// The CLI reaches it through SCAN_KEYS_VERIFY_TEST_ADDRESS (TLS still for
// the provider's name) and trusts the CA through NODE_EXTRA_CA_CERTS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

function openssl(dir, args) {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A CA and a leaf certificate for `hosts`, signed by it (or, with
 * `selfSigned`, a leaf no CA vouches for). Returns PEM paths and contents.
 */
export function makeCerts(hosts, { selfSigned = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "scan-keys-ca-"));
  const san = hosts.map((h) => `DNS:${h}`).join(",");
  writeFileSync(join(dir, "ext.cnf"), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=scan-keys test CA"]);
  openssl(dir, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", `/CN=${hosts[0]}`]);
  if (selfSigned) {
    openssl(dir, ["x509", "-req", "-in", "leaf.csr", "-signkey", "leaf.key", "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf"]);
  } else {
    openssl(dir, ["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf"]);
  }
  return {
    dir,
    caPath: join(dir, "ca.pem"),
    key: readFileSync(join(dir, "leaf.key")),
    cert: readFileSync(join(dir, "leaf.pem")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts an HTTPS server on 127.0.0.1 with `certs`; `handle(req, body, res)`
 * answers each request once its body is read. Resolves to { port, close, requests }.
 */
export function startServer(certs, handle) {
  const requests = [];
  const server = createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const seen = { method: req.method, host: req.headers.host, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders, body };
      requests.push(seen);
      handle(seen, res, req);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        port: server.address().port,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
        server,
      });
    });
  });
}
