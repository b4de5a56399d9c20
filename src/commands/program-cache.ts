// Compiled RE2 programs kept between runs, in the per-user cache directory
// (cache-dir.ts): a pre-commit scan of ordinary code calls for the same ten
// or so generic rules every time, and compiling them is the largest part of
// its start-up after loading the bundle (25-30 ms on Node 20 in a fresh
// process; rebuilding them from data, engine/re2-snapshot.ts, takes a few).
//
// One file, named after the re2js version, this format and the Node version
// (its serializer): a 4-byte header length, a JSON header of
// [pattern, offset, length] and the v8-serialized programs. Programs are
// rebuilt only when a compile asks for their pattern. New ones are added at
// exit, atomically; a run that compiled nothing new writes nothing. Any
// problem with the file means compiling, never a failure.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off with the code cache.

import { deserialize, serialize } from "node:v8";
import { cacheDir, readCacheFile, writeCacheFile } from "../cache-dir.js";
import { restoreRe2, snapshotRe2 } from "../engine/re2-snapshot.js";
import { setProgramStore } from "../engine/regex.js";

declare const __SCAN_KEYS_RE2JS_VERSION__: string | undefined;

const FORMAT = 1;
/** Beyond these, patterns this run did not use are left out of the file (a .gitleaks.toml of 300 rules, then another…). */
const MAX_PROGRAMS = 800;
const MAX_BYTES = 16 << 20;
const KIND = "programs-";

let installed = false;

/** Makes this thread's RE2 compiles consult and feed the cache file; once per process, main thread only. */
export function useProgramCache(env: NodeJS.ProcessEnv): void {
  if (installed || env.NODE_DISABLE_COMPILE_CACHE || typeof __SCAN_KEYS_RE2JS_VERSION__ !== "string") return;
  const dir = cacheDir(env);
  if (!dir) return;
  installed = true;
  const name = `${KIND}${__SCAN_KEYS_RE2JS_VERSION__}-${FORMAT}-${process.version}.bin`;
  let old: Map<string, Uint8Array> | undefined;
  const used = new Set<string>();
  const fresh = new Map<string, unknown>();
  setProgramStore({
    load(source) {
      old ??= readPrograms(readCacheFile(dir, name));
      const data = old.get(source);
      if (!data) return undefined;
      try {
        const re = restoreRe2(deserialize(data), source);
        if (re) used.add(source);
        return re;
      } catch {
        return undefined;
      }
    },
    compiled(source, re) {
      const snap = snapshotRe2(re);
      if (snap !== undefined) {
        if (fresh.size === 0) process.once("exit", () => writeCacheFile(dir, name, KIND, writePrograms(fresh, old ?? new Map(), used)));
        fresh.set(source, snap);
      }
    },
  });
}

function readPrograms(file: Buffer | undefined): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (!file || file.length < 4) return out;
  try {
    const headerLength = file.readUInt32LE(0);
    const header = JSON.parse(file.toString("utf8", 4, 4 + headerLength)) as [string, number, number][];
    const base = 4 + headerLength;
    for (const [source, offset, length] of header) {
      if (typeof source !== "string" || !(offset >= 0) || !(length > 0) || base + offset + length > file.length) return new Map();
      out.set(source, file.subarray(base + offset, base + offset + length));
    }
  } catch {
    return new Map();
  }
  return out;
}

function writePrograms(fresh: Map<string, unknown>, old: Map<string, Uint8Array>, used: Set<string>): Uint8Array {
  const parts: [string, Uint8Array][] = [];
  for (const [source, snap] of fresh) parts.push([source, serialize(snap)]);
  // Programs this run used first, then the others while they fit.
  const rest = [...old].filter(([s]) => !fresh.has(s));
  rest.sort((a, b) => Number(used.has(b[0])) - Number(used.has(a[0])));
  let bytes = parts.reduce((n, [, b]) => n + b.length, 0);
  for (const [source, data] of rest) {
    if (parts.length >= MAX_PROGRAMS || bytes + data.length > MAX_BYTES) break;
    parts.push([source, data]);
    bytes += data.length;
  }
  const header: [string, number, number][] = [];
  let offset = 0;
  for (const [source, data] of parts) {
    header.push([source, offset, data.length]);
    offset += data.length;
  }
  const head = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  return Buffer.concat([len, head, ...parts.map(([, d]) => d)]);
}
