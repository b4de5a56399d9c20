// Prints what `npm pack` would publish: each file, the tarball's size and
// the unpacked size; exits 1 when the package holds a file it should not
// (the package is the built dist/, the rules, README, LICENSE and
// package.json, nothing else). Runs the build first (npm pack's "prepare")
// unless --no-build says dist/ is fresh.
// Usage: node scripts/pack-size.mjs [--json] [--no-build]
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The files a published scan-keys may hold. */
export const ALLOWED = [/^dist\/(cli|main|cli-yargs|tokenizer|re2)\.js$/, /^dist\/(package|rule-specs|scan-keys\.schema)\.json$/, /^rules\/[\w-]+\.toml$/, /^rules\/README\.md$/, /^README\.md$/, /^LICENSE$/, /^package\.json$/];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const [info] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error", ...(process.argv.includes("--no-build") ? ["--ignore-scripts"] : [])], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
const stray = info.files.map((f) => f.path).filter((p) => !ALLOWED.some((re) => re.test(p)));
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ filename: info.filename, size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path), stray }));
} else {
  for (const f of info.files) console.log(`  ${kb(f.size).padStart(10)}  ${f.path}`);
  console.log(`${info.filename}: ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked, ${info.files.length} files`);
  if (stray.length) console.log(`not meant for the package: ${stray.join(", ")}`);
}
process.exitCode = stray.length ? 1 : 0;
