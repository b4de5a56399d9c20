// The WASM regex engine's memory after compiling, kept between runs in the
// per-user cache directory (startup/cache-dir.ts). Compiling a large scan's
// patterns in Rust's regex takes each thread 0.1-0.2 s (node_modules: 70
// patterns and 8 anchored twins, 95-140 ms; this repository's history: 190,
// 175 ms); writing the saved memory into a fresh instance takes 50 ms and
// 105 ms on the same 2-core VM, where most of either is the kernel's first
// touch of the pages (~15 µs a 4 KB page there), the rest a CRC-32 and a copy.
//
// Why a memory image is enough: the module (wasm/lib.rs, built with
// panic=abort, no imports) keeps all its state in its linear memory: the
// allocator, statics, the regex crate's pools and thread ids. Its one mutable
// global, the stack pointer, is back at its start value between calls (a
// trap would leave it lower; the image is made in a fresh instance). So a
// fresh instance whose memory is grown to the image's size and given its
// bytes is in the state of the one that compiled, and the handles (pointers)
// saved with it are valid.
//
// The image is made at exit, by the main thread, when the run (any thread)
// took a pattern or asked an anchored question the image did not hold: in a
// fresh instance (given the old image first), which compiles those patterns
// and builds the anchored twins asked for on an empty text. So the image
// holds no text that was scanned and no warmed DFA cache. Only 4 KB blocks
// that differ from a fresh instance's memory are stored; restoring reads them
// straight into the instance's memory (no buffer in between to touch too).
//
// File: a 4-byte header length, the header's CRC-32, a JSON header (pages,
// [offset, length] blocks, [key, handle, anchored] patterns, the blocks'
// CRC-32), then the blocks. A CRC-32, as for the code caches (cache-dir.ts):
// the check is against damage (nobody else can write here), and zlib's took
// 3.4 ms on a 9.6 MB image where SHA-256 took 7.3 (and loading node:crypto
// ~9 ms more). Named after the module (moduleIdOf), the scan's scope and
// this format (each key holds its DFA limit). One image per kind
// of scan and place, not one for all: restoring costs what the image holds,
// and the union of this repository's history and node_modules' patterns
// (190) took 105 ms to restore where node_modules' own 70 took 50 ms.
// A worker thread is handed where the image
// is and what the main thread verified: it reads the blocks into its own
// instance itself (a kernel copy; a shared buffer would add the image to the
// process's memory for the whole scan) and checks it reads the same file
// (device, inode, size, mtime: the file is only ever replaced by a rename)
// instead of hashing it again. Any problem means compiling, never a failure.

import { closeSync, fstatSync, readSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, crc32, openCacheFile, writeCacheFile } from "../startup/cache-dir.js";
import { compileInto, type WasmStart } from "../engine/wasm-regex.js";

const FORMAT = 2;
const KIND = "wasm-image-";
const CRC = 4;
const BLOCK = 4096;
const PAGE = 65536;
/** Beyond these, an image is made again from the patterns of the run alone (a config of 300 rules, then another…). */
const MAX_PATTERNS = 400;
const MAX_PAGES = 1024;
/** An image in use is dated anew after this long: the cache removes files of its kind not written for 7 days. */
const REFRESH_MS = 24 * 3600 * 1000;

interface Header {
  pages: number;
  blocks: [offset: number, length: number][];
  patterns: [key: string, handle: number, anchored: 0 | 1][];
  /** CRC-32 of the blocks. */
  crc: number;
}

/** A verified image, for a worker to read again: where it is, the file's identity, its header's CRC-32. */
export interface ImageRef {
  dir: string;
  name: string;
  identity: string;
  header: number;
}

/** Set by the build (scripts/build.mjs): the first 16 hex digits of the module's SHA-256. */
declare const __SCAN_KEYS_WASM_HASH__: string | undefined;

/**
 * The module's identity in an image's name: in the package, its SHA-256 as
 * the build computed it (an image restored into another module would give
 * wrong answers); from source (tests), its bytes' CRC-32 and length, which
 * a rebuilt module changes (hashing it here would load node:crypto, ~9 ms).
 */
export function moduleIdOf(bytes: Uint8Array): string {
  if (typeof __SCAN_KEYS_WASM_HASH__ === "string") return __SCAN_KEYS_WASM_HASH__;
  return `${crc32(bytes).toString(16)}-${bytes.length}`;
}

/** Patterns this thread took (patternKey), true where it asked one an anchored question. */
const used = new Map<string, boolean>();
/** Records that this thread took pattern `key` (and asked it an anchored question). */
function noteUsed(key: string, anchored: boolean): void {
  if (anchored) used.set(key, true);
  else if (!used.has(key)) used.set(key, false);
}

/** What this thread used, for a worker's last message to the main thread. */
export function usedPatterns(): [string, boolean][] {
  return [...used];
}

/** Patterns a worker used, written with this thread's at exit (ignored where no image is kept). */
export function adoptUsed(list: [string, boolean][]): void {
  for (const [key, anchored] of list) noteUsed(key, anchored);
}

/** A fresh instance of `module`, whose patterns count for the image written at exit. */
export function freshStart(module: WebAssembly.Module): WasmStart {
  return { instance: new WebAssembly.Instance(module, {}), used: noteUsed };
}

/**
 * The main thread's engine start: from the image when there is a valid one;
 * writes a new one at exit when the run needed patterns it did not hold.
 * `ref` is set for the workers when an image was read.
 */
export function mainStart(module: WebAssembly.Module, moduleId: string, env: NodeJS.ProcessEnv, scope: string[]): { start: WasmStart; ref?: ImageRef } {
  const dir = env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheDir(env);
  if (!dir) return { start: { instance: new WebAssembly.Instance(module, {}) } };
  const where = crc32(Buffer.from(JSON.stringify(scope), "utf8")).toString(16);
  const name = `${KIND}${moduleId}-${where}-${FORMAT}.bin`;
  const image = readImage(module, dir, name);
  const held = new Map((image?.header.patterns ?? []).map(([key, , anchored]) => [key, anchored === 1]));
  process.once("exit", () => {
    const add = [...used].filter(([key, anchored]) => !held.has(key) || (anchored && !held.get(key)));
    if (add.length > 0) writeImage(module, dir, name, image ? held : undefined, add);
    else if (image && Date.now() - image.mtimeMs > REFRESH_MS) refresh(join(dir, name));
  });
  if (!image) return { start: freshStart(module) };
  return { start: { ...image.start, used: noteUsed }, ref: image.ref };
}

/** A worker's engine start: the image the main thread read (its blocks not checked again: the same file), else a fresh instance. */
export function workerStart(module: WebAssembly.Module, ref: ImageRef | undefined): WasmStart {
  const image = ref && readImage(module, ref.dir, ref.name, ref);
  return image ? { ...image.start, used: noteUsed } : freshStart(module);
}

/** The image `name` in `dir` restored into a fresh instance, or undefined (damaged, cut short, foreign, another module's…). */
function readImage(
  module: WebAssembly.Module,
  dir: string,
  name: string,
  verified?: ImageRef,
): { start: WasmStart; header: Header; mtimeMs: number; ref: ImageRef } | undefined {
  const fd = openCacheFile(dir, name);
  if (fd === undefined) return undefined;
  try {
    const st = fstatSync(fd);
    const identity = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    if (verified && verified.identity !== identity) return undefined;
    const len = Buffer.alloc(4 + CRC);
    if (readSync(fd, len, 0, len.length, 0) !== len.length) return undefined;
    const head = Buffer.alloc(len.readUInt32LE(0));
    if (head.length > st.size || readSync(fd, head, 0, head.length, len.length) !== head.length) return undefined;
    const headCrc = crc32(head);
    if (headCrc !== len.readUInt32LE(4) || (verified && verified.header !== headCrc)) return undefined;
    const header = JSON.parse(head.toString("utf8")) as Header;
    const instance = new WebAssembly.Instance(module, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    if (!wellFormed(header, memory.buffer.byteLength / PAGE)) return undefined;
    memory.grow(header.pages - memory.buffer.byteLength / PAGE);
    const view = new Uint8Array(memory.buffer);
    let at = len.length + head.length;
    let crc = 0;
    for (const [offset, length] of header.blocks) {
      if (readSync(fd, view, offset, length, at) !== length) return undefined;
      if (!verified) crc = crc32(view.subarray(offset, offset + length), crc);
      at += length;
    }
    if (at !== st.size || (!verified && crc !== header.crc)) return undefined;
    const handles = new Map(header.patterns.map(([key, h]) => [key, h]));
    const anchored = new Set(header.patterns.filter(([, , a]) => a === 1).map(([, h]) => h));
    return { start: { instance, handles, anchored }, header, mtimeMs: st.mtimeMs, ref: { dir, name, identity, header: headCrc } };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function refresh(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // it is written again when it goes
  }
}

/** Whether a header (its CRC-32 checked) describes an image this module can take: sizes in range, blocks in order inside the memory. */
function wellFormed(h: Header, initialPages: number): boolean {
  if (!Number.isInteger(h.pages) || h.pages < initialPages || h.pages > MAX_PAGES || !Number.isInteger(h.crc)) return false;
  if (!Array.isArray(h.blocks) || !Array.isArray(h.patterns)) return false;
  let end = 0;
  for (const b of h.blocks) {
    if (!Array.isArray(b) || !Number.isInteger(b[0]) || !Number.isInteger(b[1]) || b[0] < end || b[1] <= 0) return false;
    end = b[0] + b[1];
  }
  if (end > h.pages * PAGE) return false;
  return h.patterns.every((p) => Array.isArray(p) && typeof p[0] === "string" && Number.isInteger(p[1]) && p[1] > 0 && p[1] < end && (p[2] === 0 || p[2] === 1));
}

/**
 * Makes and writes the image: the old one's patterns (`held`, when it was
 * valid and the new one stays within the limits) and those of `add`,
 * compiled in a fresh instance. A trap or any error writes nothing.
 */
function writeImage(module: WebAssembly.Module, dir: string, name: string, held: Map<string, boolean> | undefined, add: [string, boolean][]): void {
  try {
    const grow = held !== undefined && held.size + add.length <= MAX_PATTERNS;
    // From the old image (read again: the run's own instance holds scanned text), or from nothing with what this run used.
    const old = grow ? readImage(module, dir, name) : undefined;
    const start = old?.start ?? { instance: new WebAssembly.Instance(module, {}), handles: new Map<string, number>(), anchored: new Set<number>() };
    compileInto(start.instance, old ? add : used, start.handles!, start.anchored!);
    if (start.handles!.size === 0 || start.handles!.size > MAX_PATTERNS) return;
    const memory = new Uint8Array((start.instance.exports.memory as WebAssembly.Memory).buffer);
    if (memory.length > MAX_PAGES * PAGE) return;
    const fresh = new Uint8Array((new WebAssembly.Instance(module, {}).exports.memory as WebAssembly.Memory).buffer);
    const blocks = changedBlocks(memory, fresh);
    const body = Buffer.concat(blocks.map(([offset, length]) => memory.subarray(offset, offset + length)));
    const anchored = start.anchored!;
    const header: Header = {
      pages: memory.length / PAGE,
      blocks,
      patterns: [...start.handles!].map(([key, h]) => [key, h, anchored.has(h) ? 1 : 0]),
      crc: crc32(body),
    };
    const head = Buffer.from(JSON.stringify(header), "utf8");
    const len = Buffer.alloc(4 + CRC);
    len.writeUInt32LE(head.length, 0);
    len.writeUInt32LE(crc32(head), 4);
    writeCacheFile(dir, name, KIND, Buffer.concat([len, head, body]));
  } catch {
    // an optimisation only: the next run compiles
  }
}

/** The runs of 4 KB blocks where `memory` differs from a fresh instance's (`fresh`, zero beyond its end). */
function changedBlocks(memory: Uint8Array, fresh: Uint8Array): [number, number][] {
  const zero = new Uint8Array(BLOCK);
  const mem = Buffer.from(memory.buffer, memory.byteOffset, memory.length);
  const blocks: [number, number][] = [];
  for (let at = 0; at < memory.length; at += BLOCK) {
    const base = at < fresh.length ? fresh.subarray(at, at + BLOCK) : zero;
    if (mem.subarray(at, at + BLOCK).equals(base)) continue;
    const last = blocks[blocks.length - 1];
    if (last && last[0] + last[1] === at) last[1] += BLOCK;
    else blocks.push([at, BLOCK]);
  }
  return blocks;
}
