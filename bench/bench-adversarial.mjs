// Measurements of `npm run bench:adversarial`: each hostile file in its own
// process, per-rule throughput, the whole corpus against ordinary code of the
// same size, and the MB-sized files. Every run has a timeout, so an engine
// that stalls is reported as "> N s" instead of hanging the bench.
import path from 'node:path';
import { measure, median } from './measure.mjs';
import { readReport, firstLine } from './findings.mjs';

const MB = 1024 * 1024;
const NODE = process.execPath;
export const SLOW_SECONDS = 0.5;

/**
 * Scans `target` (relative to ctx.dir) once: { wall, rssMB, timedOut, code,
 * findings, ruleIds, files, bytesScanned, skippedTooLarge, error }.
 */
export async function scanOne(ctx, target, { env = {}, args = [] } = {}) {
  const out = path.join(ctx.dir, 'scan-output.json');
  const r = await measure(NODE, [ctx.cli, target, '--format', 'json', ...args], { cwd: ctx.dir, env, stdout: out, timeoutMs: ctx.timeoutMs });
  const res = { wall: +r.wall.toFixed(3), rssMB: r.rssMB == null ? null : +r.rssMB.toFixed(1), timedOut: r.timedOut, code: r.code ?? r.signal };
  if (r.timedOut) return res;
  const report = readReport(out);
  if (!report || (r.code !== 0 && r.code !== 1)) return { ...res, error: firstLine(r.stderr) || `exit ${res.code}, no JSON report` };
  const s = report.stats ?? {};
  return {
    ...res,
    findings: report.findings.length,
    ruleIds: [...new Set(report.findings.map((f) => f.ruleId))],
    files: s.files ?? null,
    bytesScanned: s.bytes ?? null,
    skippedTooLarge: s.skippedTooLarge ?? 0,
  };
}

/** `scan-keys --version`: node start-up plus loading the bundle, the least any scan costs. */
export async function versionFloor(ctx, runs = 5) {
  const walls = [];
  for (let i = 0; i < runs + 1; i++) {
    const r = await measure(NODE, [ctx.cli, '--version'], { cwd: ctx.dir, timeoutMs: ctx.timeoutMs });
    if (i > 0) walls.push(r.wall); // the first run warms the page cache
  }
  return { median: +median(walls).toFixed(3), min: +Math.min(...walls).toFixed(3), runs: walls.length };
}

const labelOf = (f) => `${f.rule ?? 'global'} — ${f.input}`;

/** Every corpus file in its own process, one thread (SCAN_KEYS_WORKERS=0), one after the other. */
export async function perFile(ctx, files) {
  const results = [];
  let slow = 0;
  let stalled = 0;
  for (const [i, f] of files.entries()) {
    const r = await scanOne(ctx, f.rel, { env: { SCAN_KEYS_WORKERS: '0' } });
    results.push({ file: f.rel, rule: f.rule, input: f.input, label: labelOf(f), bytes: f.bytes, ...r });
    if (r.wall > SLOW_SECONDS) slow++;
    if (r.timedOut) {
      stalled++;
      ctx.log(`  timed out after ${ctx.timeoutMs / 1000} s: ${labelOf(f)} (${f.rel})`);
    } else if (r.error) ctx.log(`  failed: ${labelOf(f)} (${f.rel}): ${r.error}`);
    if ((i + 1) % 50 === 0 || i + 1 === files.length) ctx.log(`  per-file: ${i + 1}/${files.length} (${slow} over ${SLOW_SECONDS} s, ${stalled} timed out)`);
  }
  return results;
}

/** Worst rules first: MB/s over each rule's files, raw and net of the --version floor (a timed-out file counts its timeout: an upper bound). */
export function perRule(results, floor) {
  const byRule = new Map();
  for (const r of results) {
    if (!r.rule) continue;
    const e = byRule.get(r.rule) ?? { rule: r.rule, files: 0, bytes: 0, wall: 0, timedOut: 0 };
    e.files++;
    e.bytes += r.bytes;
    e.wall += r.wall;
    e.timedOut += r.timedOut ? 1 : 0;
    byRule.set(r.rule, e);
  }
  return [...byRule.values()]
    .map((e) => {
      const net = e.wall - e.files * floor;
      return { ...e, wall: +e.wall.toFixed(3), mbps: +(e.bytes / MB / e.wall).toFixed(3), netMbps: net > 0 ? +(e.bytes / MB / net).toFixed(2) : null };
    })
    .sort((a, b) => a.mbps - b.mbps);
}

/** The whole corpus in one process, then ordinary code of the same size, both with scan-keys' default threads. */
export async function corpusVsControl(ctx, manifest) {
  const sum = (files) => files.reduce((n, f) => n + f.bytes, 0);
  const side = async (dir, files) => {
    const r = await scanOne(ctx, dir);
    ctx.log(`  ${dir}: ${files.length} files, ${(sum(files) / MB).toFixed(1)} MB, ${r.timedOut ? `> ${ctx.timeoutMs / 1000}` : r.wall.toFixed(2)} s${r.error ? ` (failed: ${r.error})` : ''}`);
    return { files: files.length, bytes: sum(files), ...r };
  };
  const adversarial = await side('corpus', manifest.corpus);
  const control = await side('control', manifest.control);
  const ok = !adversarial.error && !control.error && !control.timedOut;
  // A timed-out adversarial run still bounds the ratio from below.
  const ratio = ok ? +(adversarial.wall / control.wall).toFixed(2) : null;
  return { adversarial, control, ratio, ratioIsLowerBound: ok && adversarial.timedOut };
}

/** MB-sized files, each in its own process; --max-file-size raised so none is skipped. */
export async function bigFiles(ctx, files, floor) {
  const out = [];
  for (const f of files) {
    const r = await scanOne(ctx, f.rel, { env: { SCAN_KEYS_WORKERS: '0' }, args: ['--max-file-size', '64MB'] });
    const net = r.wall - floor;
    const res = { file: f.rel, input: f.input, bytes: f.bytes, ...r, mbps: +(f.bytes / MB / r.wall).toFixed(2), netMbps: net > 0 ? +(f.bytes / MB / net).toFixed(2) : null };
    if (f.expect) res.expectedFound = !r.timedOut && !r.error ? r.ruleIds.includes(f.expect) : null;
    ctx.log(`  ${path.basename(f.rel)}: ${r.timedOut ? `> ${ctx.timeoutMs / 1000}` : r.wall.toFixed(2)} s${r.error ? ` (failed: ${r.error})` : ''}`);
    out.push({ ...res, expect: f.expect });
  }
  return out;
}
