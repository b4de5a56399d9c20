// Bundles the CLI into dist/main.js (loaded by dist/cli.js) with esbuild. One file loads far faster
// than hundreds of node_modules files, and start-up is what a pre-commit hook
// pays on every commit. CommonJS, not ESM: node starts a CommonJS file ~10 ms
// sooner (no ESM loader). Modules the code loads with import() (yargs, the
// CI reporters, TOML) are wrapped by esbuild in lazy initialisers: parsed
// with the bundle but only run when a command needs them. The yargs side of
// the CLI (help, sub-commands, error messages; a third of the code) is a
// second file, dist/cli-yargs.js, so a plain scan does not even parse it.
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { builtinRulesModule, VIRTUAL_ID } from "./rule-files.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Read the rules once up front: a broken rule file fails the build with one
// clear line naming the file and line, before esbuild wraps the error.
let rulesModule;
try {
  rulesModule = builtinRulesModule(join(root, "rules"), { forCli: true });
} catch (err) {
  console.error(`build failed: ${err.message}`);
  process.exit(1);
}

const builtinRules = {
  name: "builtin-rules",
  setup(b) {
    b.onResolve({ filter: /^virtual:builtin-rules$/ }, () => ({ path: VIRTUAL_ID, namespace: "rules" }));
    b.onLoad({ filter: /.*/, namespace: "rules" }, () => ({ contents: rulesModule, loader: "js" }));
  },
};

// In dist/cli.js, the import of ./cli-yargs.js stays a require() of the second file.
const yargsApart = {
  name: "yargs-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/cli-yargs\.js$/ }, () => ({ path: "./cli-yargs.js", external: true }));
  },
};

// dist/cli.js, the bin, is a loader: it turns on Node's compile cache (22.1+)
// before loading the bundle, so V8 reuses the bundle's compiled code instead
// of compiling ~450 KB on every commit (measured on Node 22 and 24: ~10% of
// a staged scan). Older Node just loads the bundle. The cache lives where
// Node puts it (NODE_COMPILE_CACHE, else the temp dir); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const LOADER = `#!/usr/bin/env node
"use strict";
try { require("node:module").enableCompileCache?.(); } catch {}
require("./main.js");
`;

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: !process.env.SCAN_KEYS_DEBUG_BUILD,
  sourcemap: false,
  legalComments: "none",
  // ESM-only dependencies (yargs) ask import.meta.url where they live.
  define: { "import.meta.url": "__scanKeysUrl", __SCAN_KEYS_TOKENIZER__: JSON.stringify("./tokenizer.js") },
  banner: { js: 'var __scanKeysUrl=require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
};

try {
  await build({ ...common, entryPoints: [join(root, "src/cli.ts")], outfile: join(root, "dist/main.js"), plugins: [builtinRules, yargsApart] });
  writeFileSync(join(root, "dist/cli.js"), LOADER, { mode: 0o755 });
  await build({ ...common, entryPoints: [join(root, "src/cli-yargs.ts")], outfile: join(root, "dist/cli-yargs.js"), plugins: [builtinRules] });
  // The generic judge's BPE tokenizer (src/tokenizer.ts): its ~1 MB rank
  // table is a file of its own, read only when a generic candidate needs
  // judging, so the hook's start-up never parses it and the installed
  // package needs no runtime dependency.
  await build({
    ...common,
    stdin: { contents: 'module.exports = require("gpt-tokenizer/encoding/cl100k_base");', resolveDir: root, loader: "js" },
    outfile: join(root, "dist/tokenizer.js"),
  });
  // The package is "type": "module"; this marks the bundle as CommonJS.
  writeFileSync(join(root, "dist/package.json"), '{ "type": "commonjs" }\n');
  rmSync(join(root, "dist/chunks"), { recursive: true, force: true }); // left by older ESM builds
} catch (err) {
  console.error(`build failed: ${err.message.split("\n")[0]}`);
  process.exit(1);
}
