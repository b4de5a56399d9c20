// Generates a deterministic git repository with a few thousand commits of
// realistic edits (through one `git fast-import` stream) and a few planted keys.
// Usage: node bench/generate-history.mjs [dir] [commits]
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from './prng.mjs';
import * as C from './content.mjs';
import { KEY_MAKERS } from './keys.mjs';
import { git } from './generate-tree.mjs';

const GENERATOR_VERSION = 4;

const FILE_KINDS = [
  [5, 'ts', (r, b) => C.javascript(r, b, true)],
  [3, 'js', (r, b) => C.javascript(r, b, false)],
  [3, 'py', C.python],
  [2, 'go', C.go],
  [1, 'md', C.markdown],
  [1, 'yml', C.yaml],
  [1, 'json', C.jsonConfig],
];
const DIRS = ['src', 'src/api', 'src/core', 'src/utils', 'lib', 'test', 'docs', 'scripts', 'cmd/server', 'internal/store'];
const AUTHORS = ['Ana Lima', 'Ben Carter', 'Chen Wei', 'Dana Cohen', 'Eli Novak', 'Fatima Khan', 'Gus Olsen', 'Hana Sato'];
const TYPES = ['fix', 'feat', 'refactor', 'chore', 'docs', 'test', 'perf'];

/** Planted keys: at which fraction of the history, which maker, removed in the next commit? */
const PLANTS = [
  [0.08, 'openai', true],
  [0.27, 'github', false],
  [0.45, 'pem', false],
  [0.63, 'awsId', false],
  [0.81, 'stripe', true],
  [0.93, 'anthropic', false],
];

function newFile(rng, files, n) {
  const [, ext, gen] = rng.weighted(FILE_KINDS.map((k) => [k[0], k]));
  const name = ext === 'py' || ext === 'go' ? C.snake(rng, 1) : C.camel(rng, 1);
  const p = `${rng.pick(DIRS)}/${name}${n}.${ext}`;
  files.set(p, { gen, lines: gen(rng, rng.int(1, 8) * 1024).split('\n') });
  return p;
}

/** A realistic hunk: a few lines inserted, changed or deleted. */
function edit(rng, f) {
  const { lines, gen } = f;
  const fresh = () => {
    const src = gen(rng, 2048).split('\n');
    const start = rng.int(Math.min(8, src.length - 1), src.length - 1);
    return src.slice(start, start + rng.int(2, 30));
  };
  const at = rng.int(0, lines.length);
  const op = lines.length > 600 ? rng.weighted([[1, 'insert'], [2, 'delete'], [1, 'change']]) : rng.weighted([[3, 'insert'], [1, 'delete'], [3, 'change']]);
  if (op === 'insert') lines.splice(at, 0, ...fresh());
  else if (op === 'delete') lines.splice(at, rng.int(1, 12));
  else lines.splice(at, rng.int(1, 4), ...fresh().slice(0, rng.int(1, 6)));
}

function commitMessage(rng) {
  return `${rng.pick(TYPES)}(${C.word(rng)}): ${C.sentence(rng, 3, 9).toLowerCase().slice(0, -1)}\n\n${C.sentence(rng, 6, 20)}\n`;
}

/**
 * Generates the repository under `dir` (reused when a previous run made the
 * same one). Returns { dir, commits, streamBytes, planted: [{ kind, file, line, commit }] }.
 */
export function generateHistory({ dir, commits = 3000, seed = 'scan-keys-bench-history' }) {
  const manifestPath = `${dir}.json`;
  const params = { GENERATOR_VERSION, commits, seed };
  if (fs.existsSync(manifestPath) && fs.existsSync(dir)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(m.params) === JSON.stringify(params)) return { ...m, reused: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(manifestPath, { force: true });
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(seed);
  const files = new Map();
  let fileNo = 0;
  const chunks = [];
  const data = (text) => {
    chunks.push(`data ${Buffer.byteLength(text)}\n`, text, '\n');
  };
  const plantAt = new Map(PLANTS.map(([frac, maker, removed]) => [Math.max(2, Math.round(frac * commits)), { maker, removed }]));
  const planted = [];
  let removeNext = null;
  let time = 1609459200; // 2021-01-01
  for (let mark = 1; mark <= commits; mark++) {
    const changed = new Set();
    const deleted = [];
    if (mark === 1) {
      for (let i = 0; i < 120; i++) changed.add(newFile(rng, files, fileNo++));
    } else {
      // The "oops" commit: a key planted in the previous commit is taken out again.
      if (removeNext) {
        const f = files.get(removeNext.file);
        if (f) {
          f.lines.splice(removeNext.line - 1, removeNext.count);
          changed.add(removeNext.file);
        }
        removeNext = null;
      }
      const paths = [...files.keys()];
      for (let i = rng.weighted([[5, 1], [4, 2], [2, 3], [1, 5]]); i > 0; i--) {
        const p = rng.pick(paths);
        for (let e = rng.int(1, 3); e > 0; e--) edit(rng, files.get(p));
        changed.add(p);
      }
      if (rng.chance(0.03)) changed.add(newFile(rng, files, fileNo++));
      if (rng.chance(0.008) && files.size > 60) {
        const p = rng.pick(paths);
        if (!changed.has(p)) {
          files.delete(p);
          deleted.push(p);
        }
      }
      const plant = plantAt.get(mark);
      if (plant) {
        const { kind, lines } = KEY_MAKERS[plant.maker](rng);
        let file;
        if (plant.maker === 'pem') {
          file = `config/certs/staging-${mark}.key`;
          files.set(file, { gen: C.markdown, lines: [...lines, ''] });
        } else if (plant.maker === 'awsId') {
          file = `deploy/aws-${mark}.ini`;
          const secret = KEY_MAKERS.awsSecret(rng);
          files.set(file, { gen: C.markdown, lines: ['[default]', ...lines, ...secret.lines, 'region = us-east-1', ''] });
          planted.push({ kind: secret.kind, file, line: 3, mark });
        } else {
          file = rng.pick([...changed].filter((p) => !p.endsWith('.json')));
        }
        const f = files.get(file);
        const line = plant.maker === 'pem' ? 1 : plant.maker === 'awsId' ? 2 : rng.int(1, f.lines.length);
        if (plant.maker !== 'pem' && plant.maker !== 'awsId') f.lines.splice(line - 1, 0, ...lines);
        changed.add(file);
        planted.push({ kind, file, line, ...(lines.length > 1 ? { endLine: line + lines.length - 1 } : {}), mark });
        if (plant.removed) removeNext = { file, line, count: lines.length };
      }
    }
    time += rng.int(300, 60000);
    const who = rng.pick(AUTHORS);
    const ident = `${who} <${who.split(' ')[0].toLowerCase()}@example.invalid> ${time} +0000`;
    chunks.push(`commit refs/heads/main\nmark :${mark}\nauthor ${ident}\ncommitter ${ident}\n`);
    data(commitMessage(rng));
    if (mark > 1) chunks.push(`from :${mark - 1}\n`);
    for (const p of deleted) chunks.push(`D ${p}\n`);
    for (const p of [...changed].sort()) {
      chunks.push(`M 100644 inline ${p}\n`);
      data(files.get(p).lines.join('\n'));
    }
    chunks.push('\n');
  }
  const streamFile = path.join(dir, '..', 'history.fast-import');
  fs.writeFileSync(streamFile, chunks.join(''));
  const streamBytes = fs.statSync(streamFile).size;
  git(dir, ['init', '-q', '-b', 'main']);
  const marksFile = path.join(dir, '..', 'history.marks');
  const fd = fs.openSync(streamFile, 'r');
  git(dir, ['fast-import', '--quiet', `--export-marks=${marksFile}`], { stdio: [fd, 'ignore', 'inherit'] });
  fs.closeSync(fd);
  git(dir, ['reset', '-q', '--hard', 'main']);
  const shaOf = new Map(fs.readFileSync(marksFile, 'utf8').trim().split('\n').map((l) => {
    const [m, sha] = l.split(' ');
    return [Number(m.slice(1)), sha];
  }));
  fs.rmSync(streamFile);
  fs.rmSync(marksFile);
  const manifest = {
    params,
    dir,
    commits,
    streamBytes,
    planted: planted.map(({ mark, ...p }) => ({ ...p, commit: shaOf.get(mark) })),
  };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'bench/.work/history');
  const t0 = Date.now();
  const m = generateHistory({ dir, commits: Number(process.argv[3] ?? 3000) });
  console.log(`${dir}: ${m.commits} commits, stream ${(m.streamBytes / 1048576).toFixed(1)} MB, ${m.planted.length} planted keys, ${Date.now() - t0} ms${m.reused ? ' (reused)' : ''}`);
}
