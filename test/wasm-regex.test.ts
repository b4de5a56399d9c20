// The WASM engine (Rust's regex, engine/wasm-regex.ts) must give exactly
// re2js's answers: the same spans for every built-in rule and allow pattern
// on every rule example and on windows of generated code, with and without
// non-ASCII text around them. And the committed .wasm must be what
// wasm/build.sh makes from wasm/lib.rs.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileRe2, compileRe2js, RegexSyntaxError, setFastEngine, setProgramStore, type Re2 } from "../src/engine/regex.js";
import { SHAPES } from "../src/engine/checks.js";
import { setWasmModuleLoader, wasmRe2 } from "../src/engine/wasm-regex.js";
import { toRustSyntax } from "../src/engine/rust-dialect.js";
import { builtinRuleFiles } from "../src/commands/ruleset.js";
import type { RuleSpec } from "../src/engine/index.js";
// @ts-expect-error: plain JavaScript, no types
import { Rng } from "../bench/prng.mjs";
// @ts-expect-error: plain JavaScript, no types
import { dotenv, go, javascript, python, yaml } from "../bench/content.mjs";

const root = join(import.meta.dirname, "..");
const WASM = join(root, "wasm/scan-keys-regex.wasm");
setWasmModuleLoader(() => new WebAssembly.Module(readFileSync(WASM)));

const assemble = (s: string) => s.replaceAll("~~", "");
const specs = builtinRuleFiles().flatMap((f) => f.rules as RuleSpec[]);
const withFlags = (s: RuleSpec) => {
  const f = [...new Set((s.flags ?? "").replace(/u/g, ""))].join("");
  return f ? `(?${f})${s.regex}` : s.regex;
};
const patterns = [...new Set(specs.flatMap((s) => [withFlags(s), ...(s.allow ?? [])]))];
const examples = specs.flatMap((s) => s.examples.match.map(assemble));

/** Windows as the scanner cuts them: 256 characters from line starts of generated code. */
function windows(count: number): string[] {
  const rng = new Rng("wasm-regex-equivalence");
  const text = [javascript, python, go, yaml, dotenv].map((make) => make(rng, 60_000) as string).join("\n");
  const starts = [...text.matchAll(/^/gm)].map((m) => m.index!);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = starts[Math.floor((i * starts.length) / count)]!;
    out.push(text.slice(at, at + 256));
  }
  return out;
}

function both(source: string): [Re2, Re2 | undefined] {
  setFastEngine(undefined);
  const slow = compileRe2(source);
  return [slow, wasmRe2(source, slow)];
}

/** Every match of `re` in `text`, resuming after each as the engine's callers do. */
function allMatches(re: Re2, text: string): number[][] {
  const out: number[][] = [];
  for (let from = 0; from <= text.length; ) {
    const m = re.exec(text, from);
    if (!m) break;
    out.push(m);
    from = m[1]! > m[0]! ? m[1]! : m[1]! + 1;
  }
  return out;
}

describe("RE2 syntax for Rust", () => {
  it("rewrites what the dialects read differently and refuses what it cannot", () => {
    expect(toRustSyntax("\\bkey\\d+\\/\\w\\s\\\"")).toBe("(?-u:\\b)key[0-9]+\\x{2f}[0-9A-Za-z_][\\t\\n\\f\\r ]\\x{22}");
    expect(toRustSyntax("[\\w.\\-[&~]")).toBe("[0-9A-Za-z_.\\-\\[\\&\\~]");
    expect(toRustSyntax("[^\\S\\d]")).toBe("[^[^\\t\\n\\f\\r ]0-9]");
    expect(toRustSyntax("a{2,3}b{c}\\x{41}\\p{Greek}\\pL")).toBe("a{2,3}b\\{c\\}\\x{41}\\p{Greek}\\pL");
    expect(toRustSyntax("(?<id>a)\\Qa.b/\\E[]x]")).toBe("(?P<id>a)a\\.b\\x{2f}[\\]x]");
    expect(toRustSyntax("a\\Bb")).toBeUndefined();
    expect(toRustSyntax("[a--b]")).toBeUndefined();
  });
});

describe("the WASM engine gives re2js's spans", () => {
  const texts = windows(2000);
  const nonAscii = (t: string) => `é😀 ${t} \u00a0ü`;

  it("compiles every built-in rule and allow pattern", () => {
    const refused = patterns.filter((p) => both(p)[1] === undefined);
    expect(refused).toEqual([]);
  });

  it("numbers and names every built-in pattern's groups as re2js does (a scan compiles them without re2js)", () => {
    for (const source of [...patterns, ...Object.values(SHAPES)]) {
      const [slow] = both(source);
      const fast = wasmRe2(source);
      expect(fast, source).toBeDefined();
      expect([fast!.groupCount, fast!.groupNames], source).toEqual([slow.groupCount, slow.groupNames]);
    }
  });

  it("compiles a built-in pattern without re2js, and a user's through re2js first", () => {
    const byRe2js: string[] = [];
    setProgramStore({ load: () => undefined, compiled: (source) => void byRe2js.push(source) });
    setFastEngine((source, groups) => wasmRe2(source, groups));
    try {
      expect(compileRe2("(?:^|[^a-z])(bx_[a-z0-9]{8})", true).exec(" bx_12345678")).toEqual([0, 12, 1, 12]);
      expect(compileRe2("(?:^|[^a-z])(ux_[a-z0-9]{8})").exec(" ux_12345678")).toEqual([0, 12, 1, 12]);
      expect(byRe2js).toEqual(["(?:^|[^a-z])(ux_[a-z0-9]{8})"]);
      // re2js still says what is wrong with a user's pattern, and Rust's laxer syntax lets nothing through.
      expect(() => compileRe2("(?=x)a")).toThrow(/lookahead/);
      expect(() => compileRe2("a{2,1}")).toThrow(RegexSyntaxError);
      expect(() => compileRe2("\\Ba\\B")).not.toThrow(); // refused by the WASM engine: re2js runs it
      expect(compileRe2("\\Ba\\B").test("bab")).toBe(true);
    } finally {
      setFastEngine(undefined);
      setProgramStore(undefined);
    }
  });

  it("on every rule's own examples (ASCII and among non-ASCII text), every match and the anchored questions", () => {
    for (const spec of specs) {
      for (const source of [withFlags(spec), ...(spec.allow ?? [])]) {
        const [slow, fast] = both(source);
        for (const ex of [...spec.examples.match, ...spec.examples.nomatch].map(assemble)) {
          for (const text of [ex, nonAscii(ex), `${ex}\n${ex}`]) {
            expect(fast!.test(text), `${spec.id} ${source}`).toBe(slow.test(text));
            expect(allMatches(fast!, text), `${spec.id} ${source}`).toEqual(allMatches(slow, text));
            expect(fast!.execAtStart(text)).toEqual(slow.execAtStart(text));
            expect(fast!.testAtStart(text)).toBe(slow.testAtStart(text));
          }
          // From inside the text, as a keyword hit asks: after é, between the halves of 😀, after it, after the space.
          const text = nonAscii(ex);
          for (const at of [1, 2, 3, 4]) {
            expect(fast!.testAtStart(text, at), `${spec.id} ${source} at ${at}`).toBe(slow.testAtStart(text, at));
            expect(fast!.execAtStart(text, at), `${spec.id} ${source} at ${at}`).toEqual(slow.execAtStart(text, at));
          }
        }
      }
    }
  });

  it("on every rule's match examples and 2,000 windows of generated code", () => {
    let matched = 0;
    for (const source of patterns) {
      const [slow, fast] = both(source);
      for (const text of [...examples, ...texts]) {
        const hit = slow.test(text);
        expect(fast!.test(text), source).toBe(hit);
        if (hit) {
          matched++;
          expect(fast!.exec(text), source).toEqual(slow.exec(text));
        }
      }
    }
    expect(matched).toBeGreaterThan(1000);
  }, 600_000);

  it("maps offsets through non-ASCII text, resumes from an offset, and keeps a user's (a+)+$ linear", () => {
    const [slow, fast] = both("(?i)k(\\w+)\\b");
    const text = "ké KELVIN \u212aab 😀kxy_z k";
    expect(allMatches(fast!, text)).toEqual(allMatches(slow, text));
    expect(fast!.exec(text, 12)).toEqual(slow.exec(text, 12));
    const [, nested] = both("(a+)+$");
    const hostile = `${"a".repeat(200_000)}!`;
    expect(nested!.test(hostile)).toBe(false);
    expect(nested!.exec(`${hostile}aa`)).toEqual([200_001, 200_003, 200_001, 200_003]);
  });
});

describe("a pattern anchored at the end", () => {
  // Rust's regex 1.7 panics (a WebAssembly trap) in is_match_at from an offset past 0 of such a pattern;
  // the panic leaves that regex unusable, and Rust's shadow stack where the panic left it (after a few
  // thousand, every call fails). wasm/lib.rs asks find_at there instead; should a trap still come,
  // compileRe2 answers that question, and every later one, with re2js.
  it("is asked past offset 0 without a trap, on the engine alone", () => {
    for (let i = 0; i < 200; i++) {
      const source = `(zq${i}[a-z]+)$`;
      const re = wasmRe2(source)!; // unguarded: a trap would throw here
      const ref = compileRe2js(source);
      for (const text of [`zq${i}abc zq${i}def`, `zq${i}abc zq${i}de!`, `xzq${i}abc`]) {
        for (let from = 1; from <= text.length; from++) expect(re.test(text, from), `${source} ${text} ${from}`).toBe(ref.test(text, from));
      }
    }
    // The instance is still whole: a new pattern compiles and matches on it.
    expect(wasmRe2("sk-[a-z]{4}")!.exec("x sk-abcd")).toEqual([2, 9]);
  });

  it("is answered from any offset, then and afterwards, as re2js answers", () => {
    setFastEngine((source, groups) => wasmRe2(source, groups));
    try {
      for (const [source, builtIn] of [["(zq(?:[a-z0-9]+)+)$", false], ["a+\\z", true], ["(?:x|y)a+$", false]] as const) {
        const re = compileRe2(source, builtIn);
        const ref = compileRe2js(source);
        const texts = ["xaaaa", "zqaaaa", "zqaa!", "ya", ""];
        for (const text of texts) {
          for (let from = 0; from <= text.length; from++) {
            expect(re.test(text, from), `${source} ${text} ${from}`).toBe(ref.test(text, from));
            expect(re.exec(text, from)).toEqual(ref.exec(text, from));
          }
          expect(re.execAtStart(text, 1)).toEqual(ref.execAtStart(text, 1));
        }
      }
    } finally {
      setFastEngine(undefined);
    }
  });
});

describe("the committed module", () => {
  it("is what wasm/build.sh makes from wasm/lib.rs", (ctx) => {
    if (!existsSync("/usr/bin/rustc") || !existsSync("/usr/share/cargo/registry/regex-1.7.1")) {
      console.log("skipped: Debian's rustc and librust-regex-dev are not installed (apt-get install rustc libstd-rust-dev-wasm32 lld-14 librust-regex-dev)");
      ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), "scan-keys-wasm-"));
    try {
      execFileSync(join(root, "wasm/build.sh"), [join(dir, "out.wasm")], { stdio: "pipe" });
      expect(readFileSync(join(dir, "out.wasm")).equals(readFileSync(WASM))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
