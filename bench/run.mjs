// `npm run bench`: measures scan-keys on generated data and prints figures.
// It asserts nothing. Scratch data lives in bench/.work/ (gitignored).
//
// Environment: BENCH_MB (tree size, default 30), BENCH_COMMITS (history, 3000),
// BENCH_RUNS (timed runs per tool, 3), BENCH_STARTUP_RUNS (staged start-up, 20),
// BENCH_SECRETLINT_TIMEOUT (seconds per secretlint run before scaling down, 300),
// BENCH_NO_BUILD=1 (bench the existing dist/ without `npm run build`),
// BENCH_ONLY=tree,staged,history (run some sections only), BENCH_NO_GNU_TIME=1,
// BENCH_TREE_DIR=/path (the tree section on that directory, e.g. a node_modules).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasGnuTime } from './measure.mjs';
import { benchTree } from './bench-tree.mjs';
import { benchStaged } from './bench-staged.mjs';
import { benchHistory } from './bench-history.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const num = (v, d) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
const ctx = {
  work: path.join(root, 'bench', '.work'),
  cli: path.join(root, 'dist', 'cli.js'),
  secretlintBin: path.join(root, 'node_modules', 'secretlint', 'bin', 'secretlint.js'),
  mb: num(env.BENCH_MB, 30),
  commits: Math.round(num(env.BENCH_COMMITS, 3000)),
  runs: Math.round(num(env.BENCH_RUNS, 3)),
  startupRuns: Math.max(15, Math.round(num(env.BENCH_STARTUP_RUNS, 20))),
  secretlintTimeoutMs: num(env.BENCH_SECRETLINT_TIMEOUT, 300) * 1000,
  timeoutMs: 10 * 60 * 1000,
  // Bench the tree section on this directory instead of the generated tree (issue 28: a real node_modules).
  treeDir: env.BENCH_TREE_DIR || null,
  log: (s) => console.log(s),
};
const only = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',')) : null;
const started = Date.now();
const loadAtStart = os.loadavg()[0];
fs.mkdirSync(ctx.work, { recursive: true });

console.log(`scan-keys bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(2)}`);
if (!hasGnuTime()) console.log('(GNU time missing: peak RSS of node processes comes from process.resourceUsage() in the child)');

if (env.BENCH_NO_BUILD !== '1') {
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) console.log(`warning: npm run build failed; benching the existing dist/ (${(b.stderr || b.stdout).trim().split('\n')[0]})`);
}
ctx.cliExists = fs.existsSync(ctx.cli);
if (!ctx.cliExists) console.log('dist/cli.js does not exist: scan-keys sections are skipped');

const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, params: { mb: ctx.mb, commits: ctx.commits, runs: ctx.runs, startupRuns: ctx.startupRuns } };
for (const [name, fn] of [['tree', benchTree], ['staged', benchStaged], ['history', benchHistory]]) {
  if (only && !only.has(name)) continue;
  try {
    results[name] = await fn(ctx);
  } catch (e) {
    results[name] = { skipped: `bench error: ${e.message}` };
  }
  if (results[name].skipped) console.log(`${name}: skipped (${results[name].skipped})`);
}
results.totalSeconds = +((Date.now() - started) / 1000).toFixed(1);
results.loadAverage = { start: +loadAtStart.toFixed(2), end: +os.loadavg()[0].toFixed(2) };

// The table.
const f = (x, d = 1) => (x == null ? '?' : Number(x).toFixed(d));
const lines = [];
const t = results.tree;
if (t) {
  if (t.scanKeys?.mbps != null) lines.push(`tree scan (${f(t.bytes / 1048576)} MB, ${t.files} files): scan-keys ${f(t.scanKeys.mbps)} MB/s (${f(t.scanKeys.wall, 2)} s, peak ${f(t.scanKeys.peakRssMB, 0)} MB; target < 200 MB; planted keys ${t.scanKeys.planted}${t.scanKeys.otherFindings ? `, ${t.scanKeys.otherFindings} other finding${t.scanKeys.otherFindings === 1 ? "" : "s"}` : ''})`);
  else lines.push(`tree scan: scan-keys skipped (${t.scanKeys?.skipped ?? t.skipped})`);
  if (t.secretlint?.mbps != null) lines.push(`           secretlint ${f(t.secretlint.mbps)} MB/s (${f(t.secretlint.wall, 2)} s, peak ${f(t.secretlint.peakRssMB, 0)} MB; planted keys ${t.secretlint.planted})${t.secretlint.scaledDown ? ` — ${t.secretlint.scaledDown}` : ''}`);
  else lines.push(`           secretlint skipped (${t.secretlint?.skipped ?? t.skipped})`);
  if (t.floor) lines.push(`           node -e 0 ${f(t.floor.wall, 3)} s (start-up floor; ${f(t.floor.mbps, 0)} MB/s would be the ceiling at this size)`);
  if (t.decodeFloor) lines.push(`           node reading the tree ${f(t.readFloor.wall, 2)} s, reading and decoding it ${f(t.decodeFloor.wall, 2)} s (bench/read-floor.mjs)${t.scanKeys?.overDecodeFloor != null ? ` → scan-keys ${f(t.scanKeys.overDecodeFloor, 2)}× read + decode (median of per-run ratios; target ≤ 2×)` : ''}`);
  // CPU time moves less with the host's load than wall time; a scan on two threads spends more of it than it takes.
  if (t.scanKeys?.cpuOverDecodeFloor != null) lines.push(`           CPU time: scan-keys ${f(t.scanKeys.cpu, 2)} s, read + decode ${f(t.decodeFloor.cpu, 2)} s → ${f(t.scanKeys.cpuOverDecodeFloor, 2)}× (all threads; for drift between runs, not the target)`);
  if (t.ratio != null) lines.push(`           → scan-keys/secretlint ${f(t.ratio)}× wall-clock${t.netRatio != null ? `, ${f(t.netRatio)}× net of node start-up (scan-keys ${f(t.scanKeys.netMbps)} vs ${f(t.secretlint.netMbps)} MB/s)` : ''} (target ≥ 50×; node's start-up alone caps the wall-clock ratio at ${f(t.floor.mbps / t.secretlint.mbps, 0)}× at this size)`);
}
const s = results.staged;
if (s) {
  if (s.ratio != null) lines.push(`staged scan (${s.stagedFiles} files, ${s.scanKeys.runs} runs): scan-keys --staged ${f(s.scanKeys.medianMs)} ms vs node -e 0 ${f(s.floor.medianMs)} ms → ${f(s.ratio, 2)}× (target ≤ 1.4×); git diff --cached --quiet ${f(s.git.medianMs)} ms, scan-keys --version ${f(s.version.medianMs)} ms${s.note ? ` — ${s.note}` : ''}`);
  else lines.push(`staged scan: skipped (${s.skipped})`);
}
const h = results.history;
if (h) {
  if (h.ratio != null) {
    lines.push(`history scan (${h.repo === 'generated' ? 'generated' : h.repo}, ${h.commits} commits): git log -p ${f(h.gitLogP.wall, 2)} s${h.gitLogP.cpu != null ? ` (${f(h.gitLogP.cpu, 2)} s CPU)` : ''}; target ≤ 1.0× git log -p${h.planted ? `; planted keys ${h.planted}` : ''}${h.otherFindings ? `, ${h.otherFindings} other finding${h.otherFindings === 1 ? "" : "s"}` : ''}`);
    for (const [name, v] of Object.entries(h.variants)) {
      lines.push(`           scan-keys --history, ${name}: ${f(v.wall, 2)} s → ${f(v.ratio, 2)}× (median of per-run ratios)${v.cpu != null ? `; CPU ${f(v.cpu, 2)} s = ${f(v.cpuRatio, 2)}× git's, ${f(v.cpuMsPerCommit, 3)} ms/commit` : ''}; peak ${f(v.peakRssMB, 0)} MB`);
    }
  }
  else lines.push(`history scan: skipped (${h.skipped})`);
}
lines.push(`bench took ${f(results.totalSeconds)} s (load average ${f(results.loadAverage.start, 2)} → ${f(results.loadAverage.end, 2)}; other work on the machine skews figures); figures in ${path.relative(process.cwd(), path.join(ctx.work, 'results.json'))}`);
console.log('\n' + lines.join('\n'));
fs.writeFileSync(path.join(ctx.work, 'results.json'), JSON.stringify(results, null, 2) + '\n');
