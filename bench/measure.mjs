// Timing harness: wall time and peak RSS of child processes, medians.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RSS_PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-probe.mjs');

let gnuTime;
/** Whether GNU time works here (it reports peak RSS of the child in KB). */
export function hasGnuTime() {
  if (gnuTime === undefined) {
    if (process.env.BENCH_NO_GNU_TIME === '1') return (gnuTime = false);
    const r = spawnSync(GNU_TIME, ['-f', '%e %M', 'true'], { encoding: 'utf8' });
    gnuTime = r.status === 0 && /^\d+\.\d+ \d+\s*$/m.test(r.stderr);
  }
  return gnuTime;
}

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Runs one command, measuring wall time (s) and peak RSS (MB).
 * Peak RSS comes from GNU time when available; otherwise, for node commands
 * only, from a preloaded probe that records process.resourceUsage().maxRSS.
 * opts: cwd, env, stdout (file path, default /dev/null), timeoutMs.
 * Resolves { wall, cpu, rssMB, code, signal, timedOut, stdoutFile }; cpu
 * (user + system seconds, children included) only with GNU time.
 */
export function measure(cmd, args, opts = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-keys-bench-'));
  const timeFile = path.join(tmp, 'time');
  const stdoutFile = opts.stdout ?? '/dev/null';
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(path.join(tmp, 'stderr'), 'w');
  let env = { ...process.env, ...opts.env };
  let argv;
  if (hasGnuTime()) {
    argv = [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile, cmd, ...args];
  } else {
    argv = [cmd, ...args];
    if (cmd === process.execPath) {
      env = { ...env, SCAN_KEYS_BENCH_RSS_FILE: timeFile };
      argv = [cmd, '--import', RSS_PROBE, ...args];
    }
  }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env, stdio: ['ignore', out, err], detached: true });
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid, 'SIGKILL'); // the whole group we started
          } catch {}
        }, opts.timeoutMs)
      : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (timer) clearTimeout(timer);
      fs.closeSync(out);
      fs.closeSync(err);
      let rssMB = null;
      let cpu = null;
      try {
        const line = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop();
        const fields = line.split(/\s+/);
        const kb = Number(fields.at(-1));
        if (Number.isFinite(kb) && kb > 0) rssMB = kb / 1024;
        // GNU time: user + system seconds of the command and the children it waited for (git).
        if (fields.length === 4) cpu = Number(fields[1]) + Number(fields[2]);
      } catch {}
      // GNU time reports "Command exited with non-zero status N" before its line.
      const stderr = fs.readFileSync(path.join(tmp, 'stderr'), 'utf8');
      fs.rmSync(tmp, { recursive: true, force: true });
      resolve({ wall, cpu, rssMB, code, signal, timedOut, stdoutFile, stderr });
    });
  });
}

/**
 * Start-up timing: runs each command `runs` times, interleaved (a, b, c, a, b,
 * c, …) after `warmup` untimed rounds. commands: { name: [cmd, args, opts] }.
 * Returns { name: { median, min, max, runs: [s…], codes: Set } }.
 */
export function timeInterleaved(commands, runs, warmup = 2) {
  const names = Object.keys(commands);
  const res = Object.fromEntries(names.map((n) => [n, { runs: [], codes: new Set() }]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const n of names) {
      const [cmd, args, opts = {}] = commands[n];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: 'ignore' });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (i >= warmup) {
        res[n].runs.push(s);
        res[n].codes.add(r.status);
      }
    }
  }
  for (const n of names) {
    const v = res[n].runs;
    Object.assign(res[n], { median: median(v), min: Math.min(...v), max: Math.max(...v) });
  }
  return res;
}

/**
 * measure(), but a run that fails `ok(result)` (e.g. a crash because dist/ was
 * being rebuilt under us) is retried up to `tries` times; a run that never
 * passes throws, so no broken run is ever counted as a figure.
 */
export async function measureOk(cmd, args, opts, ok, tries = 3) {
  let r;
  for (let i = 0; i < tries; i++) {
    r = await measure(cmd, args, opts);
    if (!r.timedOut && ok(r)) return r;
  }
  const err = r.stderr.split('\n').find((l) => l.trim() && !l.startsWith('Command exited')) ?? '';
  const why = r.timedOut
    ? `timed out after ${opts.timeoutMs / 1000} s`
    : `exit ${r.code ?? r.signal}${err ? `: ${err}` : ''}; output unlike the first run's — was dist/ rebuilt meanwhile?`;
  throw new Error(`${path.basename(args[0] ?? cmd)} failed ${tries} times (${why})`);
}
