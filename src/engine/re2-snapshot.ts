// A compiled re2js program as plain data (arrays, typed arrays, plain
// objects tagged with their class), and back. Compiling the RE2 programs a
// pre-commit scan's keywords call for is the largest part of its start-up
// (~11 generic rules on ordinary code: 25-30 ms in a fresh process, where
// re2js's parser and compiler still run in V8's interpreter); rebuilding the
// same objects from data takes a few ms. The I/O (where the data is kept)
// is not the engine's: commands/program-cache.ts.
//
// Only the classes a freshly compiled program holds are known (RE2JS, RE2,
// Prog, Inst, Prefilter; found from a probe pattern, not by name, so a
// minified bundle works); a program holding anything else is not
// snapshotted and is simply compiled each time. Restoring never runs code
// from the data: it only sets those prototypes on plain objects. re2js is
// pinned to an exact version (regex.ts); the cache's key holds it.

import type { RE2JS } from "re2js";
import { re2js } from "./re2js.js";

/** The program's objects copied as plain data, and beside them each copy that stands for a class instance, with its class's tag. */
type Snapshot = { root: unknown; classed: [object, number][] };

let protos: object[] | undefined;

/** The prototypes of re2js's classes, by tag, from live objects of a probe pattern that has a prefilter; empty if re2js's internals moved (then nothing is snapshotted). */
function classes(): object[] {
  if (protos) return protos;
  try {
    const RE2JS = re2js();
    const probe = RE2JS.compile("ab") as unknown as { re2Input: { prog: { inst: object[] }; prefilter: object | null } };
    const re2 = probe.re2Input;
    const list = [RE2JS.prototype, Object.getPrototypeOf(re2), Object.getPrototypeOf(re2.prog), Object.getPrototypeOf(re2.prog.inst[0]), re2.prefilter && Object.getPrototypeOf(re2.prefilter)];
    protos = list.some((p) => !p || p === Object.prototype) ? [] : (list as object[]);
  } catch {
    protos = [];
  }
  return protos;
}

const NULL_PROTO = -1;

/**
 * `re` as plain data, or undefined when it holds an object of an unknown
 * class. The data survives a structured-clone round trip (v8.serialize),
 * which keeps shared objects shared. Call it before `re` first matches
 * (matching adds caches of other classes).
 */
export function snapshotRe2(re: RE2JS): unknown {
  const known = classes();
  if (known.length === 0) return undefined;
  const seen = new Map<object, unknown>();
  const classed: [object, number][] = [];
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") {
      if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new TypeError("not data");
      return v;
    }
    if (ArrayBuffer.isView(v)) return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(walk(x));
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    if (proto === null) classed.push([out, NULL_PROTO]);
    else if (proto !== Object.prototype) {
      const tag = known.indexOf(proto);
      if (tag === -1) throw new TypeError("unknown class");
      classed.push([out, tag]);
    }
    for (const k of Object.keys(v)) out[k] = walk((v as Record<string, unknown>)[k]);
    return out;
  };
  try {
    const snapshot: Snapshot = { root: walk(re), classed };
    return snapshot;
  } catch {
    return undefined;
  }
}

/** The RE2JS object `data` (snapshotRe2's, after a structured-clone round trip) stands for, or undefined when it is not one. Takes over `data`. */
export function restoreRe2(data: unknown, source: string): RE2JS | undefined {
  const known = classes();
  if (known.length === 0) return undefined;
  try {
    const { root, classed } = data as Snapshot;
    for (const [obj, tag] of classed) {
      const proto = tag === NULL_PROTO ? null : known[tag];
      if (proto === undefined || typeof obj !== "object" || obj === null) return undefined;
      Object.setPrototypeOf(obj, proto);
    }
    const re = root as { patternInput?: unknown; flagsInput?: unknown; re2Input?: object } | undefined;
    if (!(re instanceof re2js()) || re.patternInput !== source || re.flagsInput !== 0 || !re.re2Input || Object.getPrototypeOf(re.re2Input) !== known[1]) return undefined;
    return re;
  } catch {
    return undefined;
  }
}
