// Bundles the CLI into dist/main.js (loaded by dist/cli.js) with esbuild. One file loads far faster
// than hundreds of node_modules files, and start-up is what a pre-commit hook
// pays on every commit. CommonJS, not ESM: node starts a CommonJS file ~10 ms
// sooner (no ESM loader). Modules the code loads with import() (yargs, the
// CI reporters, TOML) are wrapped by esbuild in lazy initialisers: parsed
// with the bundle but only run when a command needs them. The yargs side of
// the CLI (help, sub-commands, error messages; a third of the code) is a
// second file, dist/cli-yargs.js, so a plain scan does not even parse it.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { builtinRules, readRuleFiles, SPECS_FILE, VIRTUAL_ID } from "./rule-files.mjs";
import { configSchema } from "./config-schema.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A file's content hash as the loader names its code cache with (src/startup/loader.ts). */
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
// vm.Script (src/startup/loader.ts) could not run without an experimental loader hook.
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
    // The bundles load re2js and the token counter from the files beside them (src/startup/later-files.ts).
    __SCAN_KEYS_BUNDLED__: "true",
    // Names the compiled-program cache (src/commands/program-cache.ts): another re2js never reads it.
    __SCAN_KEYS_RE2JS_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, "node_modules/re2js/package.json"), "utf8")).version),
    // Names the WASM engine's memory images (src/commands/wasm-snapshot.ts): an image of another module is never read.
    __SCAN_KEYS_WASM_HASH__: JSON.stringify(createHash("sha256").update(readFileSync(join(root, "wasm/scan-keys-regex.wasm"))).digest("hex").slice(0, 16)),
  },
  banner: { js: 'var __scanKeysUrl=require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
};

/**
 * The source of dist/tokenizer.js: src/startup/bpe.ts's counter over gpt-tokenizer's
 * cl100k_base rank table, laid out as one string of every token's bytes (one
 * char per byte, in rank order) and one string of their lengths. A token
 * gpt-tokenizer can never look up (bytes stored as an array that are valid
 * UTF-8: it looks those up as strings) gets length 0, so both count alike
 * (test/generic-judge.test.ts compares the counts).
 */
function tokenizerModule() {
  const require = createRequire(join(root, "package.json"));
  const ranks = require("gpt-tokenizer/cjs/bpeRanks/cl100k_base").default;
  const { CL100K_TOKEN_SPLIT_REGEX: split } = require("gpt-tokenizer/cjs/encodingParams/constants");
  const { tryConvertToString } = require("gpt-tokenizer/cjs/utfUtil");
  if (Object.keys(ranks).length !== ranks.length) throw new Error("the tokenizer's rank table has holes, which this build does not lay out");
  const bytesOf = (r) => (typeof r === "string" ? Buffer.from(r, "utf8") : tryConvertToString(new Uint8Array(r)) === undefined ? Buffer.from(r) : Buffer.alloc(0));
  const all = ranks.map(bytesOf);
  if (all.some((b) => b.length > 0xffff)) throw new Error("a token longer than a length char holds");
  const keys = Buffer.concat(all).toString("latin1");
  const lengths = all.map((b) => String.fromCharCode(b.length)).join("");
  return [
    'const { createTokenCounter } = require("./src/startup/bpe.ts");',
    `module.exports = { countTokens: createTokenCounter({ keys: ${JSON.stringify(keys)}, lengths: ${JSON.stringify(lengths)}, split: new RegExp(${JSON.stringify(split.source)}, ${JSON.stringify(split.flags)}) }) };`,
  ].join("\n");
}

/**
 * The library (src/api.ts, `import { scan } from "scan-keys"`): a bundle of
 * its own, so the CLI never loads it. CommonJS (dist/api.js), an ESM door
 * (dist/api.mjs), and the types tsc declares for src/api.ts, which spells
 * out every public type so the file stands alone (.d.ts for require,
 * .d.mts for import).
 */
async function buildApi() {
  await build({ ...common, entryPoints: [join(root, "src/api.ts")], outfile: join(root, "dist/api.js"), plugins: [builtinRulesPlugin] });
  writeFileSync(join(root, "dist/api.mjs"), 'import api from "./api.js";\nexport const { scan } = api;\nexport default api;\n');
  const out = mkdtempSync(join(tmpdir(), "scan-keys-types-"));
  try {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const flags = ["--declaration", "--emitDeclarationOnly", "--outDir", out, "--rootDir", "src", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--strict", "--skipLibCheck", "--types", "node"];
    execFileSync(process.execPath, [tsc, "--ignoreConfig", "src/api.ts", "src/virtual-modules.d.ts", ...flags], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    const types = readFileSync(join(out, "api.d.ts"), "utf8");
    if (/^\s*import\b|from "\./m.test(types)) throw new Error("dist/api.d.ts imports another file; spell the public types out in src/api.ts");
    writeFileSync(join(root, "dist/api.d.ts"), types);
    writeFileSync(join(root, "dist/api.d.mts"), types);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

try {
  await build({ ...common, entryPoints: [join(root, "src/cli.ts")], outfile: join(root, "dist/main.js"), plugins: [builtinRulesPlugin, yargsApart] });
  // dist/main.js is never run directly (dist/cli.js loads it), and a
  // hashbang line is not valid inside the module wrapper src/startup/loader.ts compiles.
  const main = readFileSync(join(root, "dist/main.js"), "utf8").replace(/^#!.*\n/, "");
  writeFileSync(join(root, "dist/main.js"), main, { mode: 0o644 });
  // dist/cli.js, the bin: src/startup/loader.ts, which loads dist/main.js through a
  // V8 code cache; the bundle's hash names the cache file.
  const mainHash = hashOf(main);
  // re2js, a file of its own (src/engine/re2js.ts), loaded on the first regex through a code cache of its own.
  await build({ ...common, stdin: { contents: 'module.exports = require("re2js");', resolveDir: root, loader: "js" }, outfile: join(root, "dist/re2.js") });
  const re2Hash = hashOf(readFileSync(join(root, "dist/re2.js")));
  // micromatch, for the user's globs only (src/commands/ruleset.ts): the installed package has no node_modules to require it from.
  await build({ ...common, stdin: { contents: 'module.exports = require("micromatch");', resolveDir: root, loader: "js" }, outfile: join(root, "dist/micromatch.js") });
  // The generic judge's token counter (src/startup/tokenizer.ts, src/startup/bpe.ts): its
  // ~0.8 MB rank table is a file of its own, read (through a code cache of its
  // own) only when a generic candidate needs judging, so the hook's start-up
  // never parses it and the installed package needs no runtime dependency.
  await build({
    ...common,
    stdin: { contents: tokenizerModule(), resolveDir: root, loader: "js" },
    outfile: join(root, "dist/tokenizer.js"),
  });
  const tokenizerHash = hashOf(readFileSync(join(root, "dist/tokenizer.js")));
  await build({
    ...common,
    entryPoints: [join(root, "src/startup/loader.ts")],
    outfile: join(root, "dist/cli.js"),
    define: {
      ...common.define,
      __SCAN_KEYS_MAIN_HASH__: JSON.stringify(mainHash),
      __SCAN_KEYS_RE2_HASH__: JSON.stringify(re2Hash),
      __SCAN_KEYS_TOKENIZER_HASH__: JSON.stringify(tokenizerHash),
    },
    banner: { js: "#!/usr/bin/env node" },
  });
  chmodSync(join(root, "dist/cli.js"), 0o755);
  await build({ ...common, entryPoints: [join(root, "src/cli-yargs.ts")], outfile: join(root, "dist/cli-yargs.js"), plugins: [builtinRulesPlugin] });
  await buildApi();
  // The WASM regex engine (src/commands/wasm-engine.ts), committed as wasm/build.sh made it: beside the bundle.
  copyFileSync(join(root, "wasm/scan-keys-regex.wasm"), join(root, "dist/regex.wasm"));
  chmodSync(join(root, "dist/regex.wasm"), 0o644);
  // The package is "type": "module"; this marks the bundle as CommonJS.
  writeFileSync(join(root, "dist/package.json"), '{ "type": "commonjs" }\n');
  // The built-in rules' specs, read by the bundles when a rule is first used (scripts/rule-files.mjs).
  writeFileSync(join(root, "dist", SPECS_FILE), ruleSpecs);
  // The config's JSON Schema, with this build's rule ids (scripts/config-schema.mjs).
  const ruleIds = readRuleFiles(join(root, "rules")).flatMap((f) => f.rules.map((r) => r.id));
  writeFileSync(join(root, "dist/scan-keys.schema.json"), `${JSON.stringify(configSchema(ruleIds), null, 2)}\n`);
  rmSync(join(root, "dist/chunks"), { recursive: true, force: true }); // left by older ESM builds
} catch (err) {
  console.error(`build failed: ${err.message.split("\n")[0]}`);
  process.exit(1);
}
