// Bundles the CLI into dist/main.js (loaded by dist/cli.js) with esbuild. One file loads far faster
// than hundreds of node_modules files, and start-up is what a pre-commit hook
// pays on every commit. CommonJS, not ESM: node starts a CommonJS file ~10 ms
// sooner (no ESM loader). Modules the code loads with import() (yargs, the
// CI reporters, TOML) are wrapped by esbuild in lazy initialisers: parsed
// with the bundle but only run when a command needs them. The yargs side of
// the CLI (help, sub-commands, error messages; a third of the code) is a
// second file, dist/cli-yargs.js, so a plain scan does not even parse it.
import { build } from "esbuild";
import assert from "node:assert";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { builtinRules, SPECS_FILE, VIRTUAL_ID } from "./rule-files.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A file's content hash as the loader names its code cache with (src/loader.ts). */
const hashOf = (content) => createHash("sha256").update(content).digest("hex").slice(0, 16);

// Read the rules once up front: a broken rule file fails the build with one
// clear line naming the file and line, before esbuild wraps the error.
let rulesModule;
let ruleSpecs;
try {
  ({ module: rulesModule, specs: ruleSpecs } = builtinRules(join(root, "rules"), { forCli: true }));
} catch (err) {
  console.error(`build failed: ${err.message}`);
  process.exit(1);
}

const builtinRulesPlugin = {
  name: "builtin-rules",
  setup(b) {
    b.onResolve({ filter: /^virtual:builtin-rules$/ }, () => ({ path: VIRTUAL_ID, namespace: "rules" }));
    b.onLoad({ filter: /.*/, namespace: "rules" }, () => ({ contents: rulesModule, loader: "js" }));
  },
};

// In dist/main.js, the import() of ./cli-yargs.js becomes a require() of the
// second file: the bundle holds no import() at all, which dist/cli.js's
// vm.Script (src/loader.ts) could not run without an experimental loader hook.
const yargsApart = {
  name: "yargs-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/cli-yargs\.js$/ }, (args) =>
      args.namespace === "yargs-apart" ? { path: "./cli-yargs.js", external: true } : { path: "cli-yargs", namespace: "yargs-apart" },
    );
    b.onLoad({ filter: /.*/, namespace: "yargs-apart" }, () => ({ contents: 'module.exports = require("./cli-yargs.js");', loader: "js" }));
  },
};

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: !process.env.SCAN_KEYS_DEBUG_BUILD,
  sourcemap: false,
  legalComments: "none",
  // ESM-only dependencies (yargs) ask import.meta.url where they live.
  define: {
    "import.meta.url": "__scanKeysUrl",
    __SCAN_KEYS_TOKENIZER__: JSON.stringify("./tokenizer.js"),
    __SCAN_KEYS_RE2JS_FILE__: JSON.stringify("./re2.js"),
    // Names the compiled-program cache (src/commands/program-cache.ts): another re2js never reads it.
    __SCAN_KEYS_RE2JS_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, "node_modules/re2js/package.json"), "utf8")).version),
  },
  banner: { js: 'var __scanKeysUrl=require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
};

/**
 * The source of dist/tokenizer.js: gpt-tokenizer's cl100k_base encoding
 * built from its own GptEncoding, with the rank table (100,256 entries:
 * strings, and byte arrays for tokens that are no UTF-8) stored as one
 * string joined by a character no token holds, plus the byte-array entries
 * by rank. gpt-tokenizer's own file holds the table as 100k string literals:
 * V8 took ~75 ms to compile and run it on every scan that judged a generic
 * candidate; splitting one string takes a few. The table is rebuilt here and
 * compared entry by entry with the original, so the counts cannot differ.
 */
function tokenizerModule() {
  const require = createRequire(join(root, "package.json"));
  const ranks = require("gpt-tokenizer/cjs/bpeRanks/cl100k_base").default;
  const strings = ranks.filter((r) => typeof r === "string");
  const sep = ["\uE000", "\uF8FF", "\uFFFF", "\uFDD0"].find((c) => !strings.some((r) => r.includes(c)));
  if (sep === undefined || strings.includes("") || Object.keys(ranks).length !== ranks.length) throw new Error("the tokenizer's rank table has a shape this build does not know");
  const text = ranks.map((r) => (typeof r === "string" ? r : "")).join(sep);
  const binary = ranks.flatMap((r, i) => (typeof r === "string" ? [] : [[i, r]]));
  const decode = (t, s, b) => {
    const list = t.split(s);
    for (const [i, bytes] of b) list[i] = bytes;
    return list;
  };
  assert.deepStrictEqual(decode(text, sep, binary), ranks);
  return [
    'const { GptEncoding } = require("gpt-tokenizer/cjs/GptEncoding");',
    `const decode = ${decode.toString()};`,
    `module.exports = GptEncoding.getEncodingApi("cl100k_base", () => decode(${JSON.stringify(text)}, ${JSON.stringify(sep)}, ${JSON.stringify(binary)}));`,
  ].join("\n");
}

try {
  await build({ ...common, entryPoints: [join(root, "src/cli.ts")], outfile: join(root, "dist/main.js"), plugins: [builtinRulesPlugin, yargsApart] });
  // dist/main.js is never run directly (dist/cli.js loads it), and a
  // hashbang line is not valid inside the module wrapper src/loader.ts compiles.
  const main = readFileSync(join(root, "dist/main.js"), "utf8").replace(/^#!.*\n/, "");
  writeFileSync(join(root, "dist/main.js"), main, { mode: 0o644 });
  // dist/cli.js, the bin: src/loader.ts, which loads dist/main.js through a
  // V8 code cache; the bundle's hash names the cache file.
  const mainHash = hashOf(main);
  // re2js, a file of its own (src/engine/re2js.ts), loaded on the first regex through a code cache of its own.
  await build({ ...common, stdin: { contents: 'module.exports = require("re2js");', resolveDir: root, loader: "js" }, outfile: join(root, "dist/re2.js") });
  const re2Hash = hashOf(readFileSync(join(root, "dist/re2.js")));
  await build({
    ...common,
    entryPoints: [join(root, "src/loader.ts")],
    outfile: join(root, "dist/cli.js"),
    define: { ...common.define, __SCAN_KEYS_MAIN_HASH__: JSON.stringify(mainHash), __SCAN_KEYS_RE2_HASH__: JSON.stringify(re2Hash) },
    banner: { js: "#!/usr/bin/env node" },
  });
  chmodSync(join(root, "dist/cli.js"), 0o755);
  await build({ ...common, entryPoints: [join(root, "src/cli-yargs.ts")], outfile: join(root, "dist/cli-yargs.js"), plugins: [builtinRulesPlugin] });
  // The generic judge's BPE tokenizer (src/tokenizer.ts): its ~1 MB rank
  // table is a file of its own, read only when a generic candidate needs
  // judging, so the hook's start-up never parses it and the installed
  // package needs no runtime dependency. The table is one string split at
  // load (tokenizerModule), not 100k string literals.
  await build({
    ...common,
    stdin: { contents: tokenizerModule(), resolveDir: root, loader: "js" },
    outfile: join(root, "dist/tokenizer.js"),
  });
  // The package is "type": "module"; this marks the bundle as CommonJS.
  writeFileSync(join(root, "dist/package.json"), '{ "type": "commonjs" }\n');
  // The built-in rules' specs, read by the bundles when a rule is first used (scripts/rule-files.mjs).
  writeFileSync(join(root, "dist", SPECS_FILE), ruleSpecs);
  rmSync(join(root, "dist/chunks"), { recursive: true, force: true }); // left by older ESM builds
} catch (err) {
  console.error(`build failed: ${err.message.split("\n")[0]}`);
  process.exit(1);
}
