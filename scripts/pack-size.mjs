// Prints what `npm pack` would publish: each file, the tarball's size and
// the unpacked size; exits 1 when the package holds a file it should not
// (the package is the built dist/, the rules, README, LICENSE and
// package.json, the library's entry and types, CHANGELOG and SECURITY,
// nothing else). Runs the build first unless --no-build says dist/ is fresh
// (npm pack's "prepack" would build too; --ignore-scripts keeps this run to what it was asked).
// Usage: node scripts/pack-size.mjs [--json] [--no-build]
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALLOWED } from "./package-files.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");


const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (!process.argv.includes("--no-build")) execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
const [info] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
const stray = info.files.map((f) => f.path).filter((p) => !ALLOWED.some((re) => re.test(p)));
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ filename: info.filename, size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path), stray }));
} else {
  for (const f of info.files) console.log(`  ${kb(f.size).padStart(10)}  ${f.path}`);
  console.log(`${info.filename}: ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked, ${info.files.length} files`);
  if (stray.length) console.log(`not meant for the package: ${stray.join(", ")}`);
}
process.exitCode = stray.length ? 1 : 0;
