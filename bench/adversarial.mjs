// `npm run bench:adversarial`: scan-keys on hostile inputs (inputs that make
// regexes backtrack, decoders loop, keyword scans pile up) and on ordinary code
// of the same size. It asserts nothing; it prints figures and writes
// bench/.work/adversarial-results.json. Inputs live in bench/.work/adversarial/.
//
// Environment: BENCH_ADV_RULES=id1,id2 (per-rule inputs of these rules only),
// BENCH_ADV_QUICK=1 (no per-rule inputs: the global and big files only),
// BENCH_ADV_TIMEOUT (seconds per scan-keys process, 120),
// BENCH_NO_BUILD=1 (bench the existing dist/ without `npm run build`).
import fs from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, median } from './measure.mjs';
import { generateAdversarial, loadRules } from './generate-adversarial.mjs';
import { versionFloor, perFile, perRule, corpusVsControl, bigFiles, SLOW_SECONDS } from './bench-adversarial.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const MB = 1024 * 1024;
const work = path.join(root, 'bench', '.work');
const timeoutS = env.BENCH_ADV_TIMEOUT && Number(env.BENCH_ADV_TIMEOUT) > 0 ? Number(env.BENCH_ADV_TIMEOUT) : 120;
const ctx = {
  dir: path.join(work, 'adversarial'),
  cli: path.join(root, 'dist', 'cli.js'),
  timeoutMs: timeoutS * 1000,
  log: (s) => console.log(s),
};
const quick = env.BENCH_ADV_QUICK === '1';
const only = env.BENCH_ADV_RULES ? new Set(env.BENCH_ADV_RULES.split(',').map((s) => s.trim()).filter(Boolean)) : null;
const started = Date.now();
const loadAtStart = os.loadavg()[0];

console.log(`scan-keys adversarial bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${loadAtStart.toFixed(2)}, timeout ${timeoutS} s per process`);
if (!hasGnuTime()) console.log('(GNU time missing: peak RSS of node processes comes from process.resourceUsage() in the child)');

if (env.BENCH_NO_BUILD !== '1') {
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) console.log(`warning: npm run build failed; benching the existing dist/ (${(b.stderr || b.stdout).trim().split('\n')[0]})`);
}
if (!fs.existsSync(ctx.cli)) {
  console.log('dist/cli.js does not exist (npm run build): nothing to measure');
  process.exit(0);
}

// Others rebuild dist/ while they work: a build that changes mid-bench mixes two engines' figures.
const distHash = () => {
  const h = crypto.createHash('sha256');
  const dist = path.dirname(ctx.cli);
  for (const n of fs.readdirSync(dist).sort()) if (fs.statSync(path.join(dist, n)).isFile()) h.update(n).update(fs.readFileSync(path.join(dist, n)));
  return h.digest('hex').slice(0, 12);
};
const distAtStart = distHash();
const rulesDir = path.join(root, 'rules');
if (only) {
  const known = new Set(loadRules(rulesDir).map((r) => r.id));
  const unknown = [...only].filter((id) => !known.has(id));
  if (unknown.length) console.log(`warning: BENCH_ADV_RULES names no built-in rule ${unknown.join(', ')} (scan-keys rules lists them)`);
}
const t0 = Date.now();
const manifest = generateAdversarial({ dir: ctx.dir, rulesDir, only, quick });
const bytesOf = (files) => files.reduce((n, f) => n + f.bytes, 0);
const ruleCount = new Set(manifest.corpus.map((f) => f.rule).filter(Boolean)).size;
console.log(
  `inputs: ${manifest.corpus.length} corpus files (${(bytesOf(manifest.corpus) / MB).toFixed(1)} MB; ${quick ? 'no per-rule files (BENCH_ADV_QUICK=1)' : `${ruleCount} rules`}` +
    `${manifest.skippedRules.length ? `, ${manifest.skippedRules.length} path rule${manifest.skippedRules.length === 1 ? '' : 's'} left out` : ''}), ${manifest.big.length} big files, ` +
    `control ${manifest.control.length} files (${(bytesOf(manifest.control) / MB).toFixed(1)} MB) — ${manifest.reused ? 'reused' : `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`}`,
);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  params: { timeoutSeconds: timeoutS, quick, rules: only ? [...only] : null, slowSeconds: SLOW_SECONDS },
  inputs: { corpusFiles: manifest.corpus.length, corpusBytes: bytesOf(manifest.corpus), rules: ruleCount, skippedRules: manifest.skippedRules, controlFiles: manifest.control.length, controlBytes: bytesOf(manifest.control) },
};

console.log('floor: scan-keys --version');
results.floor = await versionFloor(ctx);
console.log(`per-file: each corpus file in its own process (SCAN_KEYS_WORKERS=0)`);
const files = await perFile(ctx, manifest.corpus);
const finished = files.filter((f) => !f.timedOut && !f.error);
results.perFile = {
  files: files.length,
  overSlow: files.filter((f) => f.wall > SLOW_SECONDS).length,
  timedOut: files.filter((f) => f.timedOut).length,
  failed: files.filter((f) => f.error).length,
  // A file the scan skipped (binary, too large) would give a flattering time.
  notScanned: finished.filter((f) => f.files === 0).map((f) => f.file),
  medianWall: +median(files.map((f) => f.wall)).toFixed(3),
  slowest: [...files].sort((a, b) => b.wall - a.wall).slice(0, 10),
  all: files,
};
results.perRule = perRule(files, results.floor.median);
console.log('corpus vs control: one process each (scan-keys default threads)');
results.corpus = await corpusVsControl(ctx, manifest);
console.log('big files: each in its own process (--max-file-size 64MB)');
results.big = await bigFiles(ctx, manifest.big, results.floor.median);
results.dist = { atStart: distAtStart, atEnd: distHash() };
results.totalSeconds = +((Date.now() - started) / 1000).toFixed(1);
results.loadAverage = { start: +loadAtStart.toFixed(2), end: +os.loadavg()[0].toFixed(2) };
const out = path.join(work, 'adversarial-results.json');
fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');

// The figures.
const secs = (r) => (r.timedOut ? `> ${timeoutS} s` : r.error ? 'failed' : `${r.wall.toFixed(r.wall < 10 ? 3 : 1)} s`);
const f = (x, d = 2) => (x == null ? '?' : Number(x).toFixed(d));
const p = results.perFile;
const lines = ['', `floor: scan-keys --version ${f(results.floor.median, 3)} s (median of ${results.floor.runs}; every figure below is raw wall time, nothing subtracted)`];
lines.push(`per-file (${p.files} files, one process each): ${p.overSlow} over ${SLOW_SECONDS} s (target: none), ${p.timedOut} timed out, ${p.failed} failed; median ${f(p.medianWall, 3)} s`);
if (p.notScanned.length) lines.push(`  not scanned by scan-keys (skipped, so their time means nothing): ${p.notScanned.join(', ')}`);
for (const r of p.slowest) lines.push(`  ${secs(r).padStart(10)}  ${r.label}  (${r.file})`);
const worst = results.perRule.slice(0, 5);
if (worst.length) {
  lines.push(`per-rule throughput, worst ${worst.length} of ${results.perRule.length} (MB/s over the rule's files; raw, and net of the --version floor):`);
  for (const r of worst) lines.push(`  ${f(r.mbps, 3).padStart(8)} MB/s raw, ${r.netMbps == null ? '?' : f(r.netMbps)} net  ${r.rule} (${r.files} files, ${f(r.wall, 2)} s${r.timedOut ? `, ${r.timedOut} timed out: an upper bound` : ''})`);
}
const c = results.corpus;
const side = (s) => `${f(s.bytes / MB, 1)} MB in ${secs(s)}`;
lines.push(`whole corpus, one process: adversarial ${side(c.adversarial)} vs ordinary code ${side(c.control)} → ${c.ratio == null ? '?' : `${c.ratioIsLowerBound ? '> ' : ''}${f(c.ratio)}×`} (target ≤ 4×)`);
lines.push('big files, one process each:');
for (const b of results.big) {
  const found = b.expect ? `; ${b.expect} ${b.expectedFound ? 'found' : b.expectedFound === false ? 'NOT found' : '?'}` : '';
  const speed = b.timedOut ? `< ${f(b.bytes / MB / timeoutS, 3)} MB/s` : b.error ? b.error : `${f(b.mbps)} MB/s raw, ${b.netMbps == null ? '?' : f(b.netMbps)} net`;
  lines.push(`  ${path.basename(b.file).padEnd(24)} ${f(b.bytes / MB, 1).padStart(5)} MB ${secs(b).padStart(10)}  ${speed}${b.skippedTooLarge ? ' (skipped as too large!)' : ''}${found}`);
}
if (results.dist.atStart !== results.dist.atEnd) lines.push('warning: dist/ changed during the bench (rebuilt meanwhile): these figures mix two builds');
lines.push(`bench took ${f(results.totalSeconds, 1)} s (load average ${f(results.loadAverage.start)} → ${f(results.loadAverage.end)}); figures in ${path.relative(process.cwd(), out)}`);
console.log(lines.join('\n'));
