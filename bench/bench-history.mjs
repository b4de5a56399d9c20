// Section 3 (issues 3 and 13): `scan-keys --history` beside `git log -p` alone
// on a generated repository of a few thousand commits (or, with
// BENCH_HISTORY_REPO=/path, on a real clone), with 0, 1, 2 and "all" worker
// threads (SCAN_KEYS_WORKERS). Each run times every variant back to back, so
// a ratio compares timings taken under the same load; the figure is the
// median of the per-run ratios. CPU time (user + system, git children
// included) comes from GNU time where it exists.
import os from 'node:os';
import path from 'node:path';
import { generateHistory } from './generate-history.mjs';
import { measure, measureOk, median } from './measure.mjs';
import { readReport, matchPlanted, describeMatch, firstLine } from './findings.mjs';
import { spawnSync } from 'node:child_process';

const NODE = process.execPath;

export async function benchHistory(ctx) {
  const t0 = Date.now();
  const real = process.env.BENCH_HISTORY_REPO;
  const repo = real
    ? { dir: path.resolve(real), planted: [], commits: Number(spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: real, encoding: 'utf8' }).stdout.trim()) }
    : generateHistory({ dir: path.join(ctx.work, 'history'), commits: ctx.commits });
  const res = { repo: real ? repo.dir : 'generated', commits: repo.commits, plantedKeys: repo.planted.length, generateSeconds: +((Date.now() - t0) / 1000).toFixed(1) };
  ctx.log(`history: ${repo.dir}: ${repo.commits} commits, ${repo.planted.length} planted keys${real ? '' : ` (${repo.reused ? 'reused' : `generated in ${res.generateSeconds} s`})`}`);
  if (!ctx.cliExists) return { ...res, skipped: 'dist/cli.js is not built (npm run build)' };

  const out = path.join(ctx.work, 'history-scan-keys.json');
  const args = [ctx.cli, '--history', '--format', 'json'];
  const probe = await measure(NODE, args, { cwd: repo.dir, stdout: out, timeoutMs: ctx.timeoutMs });
  const report = readReport(out);
  if (!report || (probe.code !== 0 && probe.code !== 1)) {
    return { ...res, skipped: `scan-keys --history not available yet — exit ${probe.code ?? probe.signal}: ${firstLine(probe.stderr)}` };
  }
  if (!real) {
    const m = matchPlanted(repo.planted, report.findings);
    Object.assign(res, { planted: `${m.found.length}/${repo.planted.length}`, missed: m.missed.map((x) => x.kind), otherFindings: m.other.length });
    ctx.log(`  scan-keys --history: ${describeMatch(m)}`);
  } else {
    res.findings = report.findings.length;
  }

  const all = os.availableParallelism();
  const variants = [
    ['default', {}],
    ['0 workers', { SCAN_KEYS_WORKERS: '0' }],
    ['1 worker', { SCAN_KEYS_WORKERS: '1' }],
    ['2 workers', { SCAN_KEYS_WORKERS: '2' }],
    ...(all > 2 ? [[`all (${all}) workers`, { SCAN_KEYS_WORKERS: String(all) }]] : []),
  ];
  const skOk = (r) => (r.code === 0 || r.code === 1) && readReport(out)?.findings.length === report.findings.length;
  const runs = { git: [], ...Object.fromEntries(variants.map(([n]) => [n, []])) };
  for (let i = 0; i < ctx.runs; i++) {
    runs.git.push(await measureOk('git', ['log', '-p'], { cwd: repo.dir }, (r) => r.code === 0));
    for (const [name, env] of variants) runs[name].push(await measureOk(NODE, args, { cwd: repo.dir, env, stdout: out, timeoutMs: ctx.timeoutMs }, skOk));
    ctx.log(`  run ${i + 1}/${ctx.runs} (load ${os.loadavg()[0].toFixed(1)}): git log -p ${runs.git.at(-1).wall.toFixed(2)} s; ${variants.map(([n]) => `${n} ${runs[n].at(-1).wall.toFixed(2)} s`).join(', ')}`);
  }
  const r3 = (x) => (x == null || Number.isNaN(x) ? null : +x.toFixed(3));
  const cpuOf = (rs) => (rs.every((r) => r.cpu != null) ? r3(median(rs.map((r) => r.cpu))) : null);
  res.gitLogP = { wall: r3(median(runs.git.map((r) => r.wall))), cpu: cpuOf(runs.git), runs: runs.git.map((r) => r3(r.wall)) };
  res.variants = {};
  for (const [name] of variants) {
    const rs = runs[name];
    const rss = rs.map((r) => r.rssMB).filter((x) => x != null);
    const cpu = cpuOf(rs);
    res.variants[name] = {
      wall: r3(median(rs.map((r) => r.wall))),
      runs: rs.map((r) => r3(r.wall)),
      // The ratio within each run (same load), then the median of those.
      ratio: +median(rs.map((r, i) => r.wall / runs.git[i].wall)).toFixed(2),
      cpu,
      cpuRatio: cpu != null && res.gitLogP.cpu ? +(cpu / res.gitLogP.cpu).toFixed(2) : null,
      cpuMsPerCommit: cpu != null ? +((cpu * 1000) / repo.commits).toFixed(3) : null,
      peakRssMB: rss.length ? +Math.max(...rss).toFixed(1) : null,
    };
  }
  res.scanKeys = res.variants.default;
  res.ratio = res.scanKeys.ratio;
  return res;
}
