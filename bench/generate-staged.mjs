// Generates a small project repository with one commit and a clean (key-free)
// staged change of 5 files: 3 edited, 2 new — what a typical pre-commit sees.
// Usage: node bench/generate-staged.mjs [dir]
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from './prng.mjs';
import * as C from './content.mjs';
import { git, writeFiles } from './generate-tree.mjs';

const GENERATOR_VERSION = 2;

export function generateStaged({ dir, seed = 'scan-keys-bench-staged' }) {
  const manifestPath = `${dir}.json`;
  const params = { GENERATOR_VERSION, seed };
  const staged = () => git(dir, ['diff', '--cached', '--name-only'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  if (fs.existsSync(manifestPath) && fs.existsSync(dir)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(m.params) === JSON.stringify(params) && staged().length === m.staged.length) return { ...m, reused: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const rng = new Rng(seed);
  const files = new Map();
  const gens = [
    ['ts', (r, b) => C.javascript(r, b, true)],
    ['js', (r, b) => C.javascript(r, b, false)],
    ['py', C.python],
    ['md', C.markdown],
  ];
  const dirs = ['src', 'src/api', 'src/lib', 'test', 'docs', 'scripts'];
  for (let i = 0; i < 200; i++) {
    const [ext, gen] = rng.pick(gens);
    files.set(`${rng.pick(dirs)}/${C.camel(rng, 1)}${i}.${ext}`, gen(rng, rng.int(1, 12) * 1024));
  }
  files.set('package.json', C.jsonConfig(rng, 2048));
  files.set('package-lock.json', C.packageLock(rng, 300 * 1024));
  writeFiles(dir, files);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Initial commit']);

  // The change: a new function in three files, two new files.
  const change = new Map();
  const tsFiles = [...files.keys()].filter((p) => p.endsWith('.ts')).sort();
  for (let i = 0; i < 3; i++) {
    const p = rng.pick(tsFiles);
    const lines = (change.get(p) ?? files.get(p)).split('\n');
    const add = C.javascript(rng, rng.int(1, 3) * 1024, true).split('\n').slice(4);
    lines.splice(rng.int(1, lines.length - 1), 0, ...add);
    change.set(p, lines.join('\n'));
  }
  change.set(`src/api/${C.camel(rng, 2)}.ts`, C.javascript(rng, 4096, true));
  change.set(`test/${C.camel(rng, 2)}.test.ts`, C.javascript(rng, 3072, true));
  writeFiles(dir, change);
  git(dir, ['add', '--', ...change.keys()]);
  const manifest = { params, dir, staged: staged() };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = generateStaged({ dir: path.resolve(process.argv[2] ?? 'bench/.work/staged') });
  console.log(`${m.dir}: ${m.staged.length} staged files${m.reused ? ' (reused)' : ''}\n  ${m.staged.join('\n  ')}`);
}
