// Section 1 (issue 2): tree throughput and peak memory of scan-keys, secretlint
// (recommended preset) and `node -e 0`, on the same generated tree.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { generateTree } from './generate-tree.mjs';
import { measure, measureOk, median } from './measure.mjs';
import { readReport, matchPlanted, describeMatch, firstLine } from './findings.mjs';
import { fileURLToPath } from 'node:url';

const READ_FLOOR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'read-floor.mjs');

const MB = 1024 * 1024;
const NODE = process.execPath;
const mbps = (bytes, s) => bytes / MB / s;

function summarize(runs, bytes, floor) {
  const wall = median(runs.map((r) => r.wall));
  const rss = runs.map((r) => r.rssMB).filter((x) => x != null);
  // CPU seconds (user + system, with GNU time): steadier than wall time when the host is busy.
  const cpu = runs.map((r) => r.cpu).filter((x) => x != null);
  return {
    runs: runs.map((r) => +r.wall.toFixed(3)),
    wall: +wall.toFixed(3),
    cpu: cpu.length ? +median(cpu).toFixed(3) : null,
    peakRssMB: rss.length ? +Math.max(...rss).toFixed(1) : null,
    mbps: +mbps(bytes, wall).toFixed(2),
    // Throughput once node's own start-up (the floor) is taken off.
    netMbps: floor != null && wall > floor ? +mbps(bytes, wall - floor).toFixed(2) : null,
  };
}

/** secretlint's JSON report → the files it read and where it found something. */
function readSecretlintJson(file, cwd) {
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  let bytes = 0;
  const findings = [];
  for (const r of results) {
    try {
      bytes += fs.statSync(r.filePath).size;
    } catch {}
    for (const m of r.messages ?? []) findings.push({ file: path.relative(cwd, r.filePath), line: m.loc?.start?.line, ruleId: m.ruleId });
  }
  return { files: results.length, bytes, findings };
}

/** Runs secretlint once in JSON (untimed, also the warm-up): what does it scan, does it finish in time? */
async function secretlintCoverage(ctx, tree, rc) {
  const out = path.join(ctx.work, 'secretlint.json');
  // Full tree first; if that is too slow, about 1/8 of it, then 1/64.
  for (const fraction of [1, 1 / 8, 1 / 64]) {
    let patterns = ['**/*'];
    if (fraction < 1) {
      patterns = [];
      let b = 0;
      for (const u of tree.units) {
        if (b >= tree.bytes * fraction) break;
        patterns.push(`${u.dir}/**/*`);
        b += u.bytes;
      }
    }
    const args = [ctx.secretlintBin, '--secretlintrc', rc, '--format', 'json', ...patterns];
    const r = await measure(NODE, args, { cwd: tree.dir, stdout: out, timeoutMs: ctx.secretlintTimeoutMs });
    if (r.timedOut) {
      ctx.log(`  secretlint: ${patterns.length === 1 ? 'the full tree' : `${patterns.length} packages`} took over ${ctx.secretlintTimeoutMs / 1000} s; scaling its tree down`);
      continue;
    }
    if (r.code !== 0 && r.code !== 1) return { skipped: `secretlint failed (exit ${r.code}): ${firstLine(r.stderr)}` };
    const cov = readSecretlintJson(out, tree.dir);
    fs.rmSync(out, { force: true });
    return { patterns, fraction, ...cov };
  }
  return { skipped: `secretlint did not finish ${(tree.bytes / MB / 64).toFixed(1)} MB within ${ctx.secretlintTimeoutMs / 1000} s` };
}

/** A tree given by BENCH_TREE_DIR (a real node_modules, say): its text files and bytes as the floor reads them, no planted keys. */
function externalTree(dir) {
  const r = spawnSync(NODE, [READ_FLOOR, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot read BENCH_TREE_DIR ${dir}: ${firstLine(r.stderr)}`);
  let files = 0;
  const count = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== '.git') count(path.join(d, e.name));
      else if (e.isFile()) files++;
    }
  };
  count(dir);
  return { dir: path.resolve(dir), files, bytes: JSON.parse(r.stdout).bytes, planted: [], units: [], reused: true };
}

export async function benchTree(ctx) {
  const { log } = ctx;
  const t0 = Date.now();
  const tree = ctx.treeDir ? externalTree(ctx.treeDir) : generateTree({ dir: path.join(ctx.work, 'tree'), mb: ctx.mb });
  const res = { files: tree.files, bytes: tree.bytes, plantedKeys: tree.planted.length, generateSeconds: +((Date.now() - t0) / 1000).toFixed(1) };
  log(`tree: ${tree.files} files, ${(tree.bytes / MB).toFixed(1)} MB, ${tree.planted.length} planted keys (${tree.reused ? 'reused' : `generated in ${res.generateSeconds} s`})`);

  // Which tools can run: one untimed run each, also warming the page cache.
  const skOut = path.join(ctx.work, 'tree-scan-keys.json');
  const skArgs = [ctx.cli, '.', '--format', 'json'];
  let sk = null;
  if (!ctx.cliExists) res.scanKeys = { skipped: 'dist/cli.js is not built (npm run build)' };
  else {
    const r = await measure(NODE, skArgs, { cwd: tree.dir, stdout: skOut, timeoutMs: ctx.timeoutMs });
    const report = readReport(skOut);
    if (!report || (r.code !== 0 && r.code !== 1)) res.scanKeys = { skipped: `scan-keys failed (exit ${r.code ?? r.signal}): ${firstLine(r.stderr)}` };
    else {
      const m = matchPlanted(tree.planted, report.findings);
      sk = { findings: report.findings.length, filesScanned: report.stats?.files ?? null, bytesScanned: report.stats?.bytes ?? tree.bytes, planted: `${m.found.length}/${tree.planted.length}`, missed: m.missed.map((x) => x.kind), otherFindings: m.other.length };
      log(`  scan-keys: ${describeMatch(m)}; scanned ${sk.filesScanned ?? '?'} files, ${(sk.bytesScanned / MB).toFixed(1)} MB`);
    }
  }
  let sl = null;
  const rc = path.join(ctx.work, 'secretlintrc.json');
  fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  if (ctx.treeDir) res.secretlint = { skipped: 'BENCH_TREE_DIR: scan-keys and the read floors only' };
  else if (!fs.existsSync(ctx.secretlintBin)) res.secretlint = { skipped: 'secretlint is not installed (npm ci)' };
  else {
    const cov = await secretlintCoverage(ctx, tree, rc);
    if (cov.skipped) res.secretlint = { skipped: cov.skipped };
    else {
      const m = matchPlanted(tree.planted.filter((p) => cov.patterns[0] === '**/*' || cov.patterns.some((pt) => p.file.startsWith(pt.slice(0, -4)))), cov.findings);
      sl = { patterns: cov.patterns, filesScanned: cov.files, bytesScanned: cov.bytes, planted: `${m.found.length}/${m.found.length + m.missed.length}`, missed: m.missed.map((x) => x.kind), otherFindings: m.other.length };
      if (cov.fraction < 1) sl.scaledDown = `secretlint scanned ${(cov.bytes / MB).toFixed(1)} of ${(tree.bytes / MB).toFixed(1)} MB (the full tree took over ${ctx.secretlintTimeoutMs / 1000} s); its MB/s is on what it scanned`;
      log(`  secretlint: ${describeMatch(m)}; scanned ${cov.files} files, ${(cov.bytes / MB).toFixed(1)} MB${sl.scaledDown ? ' (scaled down)' : ''}`);
    }
  }

  // A timed scan-keys run counts only if it exited 0/1 with the same findings as the first run.
  const skOk = (r) => (r.code === 0 || r.code === 1) && readReport(skOut)?.findings.length === sk.findings;
  // Timed runs, interleaved so that drift in the machine hits every tool alike.
  const runs = { floor: [], read: [], decode: [], sk: [], sl: [] };
  for (let i = 0; i < ctx.runs; i++) {
    runs.floor.push(await measureOk(NODE, ['-e', '0'], { cwd: tree.dir }, (r) => r.code === 0));
    // What reading the tree costs node at least (issue 28's target is ≤ 2× read + decode).
    runs.read.push(await measureOk(NODE, [READ_FLOOR, '.'], { cwd: tree.dir }, (r) => r.code === 0));
    runs.decode.push(await measureOk(NODE, [READ_FLOOR, '.', 'decode'], { cwd: tree.dir }, (r) => r.code === 0));
    if (sk) runs.sk.push(await measureOk(NODE, skArgs, { cwd: tree.dir, stdout: skOut, timeoutMs: ctx.timeoutMs }, skOk));
    if (sl) runs.sl.push(await measureOk(NODE, [ctx.secretlintBin, '--secretlintrc', rc, '--format', 'unix', ...sl.patterns], { cwd: tree.dir, timeoutMs: ctx.secretlintTimeoutMs * 2 }, (r) => r.code === 0 || r.code === 1));
    log(`  run ${i + 1}/${ctx.runs}: node -e 0 ${runs.floor.at(-1).wall.toFixed(2)} s${sk ? `, scan-keys ${runs.sk.at(-1).wall.toFixed(2)} s` : ''}${sl ? `, secretlint ${runs.sl.at(-1).wall.toFixed(2)} s` : ''}`);
  }
  const floorWall = median(runs.floor.map((r) => r.wall));
  res.floor = summarize(runs.floor, tree.bytes, null);
  res.readFloor = summarize(runs.read, tree.bytes, null);
  res.decodeFloor = summarize(runs.decode, tree.bytes, null);
  if (sk) {
    res.scanKeys = { ...sk, ...summarize(runs.sk, sk.bytesScanned, floorWall) };
    // Per run, against the read + decode floor timed next to it: drift on the machine hits both.
    res.scanKeys.overDecodeFloor = +median(runs.sk.map((r, i) => r.wall / runs.decode[i].wall)).toFixed(2);
    if (runs.sk.every((r, i) => r.cpu && runs.decode[i].cpu)) res.scanKeys.cpuOverDecodeFloor = +median(runs.sk.map((r, i) => r.cpu / runs.decode[i].cpu)).toFixed(2);
  }
  if (sl) {
    const { patterns, ...rest } = sl;
    res.secretlint = { ...rest, ...summarize(runs.sl, sl.bytesScanned, floorWall) };
  }
  if (sk && sl) {
    res.ratio = +(res.scanKeys.mbps / res.secretlint.mbps).toFixed(1);
    if (res.scanKeys.netMbps && res.secretlint.netMbps) res.netRatio = +(res.scanKeys.netMbps / res.secretlint.netMbps).toFixed(1);
  }
  return res;
}
