// Fresh projects with scan-keys installed from the packed tarball and wired
// into a real hook tool, as users set it up. Shared by the tests
// (test/hooks-installed.test.ts: a key is blocked, a clean change passes) and
// the bench (bench/hook-latency.mjs: what each set-up adds to a commit).
//
// Tools: plain (.git/hooks/pre-commit, the README's line), husky (v9:
// `npx husky init`, then `npx scan-keys install-hook`), lint-staged (the
// README's lint-staged.config.mjs, in a project `npm init -y` made, which npm
// 11 marks "type": "commonjs"; run from a plain hook), pre-commit (the
// pre-commit framework with this repository as the hook repository, through
// its .pre-commit-hooks.yaml), husky-pre-push (`install-hook --pre-push`,
// pushes to a bare repository), and, each set up by `install-hook`:
// lefthook and lefthook-pre-push (lefthook.yml), simple-git-hooks (its
// package.json key), pre-commit-local (a local hook in
// .pre-commit-config.yaml), yarn-pnp (Yarn Berry, Plug'n'Play), pnpm, and
// npm-workspaces (a workspace root).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOOK_TOOLS = ['plain', 'husky', 'lint-staged', 'pre-commit', 'husky-pre-push', 'lefthook', 'lefthook-pre-push', 'simple-git-hooks', 'pre-commit-local', 'yarn-pnp', 'pnpm', 'npm-workspaces'];

/** Versions of the hook tools, each the newest line that runs on Node 20. */
const HUSKY = 'husky@9';
const LINT_STAGED = 'lint-staged@16';
const LEFTHOOK = 'lefthook@2';
const SIMPLE_GIT_HOOKS = 'simple-git-hooks@2';
/** Package managers, installed into the scratch directory (never globally) from the npm registry. */
const YARN_BERRY = '@yarnpkg/cli-dist@4';
const PNPM = 'pnpm@10';

/** A set-up that cannot be made here for want of the network or a tool: tests skip with its message. */
export class Unavailable extends Error {}

const NETWORK = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH)|network|getaddrinfo/i;

const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
/** Fixed identity and dates: the pre-commit hook repository gets the same commit for the same files, so pre-commit's cache is reused. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Hook Test',
  GIT_AUTHOR_EMAIL: 'hook@example.invalid',
  GIT_COMMITTER_NAME: 'Hook Test',
  GIT_COMMITTER_EMAIL: 'hook@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...env } });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function must(cmd, args, cwd, env) {
  const r = run(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}) in ${cwd}:\n${r.out}`);
  return r.out;
}

const git = (cwd, ...args) => must('git', args, cwd);

/** An install from a registry: a network failure means the set-up is unavailable, not broken. */
function install(cmd, args, cwd, env) {
  const r = run(cmd, args, cwd, env);
  if (r.code !== 0 && NETWORK.test(r.out)) throw new Unavailable(`${cmd} ${args.filter((a) => !a.startsWith('-')).join(' ')} could not reach the registry: ${r.out.trim().split('\n').at(-1)}`);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}) in ${cwd}:\n${r.out}`);
  return r.out;
}

/**
 * A package manager's launcher (`yarn` or `pnpm`) in a directory of its own
 * under `work`, installed from the npm registry once per run; returns the
 * directory to put first on PATH.
 */
function packageManager(work, name) {
  const home = path.join(work, `${name}-bin`);
  const bin = path.join(home, 'bin');
  if (fs.existsSync(path.join(bin, name))) return bin;
  fs.mkdirSync(bin, { recursive: true });
  const pkg = name === 'yarn' ? YARN_BERRY : PNPM;
  install('npm', ['install', '--prefix', home, pkg, ...NPM_FLAGS], home);
  const script = name === 'yarn' ? 'node_modules/@yarnpkg/cli-dist/bin/yarn.js' : 'node_modules/pnpm/bin/pnpm.cjs';
  fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nexec node ${JSON.stringify(path.join(home, script))} "$@"\n`, { mode: 0o755 });
  return bin;
}

/** A random GitHub token shape (assembled, so this file holds no key-shaped literal). */
export function fakeKey() {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'a7Q';
  for (const b of randomBytes(33)) s += alnum[b % alnum.length];
  return ['gh', 'p_', s].join('');
}

/** `npm pack` of this checkout's built dist/ into `dest` (no rebuild). */
export function packTarball(dest) {
  fs.mkdirSync(dest, { recursive: true });
  const out = must('npm', ['pack', '--ignore-scripts', '--json', '--loglevel=error', '--pack-destination', dest], ROOT);
  return path.join(dest, JSON.parse(out)[0].filename);
}

/** Why a tool cannot be tried here, or undefined when it can. */
export function unavailable(tool) {
  if (tool === 'pre-commit' || tool === 'pre-commit-local') {
    const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    if (r.status !== 0) return 'the pre-commit framework is not installed (apt-get install pre-commit)';
  }
  return undefined;
}

function gitInit(dir) {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Hook Test');
  git(dir, 'config', 'user.email', 'hook@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

const write = (dir, file, text, mode) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text, mode ? { mode } : undefined);
};

/**
 * This repository as the pre-commit framework sees it: a git repository of
 * the checkout's files (tracked and untracked, not ignored) with one commit.
 */
function hookRepository(dir) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  gitInit(dir);
  for (const f of files) {
    if (!fs.existsSync(path.join(ROOT, f))) continue; // deleted, not yet staged
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'scan-keys');
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/**
 * Sets up `tool` in a fresh project at `dir` (which must not exist yet).
 * `work` is a scratch directory for the bare remote and the hook repository.
 * Returns { dir, tool, push } where push is true when the hook runs on push.
 */
export function setupProject(tool, { tarball, dir, work, preCommitHome }) {
  gitInit(dir);
  write(dir, '.gitignore', 'node_modules/\n.yarn/\n');
  const env = {};
  const pm = tool === 'yarn-pnp' ? 'yarn' : tool === 'pnpm' ? 'pnpm' : 'npm';
  if (pm !== 'npm') env.PATH = `${packageManager(work, pm)}:${process.env.PATH}`;
  if (tool === 'lint-staged') {
    // As a user starts: npm 11 writes "type": "commonjs", so an `export default` in a .js config would fail.
    must('npm', ['init', '-y', '--loglevel=error'], dir);
  } else {
    const pkg = { name: 'demo', version: '1.0.0', private: true, type: 'module', scripts: { test: 'echo no tests' } };
    if (tool === 'npm-workspaces') pkg.workspaces = ['packages/*'];
    if (tool === 'simple-git-hooks') pkg['simple-git-hooks'] = { 'pre-commit': 'echo project checks' };
    write(dir, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  }
  if (tool === 'npm-workspaces') write(dir, 'packages/app/package.json', `${JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2)}\n`);
  const extra = { husky: [HUSKY], 'husky-pre-push': [HUSKY], 'lint-staged': [LINT_STAGED], lefthook: [LEFTHOOK], 'lefthook-pre-push': [LEFTHOOK], 'simple-git-hooks': [SIMPLE_GIT_HOOKS] }[tool] ?? [];
  const inEnv = { ...process.env, ...env };
  if (tool === 'yarn-pnp') {
    write(dir, '.yarnrc.yml', 'nodeLinker: pnp\nenableTelemetry: false\nenableGlobalCache: false\nnpmRegistryServer: "https://registry.npmjs.org"\n');
    install('yarn', ['add', '--dev', `scan-keys@file:${tarball}`], dir, inEnv);
    if (fs.existsSync(path.join(dir, 'node_modules'))) throw new Error('yarn made node_modules: not a Plug\'n\'Play project');
  } else if (tool === 'pnpm') {
    install('pnpm', ['add', '--save-dev', tarball, '--config.confirmModulesPurge=false', '--reporter=silent'], dir, inEnv);
  } else if (tool !== 'pre-commit') {
    install('npm', ['install', '--save-dev', tarball, ...extra, ...NPM_FLAGS], dir);
  }
  /** The project's own scan-keys, as its package manager runs it. */
  const scanKeys = (...args) => must(pm === 'npm' ? 'npx' : pm, pm === 'npm' ? ['--no-install', 'scan-keys', ...args] : pm === 'pnpm' ? ['exec', 'scan-keys', ...args] : ['scan-keys', ...args], dir, env);
  const push = tool.endsWith('pre-push');
  switch (tool) {
    case 'plain':
      // The README's hook, by hand.
      write(dir, '.git/hooks/pre-commit', '#!/bin/sh\nnode_modules/.bin/scan-keys --staged || exit $?\n', 0o755);
      break;
    case 'husky':
    case 'husky-pre-push': {
      must('npx', ['--no-install', 'husky', 'init'], dir);
      write(dir, '.husky/pre-commit', ''); // husky init's `npm test` is not what we measure
      scanKeys('install-hook', ...(push ? ['--pre-push'] : []));
      break;
    }
    case 'lint-staged':
      // The README's config, as written there.
      write(dir, 'lint-staged.config.mjs', 'export default { "*": () => "scan-keys --staged" };\n');
      write(dir, '.git/hooks/pre-commit', '#!/bin/sh\nnpx --no-install lint-staged\n', 0o755);
      break;
    case 'pre-commit': {
      const repo = path.join(work, 'scan-keys-hook-repo');
      if (!fs.existsSync(repo)) hookRepository(repo);
      const rev = git(repo, 'rev-parse', 'HEAD').trim();
      write(dir, '.pre-commit-config.yaml', `repos:\n  - repo: ${repo}\n    rev: ${rev}\n    hooks:\n      - id: scan-keys\n`);
      env.PRE_COMMIT_HOME = preCommitHome;
      must('pre-commit', ['install'], dir, env);
      // Installs the hook environment now (clone, npm install, npm pack, npm install -g), not in the first commit.
      must('pre-commit', ['install-hooks'], dir, { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' });
      break;
    }
    case 'pre-commit-local':
      write(dir, '.pre-commit-config.yaml', 'repos:\n  - repo: local\n    hooks:\n      - id: hello\n        name: hello\n        entry: "true"\n        language: system\n');
      env.PRE_COMMIT_HOME = preCommitHome;
      scanKeys('install-hook');
      must('pre-commit', ['install'], dir, env);
      break;
    case 'lefthook':
    case 'lefthook-pre-push':
      write(dir, 'lefthook.yml', '# project hooks\npre-commit:\n  commands:\n    project:\n      run: echo project checks\n');
      scanKeys('install-hook', ...(push ? ['--pre-push'] : []));
      must('npx', ['--no-install', 'lefthook', 'install'], dir);
      break;
    case 'simple-git-hooks':
      scanKeys('install-hook');
      must('npx', ['--no-install', 'simple-git-hooks'], dir);
      break;
    case 'yarn-pnp':
    case 'pnpm':
    case 'npm-workspaces':
      scanKeys('install-hook');
      break;
    default:
      throw new Error(`unknown hook tool ${tool}`);
  }
  if (push) {
    const remote = path.join(work, `${path.basename(dir)}-remote.git`);
    must('git', ['init', '-q', '--bare', remote], work);
    git(dir, 'remote', 'add', 'origin', remote);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'set up');
  if (push) must('git', ['push', '-q', '--no-verify', '-u', 'origin', 'main'], dir);
  return { dir, tool, push, env };
}

/**
 * One change through the hook: writes k.txt (a line with a fresh key, or a
 * clean line), stages it and commits, or for a push hook commits without the
 * hook and pushes. Returns { code, out, ms } of the hooked git command. A
 * push the hook blocked is undone locally, so the next attempt starts clean.
 */
export function attempt(project, { key, noVerify = false }) {
  const { dir, push, env } = project;
  write(dir, 'k.txt', key ? `const token = "${fakeKey()}";\n` : `clean ${randomBytes(4).toString('hex')}\n`);
  git(dir, 'add', 'k.txt');
  const verify = noVerify ? ['--no-verify'] : [];
  let r;
  const started = process.hrtime.bigint();
  if (push) {
    git(dir, 'commit', '-q', '--no-verify', '-m', key ? 'with key' : 'clean');
    const t = process.hrtime.bigint();
    r = run('git', ['push', '-q', ...verify, 'origin', 'main'], dir, env);
    r.ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.code !== 0) git(dir, 'reset', '-q', '--hard', 'HEAD~1');
  } else {
    r = run('git', ['commit', '-q', ...verify, '-m', key ? 'with key' : 'clean'], dir, env);
    r.ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.code !== 0) git(dir, 'reset', '-q', 'HEAD', 'k.txt');
  }
  return r;
}
