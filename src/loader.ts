// dist/cli.js, the bin: loads the bundle (dist/main.js) so that V8 reuses its
// compiled code across runs instead of compiling ~680 KB on every commit.
// Node 22.1+ does this itself (module.enableCompileCache). Node 20 has no
// such switch, so there the bundle is compiled with vm.Script and a code
// cache: the bytecode of every function the run used, written at exit the
// first time and read by every later run (measured on a staged scan of 5
// files: ~40 ms less). The cache is an optimisation only: any problem with
// it (unwritable or foreign directory, stale or rejected data) falls back to
// compiling, never to a failure.
//
// Where: $NODE_COMPILE_CACHE/scan-keys (the directory Node's own cache uses
// when set), else $XDG_CACHE_HOME/scan-keys or ~/.cache/scan-keys
// (%LOCALAPPDATA% on Windows). A file is named after the bundle's content
// hash (computed by the build) and the Node version and architecture, so a
// new build or Node never reads old data. Code cache data is trusted by V8,
// so a directory or file that another user owns or can write is never read.
// NODE_DISABLE_COMPILE_CACHE=1 turns both caches off, as it does Node's.
// The bundle must hold no import() (scripts/build.mjs sees to it): a
// vm.Script has no module loader for it.

import * as fs from "node:fs";
import * as path from "node:path";
import Module from "node:module";
import * as vm from "node:vm";

declare const __SCAN_KEYS_MAIN_HASH__: string;

const MAIN = path.join(__dirname, "main.js");
const WORKER_FLAG = "--scan-keys-worker";
/** Older cache files than this are removed when a new one is written; one in use is rewritten after at most this long. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

function cacheDir(): string | undefined {
  const env = process.env;
  if (env.NODE_COMPILE_CACHE) return path.join(env.NODE_COMPILE_CACHE, "scan-keys");
  if (process.platform === "win32") return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, "scan-keys", "Cache") : undefined;
  const base = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, ".cache") : undefined);
  return base ? path.join(base, "scan-keys") : undefined;
}

/** Is `st` ours and writable by nobody else? Windows has no uid: its per-user profile directory is the guard there. */
function ownedSafely(st: fs.Stats): boolean {
  if (typeof process.getuid !== "function") return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

function readCache(dir: string, file: string): Buffer | undefined {
  try {
    const d = fs.lstatSync(dir);
    const f = fs.lstatSync(file);
    if (!d.isDirectory() || !f.isFile() || !ownedSafely(d) || !ownedSafely(f)) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the code cache atomically (a temp file renamed into place), and removes stale ones. */
function writeCache(dir: string, file: string, script: vm.Script): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const d = fs.lstatSync(dir);
    if (!d.isDirectory() || !ownedSafely(d)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file);
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith("main-")) continue;
      const p = path.join(dir, name);
      if (p !== file && now - fs.lstatSync(p).mtimeMs > MAX_AGE_MS) fs.rmSync(p, { force: true });
    }
  } catch {
    // an optimisation only: the next run compiles again
  }
}

function loadWithCodeCache(): boolean {
  const dir = cacheDir();
  if (!dir) return false;
  // A cache holds the functions of the run that wrote it: scans (the hook) and other commands keep one each.
  const kind = /^(?:[a-z]|--help$|-h$|--version$)/.test(process.argv[2] ?? "") ? "cmd" : "scan";
  const file = path.join(dir, `main-${__SCAN_KEYS_MAIN_HASH__}-${process.version}-${process.arch}-${kind}.v8`);
  const cachedData = readCache(dir, file);
  const script = new vm.Script(Module.wrap(fs.readFileSync(MAIN, "utf8")), { filename: MAIN, cachedData });
  // Written after the run, so it holds every function the run compiled; worker threads leave it to the main thread.
  if ((!cachedData || script.cachedDataRejected) && process.argv[2] !== WORKER_FLAG) process.once("exit", () => writeCache(dir, file, script));
  const mod = new Module(MAIN, undefined);
  mod.filename = MAIN;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(MAIN), mod, MAIN, __dirname);
  return true;
}

function load(): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return void require(MAIN);
  const enable = (Module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (enable) {
    try {
      enable();
    } catch {
      // no cache: just slower
    }
    return void require(MAIN);
  }
  if (!loadWithCodeCache()) require(MAIN);
}

load();
