// Section 3 (issue 3): `scan-keys --history` beside `git log -p` alone on a
// generated repository of a few thousand commits.
import path from 'node:path';
import { generateHistory } from './generate-history.mjs';
import { measure, measureOk, median } from './measure.mjs';
import { readReport, matchPlanted, describeMatch, firstLine } from './findings.mjs';

const NODE = process.execPath;

export async function benchHistory(ctx) {
  const t0 = Date.now();
  const repo = generateHistory({ dir: path.join(ctx.work, 'history'), commits: ctx.commits });
  const res = { commits: repo.commits, plantedKeys: repo.planted.length, generateSeconds: +((Date.now() - t0) / 1000).toFixed(1) };
  ctx.log(`history: ${repo.commits} commits, ${repo.planted.length} planted keys (${repo.reused ? 'reused' : `generated in ${res.generateSeconds} s`})`);
  if (!ctx.cliExists) return { ...res, skipped: 'dist/cli.js is not built (npm run build)' };

  const out = path.join(ctx.work, 'history-scan-keys.json');
  const args = [ctx.cli, '--history', '--format', 'json'];
  const probe = await measure(NODE, args, { cwd: repo.dir, stdout: out, timeoutMs: ctx.timeoutMs });
  const report = readReport(out);
  if (!report || (probe.code !== 0 && probe.code !== 1)) {
    return { ...res, skipped: `scan-keys --history not available yet — exit ${probe.code ?? probe.signal}: ${firstLine(probe.stderr)}` };
  }
  const m = matchPlanted(repo.planted, report.findings);
  Object.assign(res, { planted: `${m.found.length}/${repo.planted.length}`, missed: m.missed.map((x) => x.kind), otherFindings: m.other.length });
  ctx.log(`  scan-keys --history: ${describeMatch(m)}`);

  const skOk = (r) => (r.code === 0 || r.code === 1) && readReport(out)?.findings.length === report.findings.length;
  const runs = { git: [], sk: [] };
  for (let i = 0; i < ctx.runs; i++) {
    runs.git.push(await measureOk('git', ['log', '-p'], { cwd: repo.dir }, (r) => r.code === 0));
    runs.sk.push(await measureOk(NODE, args, { cwd: repo.dir, stdout: out, timeoutMs: ctx.timeoutMs }, skOk));
    ctx.log(`  run ${i + 1}/${ctx.runs}: git log -p ${runs.git.at(-1).wall.toFixed(2)} s, scan-keys --history ${runs.sk.at(-1).wall.toFixed(2)} s`);
  }
  const wall = (rs) => +median(rs.map((r) => r.wall)).toFixed(3);
  const rss = runs.sk.map((r) => r.rssMB).filter((x) => x != null);
  res.gitLogP = { wall: wall(runs.git), runs: runs.git.map((r) => +r.wall.toFixed(3)) };
  res.scanKeys = { wall: wall(runs.sk), runs: runs.sk.map((r) => +r.wall.toFixed(3)), peakRssMB: rss.length ? +Math.max(...rss).toFixed(1) : null };
  res.ratio = +(res.scanKeys.wall / res.gitLogP.wall).toFixed(2);
  return res;
}
