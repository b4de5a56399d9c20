// The fast linear engine: Rust's `regex` crate compiled to WebAssembly
// (wasm/lib.rs, rebuilt by wasm/build.sh; the .wasm is committed). Like RE2
// its time is linear in the input for any pattern; on the windows a tree
// scan hands to its regexes it is several times faster than re2js. It works
// on UTF-8, so a text is copied into its memory once (the last one is kept:
// a window is asked by several rules in turn) and, unless it is ASCII,
// offsets are mapped between UTF-16 and UTF-8. The module is compiled on the
// first use, never by a hook that does not ask for it (regex.ts).
//
// An instance may start from a saved memory image in which patterns are
// compiled already (commands/wasm-snapshot.ts keeps one per user): the
// module keeps all its state in its memory, so a fresh instance given the
// image's bytes holds those patterns at the same handles. This file only
// looks handles up by key and says which patterns a thread used.

import type { Groups, Re2 } from "./regex.js";
import { toRustSyntax } from "./rust-dialect.js";

interface Exports {
  memory: WebAssembly.Memory;
  sk_alloc(len: number): number;
  sk_free(ptr: number, len: number): void;
  sk_compile(ptr: number, len: number, dfaLimit: number): number;
  sk_release(handle: number): void;
  sk_error(): number;
  sk_error_len(): number;
  sk_groups(handle: number): number;
  sk_group_name(handle: number, i: number): number;
  sk_spans(): number;
  sk_search(handle: number, ptr: number, len: number, from: number, mode: number): number;
}

const NONE = 0xffffffff;
/** sk_search's modes. */
const MODE_TEST = 0;
const MODE_EXEC = 1;
const MODE_TEST_AT_START = 2;
const MODE_EXEC_AT_START = 3;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What a thread's engine starts from: an instance, and the patterns already compiled in its memory. */
export interface WasmStart {
  instance: WebAssembly.Instance;
  /** Handles by patternKey, and the handles whose anchored twin is built too. */
  handles?: Map<string, number>;
  anchored?: Set<number>;
  /** Told of each pattern this thread takes (anchored false), and of its first anchored question (true). */
  used?(key: string, anchored: boolean): void;
}

/** A pattern's key in an image: the DFA limit and the Rust source (the image's file name has the module's digest). */
export function patternKey(rust: string, dfaLimit: number): string {
  return `${dfaLimit} ${rust}`;
}

/** patternKey's parts again. */
function keyParts(key: string): { rust: string; dfaLimit: number } {
  const space = key.indexOf(" ");
  return { rust: key.slice(space + 1), dfaLimit: Number(key.slice(0, space)) };
}

/** One instance per thread, and the text last copied into it. */
class Engine {
  readonly x: Exports;
  readonly handles: Map<string, number>;
  readonly anchored: Set<number>;
  readonly used: ((key: string, anchored: boolean) => void) | undefined;
  #bytes: Uint8Array;
  #ptr = 0;
  #cap = 0;
  #text: string | undefined;
  #len = 0;
  /** For a non-ASCII text: each UTF-16 offset's byte offset, and each byte offset's UTF-16 offset (built when first needed). */
  #toByte: Int32Array | undefined;
  #toUnit: Int32Array | undefined;
  #ascii = true;

  constructor(start: WasmStart) {
    this.x = start.instance.exports as unknown as Exports;
    this.handles = start.handles ?? new Map();
    this.anchored = start.anchored ?? new Set();
    this.used = start.used;
    this.#bytes = new Uint8Array(this.x.memory.buffer);
  }

  /** The current view of the module's memory (a grown memory detaches the old one). */
  view(): Uint8Array {
    if (this.#bytes.byteLength === 0) this.#bytes = new Uint8Array(this.x.memory.buffer); // detached by a grow
    return this.#bytes;
  }

  /** Copies `text` in (unless it is the text already there); its UTF-8 length. */
  load(text: string): number {
    if (text === this.#text) return this.#len;
    const need = text.length * 3;
    if (need > this.#cap) {
      if (this.#cap) this.x.sk_free(this.#ptr, this.#cap);
      this.#text = undefined;
      this.#cap = Math.max(need, 1 << 16);
      this.#ptr = this.x.sk_alloc(this.#cap);
    }
    const { written } = encoder.encodeInto(text, this.view().subarray(this.#ptr, this.#ptr + this.#cap));
    this.#text = text;
    this.#len = written;
    this.#ascii = written === text.length;
    this.#toByte = this.#toUnit = undefined;
    return written;
  }

  get ptr(): number {
    return this.#ptr;
  }

  /** The byte offset of UTF-16 offset `unit` in the loaded text. */
  byteOf(unit: number): number {
    if (this.#ascii || unit === 0) return unit;
    if (!this.#toByte) this.#map();
    return this.#toByte![Math.min(unit, this.#text!.length)]!;
  }

  /** The UTF-16 offset of byte offset `byte` (a character boundary) in the loaded text. */
  unitOf(byte: number): number {
    if (this.#ascii) return byte;
    if (!this.#toUnit) this.#map();
    return this.#toUnit![byte]!;
  }

  /** Both offset maps, in one pass; UTF-8 as encodeInto writes it (a lone surrogate is U+FFFD, 3 bytes). */
  #map(): void {
    const text = this.#text!;
    const toByte = new Int32Array(text.length + 1);
    const toUnit = new Int32Array(this.#len + 1);
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      toByte[i] = b;
      const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const n = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      toUnit.fill(i, b, b + n);
      b += n;
      if (pair) toByte[++i] = b; // inside a pair: the boundary after it
    }
    toByte[text.length] = b;
    toUnit[b] = text.length;
    this.#toByte = toByte;
    this.#toUnit = toUnit;
  }
}

let engine: Engine | undefined;
let loadModule: (() => WebAssembly.Module | WasmStart) | undefined;

/** Where the module (or a prepared instance) comes from (commands/wasm-engine.ts sets this when the fast engine is wanted). */
export function setWasmModuleLoader(load: (() => WebAssembly.Module | WasmStart) | undefined): void {
  loadModule = load;
  engine = undefined;
}

function theEngine(): Engine | undefined {
  if (!engine && loadModule) {
    const loaded = loadModule();
    engine = new Engine(loaded instanceof WebAssembly.Module ? { instance: new WebAssembly.Instance(loaded, {}) } : loaded);
  }
  return engine;
}

/**
 * Patterns compiled from now on go to a new instance, from the loader; those
 * compiled before keep theirs (a main thread that checked a config's rules
 * before it knew its scan would start from an image: wasm-engine.ts).
 */
export function restartWasmEngine(): void {
  engine = undefined;
}

/** Starts this thread's instance now rather than at the first pattern (a main thread, before handing workers its image). */
export function startWasmEngine(): void {
  theEngine();
}

/** Compiles Rust pattern `rust` in instance `x`: its handle, or 0 with the reason in sk_error. */
function compileIn(x: Exports, rust: string, dfaLimit: number): number {
  const pat = encoder.encode(rust);
  const ptr = x.sk_alloc(pat.length);
  new Uint8Array(x.memory.buffer).set(pat, ptr);
  const h = x.sk_compile(ptr, pat.length, dfaLimit);
  x.sk_free(ptr, pat.length);
  return h;
}

/**
 * Compiles the patterns of `keys` (patternKey) into `instance` (building an
 * image: commands/wasm-snapshot.ts), and the anchored twin of those marked
 * true, by an anchored question on an empty text: no text and no DFA state
 * is left in the memory. The handles by key; a pattern that does not compile is left out.
 */
export function compileInto(instance: WebAssembly.Instance, keys: Iterable<[string, boolean]>, handles: Map<string, number>, anchored: Set<number>): void {
  const x = instance.exports as unknown as Exports;
  const empty = x.sk_alloc(1);
  for (const [key, twin] of keys) {
    let h = handles.get(key);
    if (h === undefined) {
      const { rust, dfaLimit } = keyParts(key);
      h = compileIn(x, rust, dfaLimit);
      if (h === 0) continue;
      handles.set(key, h);
    }
    if (twin && !anchored.has(h)) {
      x.sk_search(h, empty, 0, 0, MODE_TEST_AT_START);
      anchored.add(h);
    }
  }
  x.sk_free(empty, 1);
}

/**
 * Bytes each pattern's lazy DFA may cache (the crate's default). Smaller
 * ones made the case-insensitive generic rules refill it on every few
 * windows, and past that the crate gives up for its NFA, several times slower.
 */
const DFA_LIMIT = 2 << 20;

/**
 * `source` (valid RE2) on the WASM engine; undefined when the engine is not
 * wanted or does not take the pattern (then re2js runs it). With `groups`
 * (re2js's, for a pattern it compiled), a pattern whose groups the two
 * engines number differently is refused too; without (a built-in pattern,
 * which test/wasm-regex.test.ts checks numbers alike), Rust's numbering is taken.
 */
export function wasmRe2(source: string, groups?: Groups, dfaLimit = DFA_LIMIT): Re2 | undefined {
  const e = theEngine();
  const rust = e && toRustSyntax(source);
  if (!e || rust === undefined) return undefined;
  const x = e.x;
  const key = patternKey(rust, dfaLimit);
  // A pattern in the image (or compiled before in this thread) is not compiled again.
  const known = e.handles.get(key);
  const h = known ?? compileIn(x, rust, dfaLimit);
  if (h === 0) return undefined;
  const groupCount = x.sk_groups(h) - 1;
  const groupNames = namesOf(e, h);
  if (groups && (groups.groupCount !== groupCount || !sameNames(groups.groupNames, groupNames))) {
    if (known === undefined) x.sk_release(h);
    return undefined;
  }
  e.handles.set(key, h);
  e.used?.(key, false);
  let askedAnchored = false;
  const width = 2 * (groupCount + 1);
  // An anchored question at `at` searches the bytes from there as a text of their own (as
  // text.slice(at) would be): the text is copied in once for all the keyword hits in a window.
  const search = (text: string, from: number, mode: number, at = 0): number[] | boolean => {
    if (at !== 0 && splitsPair(text, at)) {
      // The slice starts with a lone low surrogate (U+FFFD in UTF-8), which the copy has no byte offset for.
      const found = search(text.slice(at), from, mode);
      return typeof found === "boolean" ? found : found.map((x) => (x < 0 ? x : x + at));
    }
    if (mode >= MODE_TEST_AT_START && !askedAnchored) {
      askedAnchored = true;
      e.used?.(key, true);
    }
    const len = e.load(text);
    const base = at === 0 ? 0 : e.byteOf(at);
    const found = x.sk_search(h, e.ptr + base, len - base, from === 0 ? 0 : e.byteOf(from), mode) === 1;
    if (!found || (mode & 1) === 0) return found;
    const raw = new Uint32Array(x.memory.buffer, x.sk_spans(), width);
    const spans = new Array<number>(width);
    for (let i = 0; i < width; i++) spans[i] = raw[i] === NONE ? -1 : e.unitOf(raw[i]! + base);
    return spans;
  };
  return {
    source,
    groupCount,
    groupNames,
    test: (text, from = 0) => from <= text.length && (search(text, from, MODE_TEST) as boolean),
    testAtStart: (text, at = 0) => search(text, 0, MODE_TEST_AT_START, at) as boolean,
    exec: (text, from = 0) => (from <= text.length ? ((search(text, from, MODE_EXEC) as number[] | false) || null) : null),
    execAtStart: (text, at = 0) => (search(text, 0, MODE_EXEC_AT_START, at) as number[] | false) || null,
  };
}

/** Whether offset `at` of `text` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, at: number): boolean {
  return (text.charCodeAt(at) & 0xfc00) === 0xdc00 && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800;
}

/** The named groups of compiled pattern `h`, by number. */
function namesOf(e: Engine, h: number): Record<string, number> {
  const names: Record<string, number> = {};
  for (let i = 1; i < e.x.sk_groups(h); i++) {
    const len = e.x.sk_group_name(h, i);
    if (len < 0) continue; // usize::MAX, read as an i32: an unnamed group
    names[decoder.decode(e.view().subarray(e.x.sk_error(), e.x.sk_error() + len))] = i;
  }
  return names;
}

function sameNames(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
