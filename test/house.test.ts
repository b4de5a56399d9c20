// The plan of the house (DESIGN.md) where a test can hold it: no import
// circle anywhere in src/, and a top level that holds only the entry points
// and the few modules every room shares.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "src");

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (e.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Every relative import, static, type-only or dynamic, resolved to its .ts file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)]
    .map((m) => resolve(dirname(file), m[1]!).replace(/\.js$/, ".ts"))
    .filter((p) => existsSync(p));
}

describe("the house", () => {
  it("has no import circle in src/", () => {
    const graph = new Map(sources(src).map((f) => [f, importsOf(f)]));
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const circles: string[] = [];
    const visit = (n: string) => {
      state.set(n, "open");
      stack.push(n);
      for (const d of graph.get(n) ?? []) {
        if (state.get(d) === "open") circles.push([...stack.slice(stack.indexOf(d)), d].map((x) => relative(src, x)).join(" -> "));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(n, "done");
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(circles).toEqual([]);
  });

  it("keeps at most 7 files at the top of src/; start-up machinery has its own room", () => {
    const top = readdirSync(src).filter((e) => statSync(join(src, e)).isFile());
    expect(top.length, top.join(", ")).toBeLessThanOrEqual(7);
    for (const f of ["loader.ts", "cache-dir.ts", "later-files.ts", "bpe.ts", "tokenizer.ts"]) {
      expect(existsSync(join(src, "startup", f)), f).toBe(true);
    }
  });
});
