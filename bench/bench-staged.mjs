// Section 2 (issue 3): start-up of `scan-keys --staged` on a clean 5-file
// staged change, beside `node -e 0` and git's own floor.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateStaged } from './generate-staged.mjs';
import { timeInterleaved } from './measure.mjs';
import { firstLine } from './findings.mjs';

const NODE = process.execPath;

export async function benchStaged(ctx) {
  const repo = generateStaged({ dir: path.join(ctx.work, 'staged') });
  ctx.log(`staged: ${repo.staged.length} files staged in ${path.relative(process.cwd(), repo.dir)}${repo.reused ? ' (reused)' : ''}`);
  if (!ctx.cliExists) return { skipped: 'dist/cli.js is not built (npm run build)' };
  const args = [ctx.cli, '--staged'];
  const probe = spawnSync(NODE, args, { cwd: repo.dir, encoding: 'utf8' });
  if (probe.status !== 0 && probe.status !== 1) {
    return { skipped: `scan-keys --staged not available yet — exit ${probe.status}: ${firstLine(probe.stderr || probe.stdout)}` };
  }
  const res = { stagedFiles: repo.staged.length };
  if (probe.status === 1) {
    res.note = 'scan-keys --staged reported findings on a clean change (false positives?)';
    ctx.log(`  warning: ${res.note}: ${firstLine(probe.stdout)}`);
  }
  const t = timeInterleaved(
    {
      scanKeys: [NODE, args, { cwd: repo.dir }],
      floor: [NODE, ['-e', '0'], { cwd: repo.dir }],
      // Loading the bundle and parsing arguments only: how much of the staged time is start-up.
      version: [NODE, [ctx.cli, '--version'], { cwd: repo.dir }],
      git: ['git', ['diff', '--cached', '--quiet'], { cwd: repo.dir }],
    },
    ctx.startupRuns,
  );
  const bad = [...t.scanKeys.codes].filter((c) => c !== probe.status);
  if (bad.length) throw new Error(`scan-keys --staged exited ${bad.join(', ')} in some timed runs (was dist/ rebuilt meanwhile?)`);
  const ms = (s) => +(s * 1000).toFixed(1);
  for (const [k, v] of Object.entries(t)) res[k] = { medianMs: ms(v.median), minMs: ms(v.min), maxMs: ms(v.max), runs: v.runs.length };
  res.ratio = +(t.scanKeys.median / t.floor.median).toFixed(2);
  ctx.log(`  ${ctx.startupRuns} runs each: scan-keys --staged ${res.scanKeys.medianMs} ms, node -e 0 ${res.floor.medianMs} ms, git diff --cached --quiet ${res.git.medianMs} ms, scan-keys --version ${res.version.medianMs} ms`);
  return res;
}
