// `npm run bench:verify`: --verify on 1,000 findings (distinct keys of six
// providers) against a local HTTPS server standing in for the providers
// (test CA, SCAN_KEYS_VERIFY_TEST_ADDRESS; see README "Verifying keys").
// Prints the scan's wall time without --verify, with --verify against a
// server that answers at once (the cost of verification itself), and with
// a server that takes BENCH_VERIFY_LATENCY_MS (100) per answer, where the
// bound of 8 requests in flight (4 per host) sets the pace. Asserts nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCerts, startServer } from '../test/helpers/verify-tls.mjs';
import { KEY_MAKERS } from './keys.mjs';
import { Rng } from './prng.mjs';

const root = join(fileURLToPath(import.meta.url), '../..');
const CLI = join(root, 'dist/cli.js');
const N = Number(process.env.BENCH_VERIFY_FINDINGS ?? 1000);
const LATENCY = Number(process.env.BENCH_VERIFY_LATENCY_MS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KINDS = ['openai', 'anthropic', 'github', 'stripe', 'google', 'gitlab'];
const HOSTS = ['api.openai.com', 'api.anthropic.com', 'api.github.com', 'api.stripe.com', 'generativelanguage.googleapis.com', 'gitlab.com'];

const work = join(root, 'bench/.work/verify');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const rng = new Rng(27);
const lines = [];
for (let i = 0; i < N; i++) lines.push(...KEY_MAKERS[KINDS[i % KINDS.length]](rng).lines);
// 50 keys a file: a tree of 20 files.
for (let f = 0; f * 50 < lines.length; f++) writeFileSync(join(work, `keys-${f}.txt`), `${lines.slice(f * 50, f * 50 + 50).join('\n')}\n`);

const certs = makeCerts(HOSTS);
let delay = 0;
let answered = 0;
const server = await startServer(certs, (seen, res) => {
  // Every other key live, the others rejected with each provider's own "revoked" status.
  const live = answered++ % 2 === 0;
  const revoked = seen.host === 'generativelanguage.googleapis.com' ? 400 : 401;
  setTimeout(() => {
    res.writeHead(live ? 200 : revoked, { 'Content-Type': 'application/json' });
    res.end(live ? '{"login":"bench","data":[]}' : '{"error":"invalid"}');
  }, delay);
});
const env = { ...process.env, NO_COLOR: '1', CI: '1', SCAN_KEYS_VERIFY_TEST_ADDRESS: `127.0.0.1:${server.port}`, NODE_EXTRA_CA_CERTS: certs.caPath, HTTPS_PROXY: '', https_proxy: '' };

// CPU time (user + system) through GNU time where it exists: on a busy machine wall time mostly measures the others.
const TIME = '/usr/bin/time';
function run(args) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const argv = [CLI, ...args];
    const child = existsSync(TIME) ? spawn(TIME, ['-f', 'SCAN_KEYS_CPU=%U %S', process.execPath, ...argv], { cwd: work, env }) : spawn(process.execPath, argv, { cwd: work, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 1) return reject(new Error(`scan-keys ${args.join(' ')} exited ${code}: ${err}`));
      const cpu = /SCAN_KEYS_CPU=([\d.]+) ([\d.]+)/.exec(err);
      resolve({ ms: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, report: JSON.parse(out) });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(label, args, latency) {
  delay = latency;
  const times = [];
  const cpu = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    answered = 0;
    const r = await run([...args, '--format', 'json']);
    times.push(r.ms);
    cpu.push(r.cpuMs);
    report = r.report;
  }
  const verdicts = {};
  for (const f of report.findings) verdicts[f.verification?.verdict ?? 'none'] = (verdicts[f.verification?.verdict ?? 'none'] ?? 0) + 1;
  console.log(`${label.padEnd(44)} ${String(Math.round(median(times))).padStart(6)} ms wall, ${String(Math.round(median(cpu))).padStart(5)} ms CPU (medians of ${RUNS})  findings ${report.findings.length}  requests ${answered}  ${JSON.stringify(verdicts)}`);
  return { wall: median(times), cpu: median(cpu) };
}

console.log(`--verify on ${N} findings, ${KINDS.length} providers, local HTTPS server`);
const base = await timed('scan, no --verify', ['.'], 0);
const fast = await timed('scan --verify, server answers at once', ['.', '--verify'], 0);
const slow = await timed(`scan --verify, server answers in ${LATENCY} ms`, ['.', '--verify'], LATENCY);
console.log(`verification alone: ${Math.round(fast.wall - base.wall)} ms wall and ${Math.round(fast.cpu - base.cpu)} ms CPU when answered at once (${((fast.cpu - base.cpu) / N).toFixed(2)} ms CPU a key); ${Math.round(slow.wall - base.wall)} ms wall at ${LATENCY} ms a request (floor with 8 in flight: ${Math.round((N * LATENCY) / 8)} ms)`);
console.log(`load average during the run: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
await server.close();
certs.remove();
