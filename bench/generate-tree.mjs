// Generates a deterministic, realistic source tree (a git repository) with a
// handful of planted keys. Usage: node bench/generate-tree.mjs [dir] [MB]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Rng } from './prng.mjs';
import * as C from './content.mjs';
import { KEY_MAKERS } from './keys.mjs';

const GENERATOR_VERSION = 6;
const MAX_FILE = 9 * 1024 * 1024; // stay under scan-keys' default --max-file-size

const KB = 1024;
const codeSize = (rng) => Math.round(Math.exp(rng.int(Math.log(0.8 * KB) * 100, Math.log(30 * KB) * 100) / 100));

// What each kind of package holds: [weight, extension, generator, size].
const KINDS = {
  'node-ts': [
    [10, 'ts', (r, b) => C.javascript(r, b, true), codeSize],
    [2, 'test.ts', (r, b) => C.javascript(r, b, true), codeSize],
    [2, 'json', C.jsonConfig, (r) => r.int(1, 12) * KB],
    [1, 'md', C.markdown, codeSize],
  ],
  'node-js': [
    [10, 'js', (r, b) => C.javascript(r, b, false), codeSize],
    [2, 'json', C.jsonConfig, (r) => r.int(1, 12) * KB],
    [1, 'md', C.markdown, codeSize],
    [1, 'yml', C.yaml, (r) => r.int(1, 8) * KB],
  ],
  python: [
    [10, 'py', C.python, codeSize],
    [1, 'md', C.markdown, codeSize],
    [1, 'yaml', C.yaml, (r) => r.int(1, 8) * KB],
  ],
  go: [
    [10, 'go', C.go, codeSize],
    [1, 'md', C.markdown, codeSize],
    [1, 'yaml', C.yaml, (r) => r.int(1, 8) * KB],
  ],
  web: [
    [8, 'tsx', (r, b) => C.javascript(r, b, true), codeSize],
    [1, 'min.js', C.minified, (r) => r.int(100, 1500) * KB],
    [1, 'js.map', C.sourceMap, (r) => r.int(100, 800) * KB],
    [1, 'md', C.markdown, codeSize],
  ],
};

const SUBDIRS = ['src', 'src/lib', 'src/handlers', 'src/models', 'src/utils', 'test', 'internal', 'docs', 'scripts', 'config'];

/** Where each planted key goes: the kind of file to put it in. */
const PLANT_TARGETS = [
  ['openai', /\.(ts|js|tsx)$/],
  ['anthropic', /\.env/],
  ['github', /\.ya?ml$/],
  ['stripe', /\.py$/],
  ['google', /\.json$/],
  ['gitlab', /\.py$/],
  ['slackWebhook', /\.ya?ml$/],
];

function buildFiles(rng, totalBytes) {
  const files = new Map(); // relative path → content
  let bytes = 0;
  const unitCount = Math.max(3, Math.round(totalBytes / (1.5 * 1024 * KB)));
  const kinds = Object.keys(KINDS);
  const add = (p, text) => {
    files.set(p, text);
    bytes += Buffer.byteLength(text);
  };
  for (let u = 0; u < unitCount; u++) {
    const kind = kinds[u % kinds.length];
    const ur = rng.fork(`unit-${u}`);
    const top = kind === 'go' || kind === 'python' ? 'services' : kind === 'web' ? 'apps' : 'packages';
    const unitDir = `${top}/${C.word(ur)}-${C.word(ur)}-${u}`;
    const budget = totalBytes / unitCount;
    const start = bytes;
    add(`${unitDir}/README.md`, C.markdown(ur, ur.int(2, 10) * KB));
    if (kind.startsWith('node') || kind === 'web') add(`${unitDir}/package-lock.json`, C.packageLock(ur, Math.min(budget * 0.08, 1500 * KB)));
    if (kind === 'go') add(`${unitDir}/go.sum`, C.goSum(ur, Math.min(budget * 0.03, 200 * KB)));
    add(`${unitDir}/.env.example`, C.dotenv(ur, ur.int(1, 3) * KB));
    if (ur.chance(0.5)) add(`${unitDir}/config/.env.${ur.pick(['development', 'test', 'staging'])}`, C.dotenv(ur, ur.int(1, 2) * KB));
    let n = 0;
    while (bytes - start < budget) {
      const [, ext, gen, size] = ur.weighted(KINDS[kind].map((k) => [k[0], k]));
      const name = ext === 'py' || ext === 'go' ? C.snake(ur, 1) : C.camel(ur, 1);
      const p = `${unitDir}/${ur.pick(SUBDIRS)}/${name}${n++}.${ext}`;
      add(p, gen(ur, Math.min(size(ur), MAX_FILE, budget)));
    }
  }
  return { files, bytes };
}

function plantKeys(rng, files) {
  const planted = [];
  const paths = [...files.keys()].sort();
  const insert = (file, lines, afterLine) => {
    const text = files.get(file).split('\n');
    text.splice(afterLine, 0, ...lines);
    files.set(file, text.join('\n'));
    return afterLine + 1; // 1-based line of the first inserted line
  };
  for (const [maker, pattern] of PLANT_TARGETS) {
    const candidates = paths.filter((p) => pattern.test(p) && !p.endsWith('.min.js') && !p.includes('package-lock'));
    const file = rng.pick(candidates);
    const { kind, lines } = KEY_MAKERS[maker](rng);
    const lineCount = files.get(file).split('\n').length;
    // JSON: right after the opening brace keeps the file valid.
    const after = file.endsWith('.json') ? 1 : rng.int(1, Math.max(1, lineCount - 2));
    planted.push({ kind, file, line: insert(file, lines, after) });
  }
  // AWS id + secret in a credentials file, a PEM block in a certificate folder.
  const unit = rng.pick(paths).split('/').slice(0, 2).join('/');
  const id = KEY_MAKERS.awsId(rng);
  const secret = KEY_MAKERS.awsSecret(rng);
  files.set(`${unit}/deploy/credentials.ini`, ['[default]', ...id.lines, ...secret.lines, 'region = eu-west-1', ''].join('\n'));
  planted.push({ kind: id.kind, file: `${unit}/deploy/credentials.ini`, line: 2 });
  planted.push({ kind: secret.kind, file: `${unit}/deploy/credentials.ini`, line: 3 });
  const pem = KEY_MAKERS.pem(rng);
  const unit2 = rng.pick(paths).split('/').slice(0, 2).join('/');
  files.set(`${unit2}/certs/dev-server.key`, pem.lines.join('\n') + '\n');
  planted.push({ kind: pem.kind, file: `${unit2}/certs/dev-server.key`, line: 1, endLine: pem.lines.length });
  return planted;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

export function git(cwd, args, opts = {}) {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, maxBuffer: 1 << 30, ...opts });
}

/** Writes the files of a Map under dir. */
export function writeFiles(dir, files) {
  const made = new Set();
  for (const [rel, text] of files) {
    const full = path.join(dir, rel);
    const parent = path.dirname(full);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(full, text);
  }
}

/**
 * Generates the tree under `dir` (reused when a previous run made the same one).
 * Returns { dir, bytes, files, planted, units: [{ dir, bytes }] }.
 */
export function generateTree({ dir, mb = 30, seed = 'scan-keys-bench' }) {
  const manifestPath = `${dir}.json`;
  const params = { GENERATOR_VERSION, mb, seed };
  if (fs.existsSync(manifestPath) && fs.existsSync(dir)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(m.params) === JSON.stringify(params)) return { ...m, reused: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(manifestPath, { force: true });
  const rng = new Rng(seed);
  const { files } = buildFiles(rng.fork('files'), mb * 1024 * KB);
  const planted = plantKeys(rng.fork('keys'), files);
  writeFiles(dir, files);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Initial import']);
  const units = new Map();
  let bytes = 0;
  for (const [rel, text] of files) {
    const b = Buffer.byteLength(text);
    bytes += b;
    const u = rel.split('/').slice(0, 2).join('/');
    units.set(u, (units.get(u) ?? 0) + b);
  }
  const manifest = {
    params,
    dir,
    bytes,
    files: files.size,
    planted,
    units: [...units].map(([d, b]) => ({ dir: d, bytes: b })),
  };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'bench/.work/tree');
  const t0 = Date.now();
  const m = generateTree({ dir, mb: Number(process.argv[3] ?? process.env.BENCH_MB ?? 30) });
  console.log(`${dir}: ${m.files} files, ${(m.bytes / 1048576).toFixed(1)} MB, ${m.planted.length} planted keys, ${Date.now() - t0} ms${m.reused ? ' (reused)' : ''}`);
}
