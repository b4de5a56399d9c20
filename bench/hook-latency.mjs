// `npm run bench:hooks`: scan-keys installed from the packed tarball, as
// users run it. Prints
//   1. the packed size;
//   2. start-up of the staged hook on a clean 5-file change, through each
//      way a hook reaches it (the bin directly, husky's PATH, npx, npm exec),
//      as a ratio to `node -e 0` and to the launcher's own floor (the same
//      launcher running `node -e 0`), interleaved runs, medians;
//   3. the latency each hook tool adds to a clean commit (or push): the
//      median commit with the hook minus the median with --no-verify.
// Asserts nothing. Needs a built dist/ (npm run build) and the npm registry
// (or npm's cache) for the hook tools. The machine's load is printed: ratios
// measured within one run hold under load better than absolute times do.
//
// Environment: BENCH_HOOK_RUNS (timed runs per command, 15),
// BENCH_HOOK_TOOLS (comma-separated subset of HOOK_TOOLS in hook-projects.mjs:
// plain, husky, lint-staged, pre-commit, husky-pre-push, lefthook,
// lefthook-pre-push, simple-git-hooks, pre-commit-local, yarn-pnp, pnpm,
// npm-workspaces). A tool that cannot be installed here is skipped with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { attempt, HOOK_TOOLS, packTarball, ROOT, setupProject, Unavailable, unavailable } from './hook-projects.mjs';
import { median, timeInterleaved } from './measure.mjs';
import { nodeBinary, SMOKE_MAJORS } from '../scripts/node-versions.mjs';

const runs = Math.max(5, Number(process.env.BENCH_HOOK_RUNS) || 15);
const tools = process.env.BENCH_HOOK_TOOLS ? process.env.BENCH_HOOK_TOOLS.split(',') : HOOK_TOOLS;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-keys-bench-hooks-'));
const preCommitHome = path.join(os.tmpdir(), 'scan-keys-pre-commit-cache');
const results = { node: process.version, load: os.loadavg()[0], runs };
const ms = (s) => +(s * 1000).toFixed(1);

try {
  console.log(`scan-keys hook bench — node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(2)}, ${runs} runs per command`);
  if (!fs.existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is not built: npm run build');

  // 1. The package.
  const tarball = packTarball(path.join(work, 'pack'));
  results.tarballBytes = fs.statSync(tarball).size;
  console.log(`\npackage: ${path.basename(tarball)} ${(results.tarballBytes / 1024).toFixed(1)} KB packed`);

  // 2. Start-up through each launcher, in a husky project with a clean 5-file staged change.
  const project = setupProject('husky', { tarball, dir: path.join(work, 'startup'), work, preCommitHome });
  for (let i = 0; i < 5; i++) {
    fs.writeFileSync(path.join(project.dir, `src${i}.js`), `export const value${i} = ${i};\n// a clean file\n`.repeat(40));
  }
  spawnSync('git', ['add', '-A'], { cwd: project.dir });
  const cwd = project.dir;
  const huskyEnv = { PATH: `${path.join(cwd, 'node_modules/.bin')}:${process.env.PATH}` };
  const t = timeInterleaved(
    {
      floor: ['node', ['-e', '0'], { cwd }],
      bin: [path.join(cwd, 'node_modules/.bin/scan-keys'), ['--staged'], { cwd }],
      // What husky v9 runs: `sh -e .husky/pre-commit` with node_modules/.bin on PATH.
      husky: ['sh', ['-e', '.husky/pre-commit'], { cwd, env: huskyEnv }],
      npx: ['npx', ['--no-install', 'scan-keys', '--staged'], { cwd }],
      npxFloor: ['npx', ['--no-install', 'node', '-e', '0'], { cwd }],
      npmExec: ['npm', ['exec', '--no', '--', 'scan-keys', '--staged'], { cwd }],
      npmExecFloor: ['npm', ['exec', '--no', '--', 'node', '-e', '0'], { cwd }],
    },
    runs,
  );
  for (const [k, v] of Object.entries(t)) {
    if ([...v.codes].some((c) => c !== 0)) throw new Error(`${k} exited ${[...v.codes].join(', ')} on a clean staged change`);
  }
  const floor = t.floor.median;
  results.startup = {
    floorMs: ms(floor),
    bin: { ms: ms(t.bin.median), ratio: +(t.bin.median / floor).toFixed(2) },
    husky: { ms: ms(t.husky.median), ratio: +(t.husky.median / floor).toFixed(2) },
    npx: { ms: ms(t.npx.median), ratio: +(t.npx.median / floor).toFixed(2), launcherFloorMs: ms(t.npxFloor.median), ratioToLauncherFloor: +(t.npx.median / t.npxFloor.median).toFixed(2) },
    npmExec: { ms: ms(t.npmExec.median), ratio: +(t.npmExec.median / floor).toFixed(2), launcherFloorMs: ms(t.npmExecFloor.median), ratioToLauncherFloor: +(t.npmExec.median / t.npmExecFloor.median).toFixed(2) },
  };
  const s = results.startup;
  console.log(`\nstart-up, scan-keys --staged on 5 clean staged files (median; node -e 0 = ${s.floorMs} ms):`);
  console.log(`  node_modules/.bin/scan-keys   ${String(s.bin.ms).padStart(7)} ms  ${s.bin.ratio}× node -e 0`);
  console.log(`  husky (sh -e, PATH)           ${String(s.husky.ms).padStart(7)} ms  ${s.husky.ratio}× node -e 0`);
  console.log(`  npx --no-install              ${String(s.npx.ms).padStart(7)} ms  ${s.npx.ratio}× node -e 0, ${s.npx.ratioToLauncherFloor}× npx running node -e 0 (${s.npx.launcherFloorMs} ms)`);
  console.log(`  npm exec --no                 ${String(s.npmExec.ms).padStart(7)} ms  ${s.npmExec.ratio}× node -e 0, ${s.npmExec.ratioToLauncherFloor}× npm exec running node -e 0 (${s.npmExec.launcherFloorMs} ms)`);

  // 2b. The same start-up on the other Node lines, when scripts/node-versions.mjs installed them.
  results.startupOtherNodes = {};
  for (const major of SMOKE_MAJORS) {
    const node = nodeBinary(major);
    if (!fs.existsSync(node)) {
      console.log(`  Node ${major}: skipped (node scripts/node-versions.mjs installs it)`);
      continue;
    }
    const env = { PATH: `${path.dirname(node)}:${huskyEnv.PATH}` };
    const o = timeInterleaved(
      {
        floor: [node, ['-e', '0'], { cwd }],
        bin: [node, [path.join(cwd, 'node_modules/scan-keys/dist/cli.js'), '--staged'], { cwd }],
        husky: ['sh', ['-e', '.husky/pre-commit'], { cwd, env }],
      },
      runs,
    );
    const r = { floorMs: ms(o.floor.median), binMs: ms(o.bin.median), binRatio: +(o.bin.median / o.floor.median).toFixed(2), huskyMs: ms(o.husky.median), huskyRatio: +(o.husky.median / o.floor.median).toFixed(2) };
    results.startupOtherNodes[major] = r;
    console.log(`  Node ${major}: bin ${r.binMs} ms ${r.binRatio}×, husky ${r.huskyMs} ms ${r.huskyRatio}× its node -e 0 (${r.floorMs} ms)`);
  }

  // 3. Added commit latency per hook tool.
  console.log(`\nadded latency of a clean commit (push for husky-pre-push), median of ${runs} interleaved pairs:`);
  results.latency = {};
  for (const tool of tools) {
    const why = unavailable(tool);
    if (why) {
      console.log(`  ${tool.padEnd(16)} skipped: ${why}`);
      results.latency[tool] = { skipped: why };
      continue;
    }
    let p;
    try {
      p = setupProject(tool, { tarball, dir: path.join(work, tool), work, preCommitHome });
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      console.log(`  ${tool.padEnd(16)} skipped: ${err.message}`);
      results.latency[tool] = { skipped: err.message };
      continue;
    }
    attempt(p, { key: false }); // warm caches
    attempt(p, { key: false, noVerify: true });
    const hooked = [];
    const bare = [];
    for (let i = 0; i < runs; i++) {
      const a = attempt(p, { key: false });
      const b = attempt(p, { key: false, noVerify: true });
      if (a.code !== 0 || b.code !== 0) throw new Error(`${tool}: a clean commit failed:\n${a.out}${b.out}`);
      hooked.push(a.ms);
      bare.push(b.ms);
    }
    const r = { withHookMs: +median(hooked).toFixed(1), noVerifyMs: +median(bare).toFixed(1) };
    r.addedMs = +(r.withHookMs - r.noVerifyMs).toFixed(1);
    results.latency[tool] = r;
    console.log(`  ${tool.padEnd(16)} +${r.addedMs} ms  (${r.withHookMs} ms with the hook, ${r.noVerifyMs} ms with --no-verify)`);
  }
  results.loadAtEnd = os.loadavg()[0];
  console.log(`\nload ${results.load.toFixed(2)} at start, ${results.loadAtEnd.toFixed(2)} at end`);
  fs.mkdirSync(path.join(ROOT, 'bench/.work'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/.work/hooks.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
