// Compiled RE2 programs kept between runs, in the per-user cache directory
// (cache-dir.ts): a pre-commit scan of ordinary code calls for the same ten
// or so generic rules every time, and compiling them is the largest part of
// its start-up after loading the bundle (25-30 ms on Node 20 in a fresh
// process; rebuilding them from data, engine/re2-snapshot.ts, takes a few).
//
// One file, named after the re2js version, this format and the Node version
// (its serializer): a 4-byte header length, the header's SHA-256, a JSON
// header of [pattern, offset, length, SHA-256] and the v8-serialized
// programs. Only the header is read up front; a program is read and rebuilt
// when a compile asks for its pattern, and only if its bytes verify: a
// damaged program (flipped bits, a file cut short) once gave "could not be
// scanned" or, rarely, a rule that silently matched less. New ones are added at
// exit, atomically; a run that compiled nothing new writes nothing. Any
// problem with the file means compiling, never a failure.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off with the code cache.

import type { Deserializer as V8Deserializer } from "node:v8";
import { readSync } from "node:fs";
import { cacheDir, digestOf, openCacheFile, writeCacheFile } from "../startup/cache-dir.js";
import { restoreRe2, snapshotRe2 } from "../engine/re2-snapshot.js";
import { setProgramStore } from "../engine/regex.js";

declare const __SCAN_KEYS_RE2JS_VERSION__: string | undefined;

const FORMAT = 3;
/** Beyond these, patterns this run did not use are left out of the file (a .gitleaks.toml of 300 rules, then another…). */
const MAX_PROGRAMS = 800;
const MAX_BYTES = 16 << 20;
const KIND = "programs-";
const DIGEST = 32;

let installed = false;
/** Takes programs another thread compiled, to be written with this thread's (set once the cache is in use). */
let adopt: ((programs: [string, unknown][]) => void) | undefined;

/** node:v8, loaded when a program is first read or written: loading it costs a clean hook run ~2 ms it otherwise never needs. */
const v8 = () => process.getBuiltinModule("node:v8");

/**
 * Makes this thread's RE2 compiles consult and feed the cache file; once per thread. Only the
 * main thread writes the file: a worker thread passes `handOver`, which gets each program the
 * worker compiles (as data), for the main thread to adopt (adoptPrograms).
 */
export function useProgramCache(env: NodeJS.ProcessEnv, handOver?: (source: string, snapshot: unknown) => void): void {
  if (installed || env.NODE_DISABLE_COMPILE_CACHE || typeof __SCAN_KEYS_RE2JS_VERSION__ !== "string") return;
  const dir = cacheDir(env);
  if (!dir) return;
  installed = true;
  const name = `${KIND}${__SCAN_KEYS_RE2JS_VERSION__}-${FORMAT}-${process.version}.bin`;
  let file: ProgramFile | undefined;
  const used = new Set<string>();
  const fresh = new Map<string, unknown>();
  let handed = 0;
  setProgramStore({
    load(source) {
      file ??= openPrograms(openCacheFile(dir, name));
      const data = file.read(source);
      if (!data) return undefined;
      try {
        const d: V8Deserializer = new (v8().Deserializer)(data);
        d.readHeader();
        const re = restoreRe2(d.readValue(), source);
        if (re) used.add(source);
        return re;
      } catch {
        return undefined;
      }
    },
    compiled(source, re) {
      // A config of 200,000 allowlist regexes would otherwise keep a snapshot of each, and write them all.
      if (fresh.size + handed >= MAX_PROGRAMS) return;
      const snap = snapshotRe2(re);
      if (snap === undefined) return;
      if (!handOver) return keep(source, snap);
      handed++;
      handOver(source, snap);
    },
  });
  const keep = (source: string, snap: unknown) => {
    if (fresh.size >= MAX_PROGRAMS || fresh.has(source)) return;
    if (fresh.size === 0) process.once("exit", () => writeCacheFile(dir, name, KIND, writePrograms(fresh, file, used)));
    fresh.set(source, snap);
  };
  if (!handOver) adopt = (programs) => programs.forEach(([source, snap]) => keep(source, snap));
}

/** Programs a worker thread compiled (useProgramCache's handOver), written with this thread's at exit; ignored when this thread keeps no cache. */
export function adoptPrograms(programs: [string, unknown][]): void {
  adopt?.(programs);
}

/** The programs in a cache file: its header read at once, each program read when asked for (a tree scan's file holds them all: MBs). */
interface ProgramFile {
  sources(): string[];
  read(source: string): Uint8Array | undefined;
}

/** Where a program's bytes are in the file, and their digest (hex). */
type Slice = [offset: number, length: number, digest: string];

function openPrograms(fd: number | undefined): ProgramFile {
  const index = new Map<string, Slice>();
  const file: ProgramFile = { sources: () => [...index.keys()], read: (source) => (fd === undefined ? undefined : readSlice(fd, index.get(source))) };
  if (fd === undefined) return file;
  // Left open for the run: the exit handler copies the programs it keeps from it.
  try {
    const len = Buffer.alloc(4);
    if (readSync(fd, len, 0, 4, 0) !== 4) return file;
    const sum = Buffer.alloc(DIGEST);
    if (readSync(fd, sum, 0, DIGEST, 4) !== DIGEST) return file;
    const head = Buffer.alloc(len.readUInt32LE(0));
    if (readSync(fd, head, 0, head.length, 4 + DIGEST) !== head.length || !digestOf(head).equals(sum)) return file;
    const base = 4 + DIGEST + head.length;
    for (const [source, offset, length, digest] of JSON.parse(head.toString("utf8")) as [string, number, number, string][]) {
      if (typeof source === "string" && offset >= 0 && length > 0 && typeof digest === "string") index.set(source, [base + offset, length, digest]);
    }
  } catch {
    index.clear();
  }
  return file;
}

/** A program's bytes, when they are all there and verify. */
function readSlice(fd: number, at: Slice | undefined): Uint8Array | undefined {
  if (!at) return undefined;
  try {
    const buf = Buffer.alloc(at[1]);
    return readSync(fd, buf, 0, at[1], at[0]) === at[1] && digestOf(buf).toString("hex") === at[2] ? buf : undefined;
  } catch {
    return undefined;
  }
}

function writePrograms(fresh: Map<string, unknown>, file: ProgramFile | undefined, used: Set<string>): Uint8Array {
  const parts: [string, Uint8Array][] = [];
  for (const [source, snap] of fresh) {
    // V8's own serializer, not node:v8's serialize(): that one hands every typed array (a program holds hundreds) to a JS callback, which reading pays for.
    const ser = new (v8().Serializer)();
    ser.writeHeader();
    ser.writeValue(snap);
    parts.push([source, ser.releaseBuffer()]);
  }
  // Programs this run used first, then the others while they fit.
  const rest = (file?.sources() ?? []).filter((s) => !fresh.has(s));
  rest.sort((a, b) => Number(used.has(b)) - Number(used.has(a)));
  let bytes = parts.reduce((n, [, b]) => n + b.length, 0);
  for (const source of rest) {
    const data = file!.read(source);
    if (!data) continue;
    if (parts.length >= MAX_PROGRAMS || bytes + data.length > MAX_BYTES) break;
    parts.push([source, data]);
    bytes += data.length;
  }
  const header: [string, number, number, string][] = [];
  let offset = 0;
  for (const [source, data] of parts) {
    header.push([source, offset, data.length, digestOf(data).toString("hex")]);
    offset += data.length;
  }
  const head = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  return Buffer.concat([len, digestOf(head), head, ...parts.map(([, d]) => d)]);
}
