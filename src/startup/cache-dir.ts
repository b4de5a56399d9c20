// The per-user directory where scan-keys keeps data that only makes it
// faster: the bundle's V8 code cache (loader.ts) and compiled RE2 programs
// (commands/program-cache.ts). Everything here is an optimisation: any
// problem (no home, unwritable or foreign directory, a file another user
// could have written) means "no cache", never a failure.
//
// None on CI (CI set). Where: $NODE_COMPILE_CACHE/scan-keys (the directory Node's own compile
// cache uses when set), else $XDG_CACHE_HOME/scan-keys or ~/.cache/scan-keys
// (%LOCALAPPDATA%\scan-keys\Cache on Windows). Both kinds of data are
// trusted as they are read (V8 code, object graphs), so a directory or file
// that another user owns or can write is never read.
//
// A file can also be damaged (a disk error, a full disk, a copy cut short):
// V8 does not check a code cache's content (one flipped byte gave SIGSEGV or
// a fatal error on every run for a week), nor does deserializing a program.
// So each file, or each piece read on its own, carries a checksum of its
// content, and what does not verify is discarded. Code caches (`seal`) carry
// a CRC-32: made for exactly this (it catches every burst of up to 32 bits
// and all but one in 2^32 other damage), and zlib's costs a hook ~1 ms where
// node:crypto's first hash cost ~4.7 ms (it loads crypto's modules). Nobody
// else can write here (ownedSafely), so the check is against accidents, not
// a writer, who could recompute either. Programs keep SHA-256 (digestOf):
// they are read only when a rule's regex is needed, where crypto's load
// is paid anyway and small against compiling.

import * as fs from "node:fs";
import * as path from "node:path";

const CRC = 4;

/** SHA-256 of `data`. */
export function digestOf(data: Uint8Array): Buffer {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(data).digest();
}

/** zlib's CRC-32 of `data`, continuing from `crc` (the sealed caches here, the WASM engine's images). */
export function crc32(data: Uint8Array, crc = 0): number {
  return process.getBuiltinModule("node:zlib").crc32(data, crc);
}

/** `data` followed by its CRC-32 (little-endian). */
export function seal(data: Uint8Array): Buffer {
  const sealed = Buffer.allocUnsafe(data.length + CRC);
  sealed.set(data);
  sealed.writeUInt32LE(crc32(data), data.length);
  return sealed;
}

/** The content of sealed bytes, or undefined when they are damaged or cut short. */
export function unseal(sealed: Buffer | undefined): Buffer | undefined {
  if (sealed === undefined || sealed.length < CRC) return undefined;
  const data = sealed.subarray(0, sealed.length - CRC);
  return crc32(data) === sealed.readUInt32LE(data.length) ? data : undefined;
}

/** Older files than this are removed when a new one is written; one in use is rewritten after at most this long. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/** The directory, or undefined for none: also on CI, where a job rarely runs twice on one machine and a cache restored from elsewhere must not be trusted. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CI && env.CI !== "false") return undefined;
  // A relative path would put cache files in whatever directory the scan runs in (the work tree):
  // the XDG spec says to ignore it, and the same goes for the others.
  const absolute = (p: string | undefined) => (p && path.isAbsolute(p) ? p : undefined);
  const compileCache = absolute(env.NODE_COMPILE_CACHE);
  if (compileCache) return path.join(compileCache, "scan-keys");
  if (process.platform === "win32") {
    const local = absolute(env.LOCALAPPDATA);
    return local ? path.join(local, "scan-keys", "Cache") : undefined;
  }
  const home = absolute(env.HOME);
  const base = absolute(env.XDG_CACHE_HOME) ?? (home ? path.join(home, ".cache") : undefined);
  return base ? path.join(base, "scan-keys") : undefined;
}

/** Is `st` ours and writable by nobody else? Windows has no uid: its per-user profile directory is the guard there. */
function ownedSafely(st: fs.Stats): boolean {
  if (typeof process.getuid !== "function") return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** A read-only descriptor of the file `name` in `dir`, when both are ours alone; else undefined. */
export function openCacheFile(dir: string, name: string): number | undefined {
  let fd: number | undefined;
  try {
    const d = fs.lstatSync(dir);
    if (!d.isDirectory() || !ownedSafely(d)) return undefined;
    fd = fs.openSync(path.join(dir, name), fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const f = fs.fstatSync(fd);
    if (f.isFile() && ownedSafely(f)) return fd;
  } catch {
    // no cache
  }
  if (fd !== undefined) fs.closeSync(fd);
  return undefined;
}

/** The file `name` in `dir`, when both are ours alone; else undefined. */
export function readCacheFile(dir: string, name: string): Buffer | undefined {
  const fd = openCacheFile(dir, name);
  if (fd === undefined) return undefined;
  try {
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `name` atomically (a temp file renamed into place) and removes stale files of the same `kind` (name prefix). */
export function writeCacheFile(dir: string, name: string, kind: string, data: Uint8Array): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const d = fs.lstatSync(dir);
    if (!d.isDirectory() || !ownedSafely(d)) return;
    const file = path.join(dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    const now = Date.now();
    for (const other of fs.readdirSync(dir)) {
      if (!other.startsWith(kind) || other === name) continue;
      const p = path.join(dir, other);
      if (now - fs.lstatSync(p).mtimeMs > MAX_AGE_MS) fs.rmSync(p, { force: true });
    }
  } catch {
    // an optimisation only: the next run computes it again
  }
}
