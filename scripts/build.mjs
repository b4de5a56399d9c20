// Bundles the CLI into dist/ with esbuild. One bundle loads far faster than
// hundreds of node_modules files, and start-up is what a pre-commit hook pays
// on every commit. Heavy, rarely needed modules (yargs, simple-git, TOML) are
// dynamic imports, so they become separate chunks loaded only when used.
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readRuleFiles, VIRTUAL_ID } from "./rule-files.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Read the rules once up front: a broken rule file fails the build with one
// clear line naming the file and line, before esbuild wraps the error.
let ruleFiles;
try {
  ruleFiles = readRuleFiles(join(root, "rules"));
} catch (err) {
  console.error(`build failed: ${err.message}`);
  process.exit(1);
}

const builtinRules = {
  name: "builtin-rules",
  setup(b) {
    b.onResolve({ filter: /^virtual:builtin-rules$/ }, () => ({ path: VIRTUAL_ID, namespace: "rules" }));
    b.onLoad({ filter: /.*/, namespace: "rules" }, () => ({
      contents: `export default ${JSON.stringify(ruleFiles)};`,
      loader: "js",
      watchDirs: [join(root, "rules")],
    }));
  },
};

try {
  const result = await build({
    entryPoints: { cli: join(root, "src/cli.ts") },
    outdir: join(root, "dist"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify: !process.env.SCAN_KEYS_DEBUG_BUILD,
    sourcemap: false,
    legalComments: "none",
    chunkNames: "chunks/[name]-[hash]",
    // CommonJS dependencies bundled into ESM still call require().
    banner: { js: 'import{createRequire as __scanKeysRequire}from"node:module";const require=__scanKeysRequire(import.meta.url);' },
    plugins: [builtinRules],
    logLevel: "warning",
    metafile: true,
  });
  // Remove chunks of earlier builds only now, so a CLI already running (a
  // test, a hook) never finds dist/ half empty.
  const fresh = new Set(Object.keys(result.metafile.outputs).map((p) => p.split("/").pop()));
  const chunks = join(root, "dist/chunks");
  for (const f of readdirSync(chunks)) if (!fresh.has(f)) rmSync(join(chunks, f), { force: true });
} catch (err) {
  console.error(`build failed: ${err.message.split("\n")[0]}`);
  process.exit(1);
}
